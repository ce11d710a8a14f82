"""Event handlers with typed payloads: each reads only the fields it declares.

A service's ``events/incoming.py`` has one function returning ``{event type: [handlers]}``;
one event may have several handlers, each with its own inbox row, so each runs exactly
once however often the event is delivered. A handler is a plain function taking the
:class:`Payload` it declares and the :class:`Delivery` (the consumer's transaction and the
envelope), plus the dependencies :func:`on` binds::

    class LeadCaptured(Payload):          # only what this consumer reads
        submission_id: str = ""
        email: str | None = None

    def capture_lead(event: LeadCaptured, delivery: Delivery, *, app: Sales) -> None: ...

    def handlers(app: Sales) -> dict[str, list[EventHandler]]:
        return {"marketing.lead.captured.v1": [on(capture_lead, app=app)]}

Tolerant reader: unknown fields are ignored and every field has a default, so a producer
may add fields without breaking consumers. A payload that cannot be read at all (a field
of the wrong type) will never be readable: it is parked at once, not retried.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from crm_chassis.events.envelope import Envelope, MalformedEvent


class Payload(BaseModel):
    """What one consumer reads of an event's ``data`` (unknown fields ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class UnreadablePayload(MalformedEvent):
    """The event's data does not fit the payload its handler declares."""


@dataclass(frozen=True)
class Delivery:
    """One event as a handler sees it: the consumer's transaction and the envelope."""

    session: Session
    envelope: Envelope

    @property
    def event_id(self) -> str:
        return self.envelope.id

    @property
    def subject(self) -> str:
        return self.envelope.subject


@dataclass(frozen=True)
class EventHandler:
    """A named handler: its name keys its inbox rows, so keep it stable."""

    name: str
    fn: Callable[..., Any]
    payload: type[Payload] | None = None
    bound: dict[str, Any] = field(default_factory=dict)

    def __call__(self, session: Session, envelope: Envelope) -> Any:
        delivery = Delivery(session, envelope)
        if self.payload is None:
            return self.fn(delivery, **self.bound)
        try:
            data = self.payload.model_validate(envelope.data)
        except ValidationError as exc:
            raise UnreadablePayload(
                f"{envelope.type} does not fit {self.payload.__name__}: "
                f"{exc.errors(include_url=False)[:3]}"
            ) from None
        return self.fn(data, delivery, **self.bound)


def _payload_type(fn: Callable[..., Any]) -> type[Payload] | None:
    first = next(iter(inspect.signature(fn).parameters), None)
    if first is None:
        raise TypeError(f"{fn.__name__} takes no event")
    hint = typing.get_type_hints(fn).get(first)
    if isinstance(hint, type) and issubclass(hint, Payload):
        return hint
    if hint is Delivery:
        return None
    raise TypeError(f"{fn.__name__}: annotate its first parameter with a Payload or Delivery")


def on(fn: Callable[..., Any], *, name: str | None = None, **bound: Any) -> EventHandler:
    """Wrap ``fn`` as a handler; ``bound`` are the dependencies passed to it by keyword."""
    return EventHandler(name=name or fn.__name__, fn=fn, payload=_payload_type(fn), bound=bound)
