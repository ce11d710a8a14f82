"""``crmctl events parked`` against a real RabbitMQ vhost: list, show, purge, replay."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pika
import pytest

from crm_chassis.events.topology import events_queue, parking_queue

SERVICE = "contacts"


@pytest.fixture
def parked(amqp_vhost_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[pika.channel.Channel]:
    """contacts' parking queue holding three messages (p-1, p-2, p-3); the queues deleted
    after, since the session's vhost is shared: contacts' own migration declares them later
    with its real arguments, which a leftover queue would contradict (406)."""
    monkeypatch.setenv("CONTACTS_AMQP_URL", amqp_vhost_url)
    connection = pika.BlockingConnection(pika.URLParameters(amqp_vhost_url))
    channel = connection.channel()
    for queue in (parking_queue(SERVICE), events_queue(SERVICE)):
        channel.queue_declare(queue, durable=True, arguments={"x-queue-type": "quorum"})
        channel.queue_purge(queue)
    for n in (1, 2, 3):
        body = json.dumps({"id": f"p-{n}", "type": "sales.lead.converted.v1", "data": {}})
        channel.basic_publish(
            "",
            parking_queue(SERVICE),
            body,
            pika.BasicProperties(
                message_id=f"p-{n}",
                type="sales.lead.converted.v1",
                headers={"x-error": f"boom {n}", "x-attempt": 4},
            ),
        )
    yield channel
    for queue in (parking_queue(SERVICE), events_queue(SERVICE)):
        channel.queue_delete(queue)
    connection.close()


def _ids(run) -> list[str]:
    listed = run("--json", "events", "parked", "list", "--service", SERVICE)
    assert listed.exit_code == 0, listed.output
    return sorted(m["id"] for m in json.loads(listed.stdout))


def _count(channel, queue: str) -> int:
    return channel.queue_declare(queue, passive=True).method.message_count


def test_list_show_purge_and_replay(run, parked) -> None:
    assert _ids(run) == ["p-1", "p-2", "p-3"]  # listing consumes nothing
    shown = run("events", "parked", "show", "p-2", "--service", SERVICE)
    assert shown.exit_code == 0 and json.loads(shown.stdout)["headers"]["x-error"] == "boom 2"

    kept = run("events", "parked", "purge", "p-1", "--service", SERVICE, input="n\n")
    assert kept.exit_code == 1 and _ids(run) == ["p-1", "p-2", "p-3"]
    purged = run("events", "parked", "purge", "p-1", "--service", SERVICE, input="y\n")
    assert purged.exit_code == 0 and "purged 1" in purged.output
    assert _ids(run) == ["p-2", "p-3"]

    replayed = run("events", "parked", "replay", "p-2", "--service", SERVICE)
    assert replayed.exit_code == 0 and "replayed 1" in replayed.output
    assert _ids(run) == ["p-3"] and _count(parked, events_queue(SERVICE)) == 1

    everything = run("--json", "events", "parked", "purge", "--all", "--service", SERVICE, "--yes")
    assert everything.exit_code == 0 and json.loads(everything.stdout) == {"purged": 1}
    assert _ids(run) == []


def test_an_unknown_id_and_a_missing_target(run, parked) -> None:
    assert run("events", "parked", "show", "nope", "--service", SERVICE).exit_code == 1
    assert run("events", "parked", "purge", "nope", "--service", SERVICE, "--yes").exit_code == 1
    neither = run("events", "parked", "purge", "--service", SERVICE, "--yes")
    assert neither.exit_code == 2 and "EVENT_ID or --all" in neither.output
    declined = run("events", "parked", "replay", "--all", "--service", SERVICE, input="n\n")
    assert declined.exit_code == 1 and "Replay every parked message" in declined.output
    assert _ids(run) == ["p-1", "p-2", "p-3"]
