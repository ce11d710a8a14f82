"""Match event types against handler keys (exact types or topic binding patterns).

Handlers come as ``{key: [handlers]}`` (key an event type or a topic pattern); each handler
has its own inbox name, ``<key>#<handler name>``, so several handlers of one event each run
exactly once. The older form ``{key: handler}`` names the handler's inbox rows by the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeAlias

from sqlalchemy.orm import Session

from crm_chassis.events.envelope import Envelope

Handler = Callable[[Session, Envelope], Any]
Handlers: TypeAlias = Mapping[str, Sequence[Handler]] | Mapping[str, Handler]


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


def inbox_name(key: str, handler: Handler) -> str:
    """The name a handler's inbox rows carry: stable while the key and its name are."""
    name = getattr(handler, "name", None) or getattr(handler, "__name__", "handler")
    return f"{key}#{name}"


def named_handlers(handlers: Handlers) -> list[tuple[str, str, Handler]]:
    """Flatten ``handlers`` into (key, inbox name, handler), refusing two of one name."""
    out: list[tuple[str, str, Handler]] = []
    for key, value in sorted(handlers.items()):
        if callable(value):
            out.append((key, key, value))
            continue
        for handler in value:
            out.append((key, inbox_name(key, handler), handler))
    names = [name for _, name, _ in out]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"handlers share inbox names: {sorted(duplicates)}")
    return out


def handlers_for(handlers: Handlers, event_type: str) -> list[tuple[str, Handler]]:
    """Return the (inbox name, handler) pairs that take ``event_type``, in key order.

    The inbox name must stay stable: renaming it makes already-handled events look new.
    """
    return [
        (name, fn) for key, name, fn in named_handlers(handlers) if topic_matches(key, event_type)
    ]
