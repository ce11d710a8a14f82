"""Exchange, queues and bindings of the event bus (RabbitMQ 3.10).

Per consuming service::

    crm.events (topic) --[routing keys it handles]--> <service>.events   (quorum)
    <service>.events   --x-delivery-limit exceeded--> <service>.parking  (quorum)
    consumer, handler failed  --> <service>.retry.<ms>ms (quorum, TTL) --TTL--> <service>.events
    consumer, last tier failed or malformed body --> <service>.parking

Retry tiers dead-letter through the default exchange ``""`` straight to the service's own
queue: going back through the topic exchange would hand the retry to every subscriber.

Queue arguments are fixed at declaration and the broker refuses (406) to redeclare a
queue with different ones. So whatever may change lives in the *name*: a retry tier is
named by its delay (``contacts.retry.5000ms``), and a new delay list declares new tiers
(old ones drain and can be deleted by an operator). The delivery limit of
``<service>.events`` is the one argument that cannot move without an operator: changing
it means deleting the queue or setting a policy (policies override arguments).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

EXCHANGE_TYPE = "topic"
#: Deliveries of one message (crashes, nacks) before the broker parks it on its own.
DEFAULT_DELIVERY_LIMIT = 5


def events_queue(service: str) -> str:
    return f"{service}.events"


def parking_queue(service: str) -> str:
    return f"{service}.parking"


def retry_queue(service: str, delay_seconds: float) -> str:
    return f"{service}.retry.{delay_ms(delay_seconds)}ms"


def delay_ms(delay_seconds: float) -> int:
    return max(1, round(delay_seconds * 1000))


def declare_exchange(channel: Any, exchange: str) -> None:
    """Declare the durable topic exchange for domain events."""
    channel.exchange_declare(exchange=exchange, exchange_type=EXCHANGE_TYPE, durable=True)


def _quorum(**extra: Any) -> dict[str, Any]:
    return {"x-queue-type": "quorum", **extra}


def _dead_letter_to(queue: str) -> dict[str, Any]:
    # At-least-once dead-lettering (3.10+) needs reject-publish overflow; without it a
    # broker failure between the two queues could drop the message.
    return {
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": queue,
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }


def declare_service_queues(
    channel: Any,
    service: str,
    exchange: str,
    routing_keys: Iterable[str],
    retry_delays: Sequence[float],
    *,
    delivery_limit: int = DEFAULT_DELIVERY_LIMIT,
) -> None:
    """Declare a consuming service's queue, retry tiers and parking queue, and bind it."""
    declare_exchange(channel, exchange)
    channel.queue_declare(queue=parking_queue(service), durable=True, arguments=_quorum())
    channel.queue_declare(
        queue=events_queue(service),
        durable=True,
        arguments=_quorum(
            **{"x-delivery-limit": delivery_limit}, **_dead_letter_to(parking_queue(service))
        ),
    )
    for delay in sorted(set(retry_delays)):
        channel.queue_declare(
            queue=retry_queue(service, delay),
            durable=True,
            arguments=_quorum(
                **{"x-message-ttl": delay_ms(delay)}, **_dead_letter_to(events_queue(service))
            ),
        )
    # Bindings are additive; a key removed from the handlers stays bound until an operator
    # unbinds it (the consumer acks and logs the events it no longer handles).
    for key in sorted(set(routing_keys)):
        channel.queue_bind(queue=events_queue(service), exchange=exchange, routing_key=key)
