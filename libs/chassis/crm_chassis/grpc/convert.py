"""Conversions between Python values and proto3 fields, shared by every service's gRPC API
and outgoing events.

Proto3 scalars have no null: an absent string is ``""``, so optional values go out as
``""`` (:func:`text`) and come back as ``None`` (:func:`optional_uuid`, :func:`page_token`).
Times are ``google.protobuf.Timestamp`` in UTC; money and quantities travel as Decimal
strings (``str(Decimal)``), which :func:`text` produces. Request parsing raises the chassis's
AppErrors (``BadRequest`` unless the caller names another kind), which the server
interceptor maps to ``INVALID_ARGUMENT``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from google.protobuf.timestamp_pb2 import Timestamp

from crm_chassis.errors import AppError, BadRequest, FieldError

T = TypeVar("T")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def timestamp(moment: datetime) -> Timestamp:
    """Return ``moment`` as a protobuf Timestamp (a naive datetime is taken as UTC)."""
    # Integer arithmetic on the timedelta, not Timestamp.FromDatetime (a time tuple, timegm
    # and a range check in Python): a batch of 100 accounts converts 200 of these.
    # Every datetime (years 1-9999) is inside Timestamp's range, so nothing is lost.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return Timestamp(seconds=delta.days * 86400 + delta.seconds, nanos=delta.microseconds * 1000)


def optional_timestamp(moment: datetime | None) -> Timestamp | None:
    """Return ``moment`` as a Timestamp, or None (the field stays unset) when it is None."""
    return None if moment is None else timestamp(moment)


def optional_datetime(message: Any, field: str) -> datetime | None:
    """Return the Timestamp field ``field`` of ``message`` as an aware UTC datetime, or None
    when it is unset."""
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=UTC)


def text(value: object) -> str:
    """Return ``value`` as a proto3 string: None becomes ``""``, Decimals their exact digits."""
    return "" if value is None else str(value)


def parse_uuid(field: str, value: str, *, error: type[AppError] = BadRequest) -> UUID:
    """Parse the id in request field ``field``; anything but a UUID is an ``error``."""
    try:
        return UUID(value)
    except ValueError:
        raise error(
            f"'{value}' is not a valid id.", errors=[FieldError(field, "must be a UUID")]
        ) from None


def optional_uuid(field: str, value: str, *, error: type[AppError] = BadRequest) -> UUID | None:
    """Parse an optional id: ``""`` (unset) is None."""
    return parse_uuid(field, value, error=error) if value else None


def parse_ids(
    values: Sequence[str], max_batch: int, *, error: type[AppError] = BadRequest
) -> list[UUID]:
    """Parse the ``ids`` of a batch request, at most ``max_batch`` of them."""
    if len(values) > max_batch:
        raise error(
            f"At most {max_batch} ids per call.",
            errors=[FieldError("ids", f"at most {max_batch}")],
        )
    return [parse_uuid("ids", v, error=error) for v in values]


def page_size(value: int, default: int, maximum: int) -> int:
    """Return the requested page size: 0 (unset) is ``default``; 1..``maximum`` otherwise."""
    if value == 0:
        return default
    if not 1 <= value <= maximum:
        raise BadRequest(
            f"page_size must be 1..{maximum}.",
            errors=[FieldError("page_size", f"must be between 1 and {maximum}")],
        )
    return value


def page_token(request: Any) -> str | None:
    """Return the request's ``page_token`` as a keyset cursor (None for the first page)."""
    return request.page_token or None


def next_page_token(cursor: str | None) -> str:
    """Return the cursor of the next page as ``next_page_token`` (``""`` on the last page)."""
    return cursor or ""


def in_request_order(ids: Sequence[UUID], found: Iterable[T]) -> tuple[list[T], list[str]]:
    """Return the records of a batch get in the order of ``ids``, and the ids not found
    (once each, as strings). Records are matched on their ``id`` attribute."""
    order = {i: n for n, i in enumerate(ids)}
    records = sorted(found, key=lambda x: order[x.id])  # type: ignore[attr-defined]
    have = {x.id for x in records}  # type: ignore[attr-defined]
    return records, list(dict.fromkeys(str(i) for i in ids if i not in have))


def redact(messages: Iterable[Any], hidden: Collection[str]) -> None:
    """Clear, in place, the fields the caller may not see (field access) on each message."""
    if not hidden:
        return
    for msg in messages:
        for name in hidden:
            if name in msg.DESCRIPTOR.fields_by_name:
                msg.ClearField(name)
