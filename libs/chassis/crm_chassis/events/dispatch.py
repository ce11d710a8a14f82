"""Match event types against handler keys (exact types or topic binding patterns)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from crm_chassis.events.envelope import Envelope

Handler = Callable[[Session, Envelope], Any]


def topic_matches(pattern: str, routing_key: str) -> bool:
    """Return whether an AMQP topic pattern (``*`` one word, ``#`` any words) matches."""
    return _match(pattern.split("."), routing_key.split("."))


def _match(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    if not words:
        return False
    return (head == "*" or head == words[0]) and _match(rest, words[1:])


def handlers_for(handlers: Mapping[str, Handler], event_type: str) -> list[tuple[str, Handler]]:
    """Return the (key, handler) pairs that take ``event_type``, in key order.

    The key doubles as the handler's name in the inbox, so it must stay stable: renaming
    a key makes already-handled events look new to it.
    """
    return [(key, fn) for key, fn in sorted(handlers.items()) if topic_matches(key, event_type)]
