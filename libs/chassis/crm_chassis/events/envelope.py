"""The event envelope: what every integration event looks like on the wire.

The JSON body is the envelope itself, payload under ``data``::

    {"id": "...", "type": "sales.lead.converted.v1", "source": "sales",
     "time": "2026-01-01T12:00:00.000000Z", "subject": "<lead id>",
     "correlation_id": "...", "causation_id": "...", "traceparent": "00-...",
     "data": {...}}

The same facts travel as AMQP properties (``message_id``, ``type``) and headers
(``traceparent``, ``correlation_id``, ``x-attempt``) so that operators and tools can route
and inspect without parsing bodies. The body stays the source of truth: a consumer reads
the envelope from the body, never from properties that a dead-letter hop may rewrite.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from google.protobuf.json_format import ParseDict
from google.protobuf.message import Message

from crm_chassis.events.payload import message_dict

M = TypeVar("M", bound=Message)

#: ``<service>.<aggregate>.<event>.v<N>``; the aggregate and event may contain underscores.
TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.v[1-9][0-9]*$")

CONTENT_TYPE = "application/json"
ATTEMPT_HEADER = "x-attempt"
#: Headers the broker adds on dead-lettering; dropped from copies so they do not grow.
_BROKER_HEADERS = (
    "x-death",
    "x-first-death-exchange",
    "x-first-death-queue",
    "x-first-death-reason",
    "x-last-death-exchange",
    "x-last-death-queue",
    "x-last-death-reason",
    "x-delivery-count",
)


class MalformedEvent(ValueError):
    """A message body that is not a valid envelope (it is parked, never retried)."""


def format_time(moment: datetime) -> str:
    """Return an aware datetime as RFC 3339 in UTC with a ``Z`` suffix."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to an event envelope")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def payload_dict(data: dict[str, Any] | Message | None) -> dict[str, Any]:
    """Turn a payload (dict or protobuf message) into the JSON-ready ``data`` dict."""
    if data is None:
        return {}
    if isinstance(data, Message):
        # What MessageToDict(data, preserving_proto_field_name=True) gives, from cached
        # per-type plans (payload.py): an import builds tens of thousands of these.
        return message_dict(data)
    if isinstance(data, dict):
        return dict(data)
    raise TypeError(f"event data must be a dict or a protobuf message, not {type(data)!r}")


@dataclass(frozen=True)
class Envelope:
    """One integration event: identity, origin, causality and its payload."""

    id: str
    type: str
    source: str
    time: str
    subject: str
    correlation_id: str | None = None
    causation_id: str | None = None
    traceparent: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        type: str,
        source: str,
        subject: str,
        data: dict[str, Any] | Message | None = None,
        id: str | None = None,
        time: datetime | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        traceparent: str | None = None,
    ) -> Envelope:
        """Build a new envelope; ``data`` may be a dict or a protobuf message."""
        if not TYPE_PATTERN.match(type):
            raise ValueError(f"event type {type!r} is not <service>.<aggregate>.<event>.v<N>")
        event_id = id or str(uuid.uuid4())
        return cls(
            id=event_id,
            type=type,
            source=source,
            time=format_time(time or datetime.now(UTC)),
            subject=str(subject),
            correlation_id=correlation_id or event_id,
            causation_id=causation_id,
            traceparent=traceparent,
            data=payload_dict(data),
        )

    # -- wire format ------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "source": self.source,
            "time": self.time,
            "subject": self.subject,
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "traceparent": self.traceparent,
            "data": self.data,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"), sort_keys=True)

    def body(self) -> bytes:
        return self.to_json().encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes | str) -> Envelope:
        """Read an envelope from a message body; raise MalformedEvent if it is not one."""
        try:
            doc = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedEvent(f"body is not JSON: {exc}") from exc
        if not isinstance(doc, dict):
            raise MalformedEvent("body is not a JSON object")
        missing = [k for k in ("id", "type", "source", "time", "subject") if not doc.get(k)]
        if missing:
            raise MalformedEvent(f"envelope lacks {', '.join(missing)}")
        data = doc.get("data") or {}
        if not isinstance(data, dict):
            raise MalformedEvent("envelope data is not an object")
        strings = ("correlation_id", "causation_id", "traceparent")
        # Unknown top-level keys are ignored: a newer producer may add envelope fields.
        return cls(
            id=str(doc["id"]),
            type=str(doc["type"]),
            source=str(doc["source"]),
            time=str(doc["time"]),
            subject=str(doc["subject"]),
            data=data,
            **{k: (str(doc[k]) if doc.get(k) is not None else None) for k in strings},
        )

    def properties(self, *, attempt: int = 1, headers: dict[str, Any] | None = None) -> Any:
        """Return the AMQP basic properties that carry this envelope (persistent)."""
        all_headers: dict[str, Any] = {
            "traceparent": self.traceparent,
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "source": self.source,
            ATTEMPT_HEADER: attempt,
        }
        all_headers.update(headers or {})
        from pika import BasicProperties  # only roles that publish pay for pika

        return BasicProperties(
            message_id=self.id,
            type=self.type,
            content_type=CONTENT_TYPE,
            delivery_mode=2,
            correlation_id=self.correlation_id,
            app_id=self.source,
            headers={k: v for k, v in all_headers.items() if v is not None},
        )

    # -- payload ----------------------------------------------------------------------------

    def parse(self, message_cls: type[M]) -> M:
        """Read ``data`` into a protobuf message, ignoring fields this reader does not know."""
        return ParseDict(self.data, message_cls(), ignore_unknown_fields=True)


def copy_properties(properties: Any, headers: Mapping[str, Any]) -> Any:
    """Return persistent properties like ``properties`` with ``headers`` merged in."""
    merged = {k: v for k, v in (properties.headers or {}).items() if k not in _BROKER_HEADERS}
    merged.update(headers)
    from pika import BasicProperties

    return BasicProperties(
        message_id=properties.message_id,
        type=properties.type,
        content_type=properties.content_type or "application/json",
        delivery_mode=2,
        correlation_id=properties.correlation_id,
        app_id=properties.app_id,
        timestamp=properties.timestamp,
        headers={k: v for k, v in merged.items() if v is not None},
    )
