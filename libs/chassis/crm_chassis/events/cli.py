"""``crm-events``: the operator's command for parked events.

    crm-events --amqp-url URL --service contacts parked list [--limit N] [--json]
    crm-events --amqp-url URL --service contacts parked show EVENT_ID
    crm-events --amqp-url URL --service contacts parked replay EVENT_ID
    crm-events --amqp-url URL --service contacts parked replay --all

``--amqp-url`` defaults to ``CRM_AMQP_URL``. Exit status 1 when nothing matched the id,
2 on usage errors, 3 when the broker or the queue is unreachable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict

import pika.exceptions

from crm_chassis.events.parking import ParkedMessage, ParkingLot


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm-events", description=__doc__.splitlines()[0])
    parser.add_argument("--amqp-url", default=os.environ.get("CRM_AMQP_URL"))
    parser.add_argument("--service", required=True, help="consuming service, e.g. contacts")
    groups = parser.add_subparsers(dest="group", required=True)
    parked = groups.add_parser("parked", help="messages in <service>.parking")
    commands = parked.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list parked messages without consuming them")
    listing.add_argument("--limit", type=int, default=100)
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    show = commands.add_parser("show", help="show a parked message: envelope and headers")
    show.add_argument("event_id")
    replay = commands.add_parser("replay", help="send parked messages back to <service>.events")
    target = replay.add_mutually_exclusive_group(required=True)
    target.add_argument("event_id", nargs="?")
    target.add_argument("--all", action="store_true", dest="everything")
    return parser


def _row(msg: ParkedMessage) -> str:
    error = msg.error.replace("\n", " ")
    if len(error) > 80:
        error = error[:77] + "..."
    return f"{msg.id:36}  {msg.type:40}  {msg.attempts:>8}  {msg.parked_at:32}  {error}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    args = build_parser().parse_args(argv)
    if not args.amqp_url:
        print("crm-events: --amqp-url or CRM_AMQP_URL is required", file=sys.stderr)
        return 2
    lot = ParkingLot(args.amqp_url, args.service)
    try:
        if args.command == "list":
            messages = lot.list(limit=args.limit)
            if args.json:
                for msg in messages:
                    print(json.dumps(asdict(msg), default=str))
            else:
                print(f"{'ID':36}  {'TYPE':40}  {'ATTEMPTS':>8}  {'PARKED AT':32}  ERROR")
                for msg in messages:
                    print(_row(msg))
            return 0
        if args.command == "show":
            found = lot.show(args.event_id)
            for msg in found:
                doc = {"envelope": msg.envelope(), "body": None if msg.envelope() else msg.body}
                doc["headers"] = msg.headers
                print(json.dumps(doc, indent=2, default=str))
            if not found:
                print(f"crm-events: no parked message {args.event_id}", file=sys.stderr)
            return 0 if found else 1
        count = lot.replay(args.event_id, everything=args.everything)
        print(f"replayed {count}")
        return 0 if count or args.everything else 1
    except pika.exceptions.ChannelClosedByBroker as exc:
        print(f"crm-events: {exc.reply_text}", file=sys.stderr)
        return 3
    except (pika.exceptions.AMQPError, OSError) as exc:
        print(f"crm-events: broker unreachable: {exc!r}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
