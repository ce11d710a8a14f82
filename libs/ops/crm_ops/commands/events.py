"""``crmctl events``: parked messages (the chassis' ParkingLot) and outbox re-publishing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, TypeVar

import click
import pika.exceptions

from crm_ops import outbox
from crm_ops.output import emit_json, emit_table, wants_json
from crm_ops.services import SERVICES, settings_of

T = TypeVar("T")

_service = click.option(
    "--service", "-s", required=True, type=click.Choice(SERVICES), help="The consuming service."
)
_json = click.option("--json", "as_json", is_flag=True, help="JSON output.")
_yes = click.option("--yes", "-y", is_flag=True, help="Do it without asking.")


@contextmanager
def _broker() -> Iterator[None]:
    """Turn broker failures into one line and exit status 3 (as ``crm-events``)."""
    try:
        yield
    except pika.exceptions.ChannelClosedByBroker as exc:
        click.echo(f"crmctl: {exc.reply_text}", err=True)
        raise SystemExit(3) from exc
    except (pika.exceptions.AMQPError, OSError) as exc:
        click.echo(f"crmctl: broker unreachable: {exc!r}", err=True)
        raise SystemExit(3) from exc


def _lot(service: str) -> Any:
    from crm_chassis.events.parking import ParkingLot

    return ParkingLot(settings_of(service).amqp_url, service)


def _run(call: Callable[[], T]) -> T:
    with _broker():
        return call()


def _target(event_id: str | None, everything: bool) -> None:
    if (event_id is None) == (not everything):
        raise click.UsageError("give one EVENT_ID or --all")


@click.group(help="Parked events and the outbox.")
def events() -> None:
    """Parked events and outbox re-publishing."""


@events.group(help="Messages a service's consumer gave up on (<service>.parking).")
def parked() -> None:
    """List, show, replay and purge parked messages."""


@parked.command("list", help="List parked messages without consuming them.")
@_service
@click.option("--limit", default=100, show_default=True)
@_json
@click.pass_context
def list_parked(ctx: click.Context, service: str, limit: int, as_json: bool) -> None:
    """Print the parked messages of SERVICE."""
    messages = _run(lambda: _lot(service).list(limit=limit))
    if wants_json(ctx):
        emit_json([{k: v for k, v in asdict(m).items() if k != "body"} for m in messages])
        return
    rows = [
        {
            "id": m.id,
            "type": m.type,
            "attempts": m.attempts,
            "parked_at": m.parked_at,
            "error": m.error.replace("\n", " ")[:80],
        }
        for m in messages
    ]
    emit_table(rows, ("id", "type", "attempts", "parked_at", "error"))


@parked.command("show", help="Show one parked message: envelope and headers.")
@_service
@click.argument("event_id")
def show_parked(service: str, event_id: str) -> None:
    """Exit status 1 when no parked message has this id."""
    found = _run(lambda: _lot(service).show(event_id))
    for msg in found:
        doc = {"envelope": msg.envelope(), "body": None if msg.envelope() else msg.body}
        doc["headers"] = msg.headers
        emit_json(doc)
    if not found:
        click.echo(f"crmctl: no parked message {event_id}", err=True)
        raise SystemExit(1)


@parked.command("replay", help="Send parked messages back to <service>.events.")
@_service
@click.argument("event_id", required=False)
@click.option("--all", "everything", is_flag=True, help="Every parked message.")
@_yes
@_json
@click.pass_context
def replay_parked(
    ctx: click.Context,
    service: str,
    event_id: str | None,
    everything: bool,
    yes: bool,
    as_json: bool,
) -> None:
    """Replaying everything asks first unless --yes."""
    _target(event_id, everything)
    if everything and not yes:
        click.confirm(f"Replay every parked message of {service}?", abort=True)
    count = _run(lambda: _lot(service).replay(event_id, everything=everything))
    _done(ctx, "replayed", count, required=not everything)


@parked.command("purge", help="Delete parked messages for good.")
@_service
@click.argument("event_id", required=False)
@click.option("--all", "everything", is_flag=True, help="Every parked message.")
@_yes
@_json
@click.pass_context
def purge_parked(
    ctx: click.Context,
    service: str,
    event_id: str | None,
    everything: bool,
    yes: bool,
    as_json: bool,
) -> None:
    """Asks first unless --yes."""
    _target(event_id, everything)
    what = "every parked message" if everything else f"parked message {event_id}"
    if not yes:
        click.confirm(f"Delete {what} of {service} for good?", abort=True)
    count = _run(lambda: _lot(service).purge(event_id, everything=everything))
    _done(ctx, "purged", count, required=not everything)


def _done(ctx: click.Context, verb: str, count: int, *, required: bool) -> None:
    if wants_json(ctx):
        emit_json({verb: count})
    else:
        click.echo(f"{verb} {count}")
    if required and not count:
        raise SystemExit(1)


@events.command(help="Publish an outbox event of SERVICE again (by its event id).")
@_service
@click.argument("event_id")
@_yes
@_json
@click.pass_context
def republish(ctx: click.Context, service: str, event_id: str, yes: bool, as_json: bool) -> None:
    """Mark the row unpublished; the service's relay publishes it again (consumers dedupe)."""
    url = settings_of(service).sqlalchemy_url()
    row = outbox.find(url, event_id)
    if row is None:
        click.echo(f"crmctl: no outbox event {event_id} in {service}", err=True)
        raise SystemExit(1)
    if not yes:
        click.confirm(f"Publish {row['type']} {event_id} of {service} again?", abort=True)
    outbox.republish(url, event_id)
    if wants_json(ctx):
        emit_json({"republished": event_id, "type": row["type"]})
    else:
        click.echo(f"republished {event_id} ({row['type']})")
