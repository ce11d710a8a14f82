"""Parts every sales schema uses: amounts, money, addresses, list parameters, records.

Amounts are decimal strings ("1250.00"); JSON numbers are accepted for quantities and
percentages and read exactly as written (the domain checks them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from crm_access import FieldAccess
from crm_chassis.fields import Address
from crm_chassis.http import ListQuery, Schema
from crm_chassis.pagination import ListParams

DECIMAL = r"^-?[0-9]{1,16}(\.[0-9]{1,6})?$"
LIST_FIELDS = frozenset(ListQuery.model_fields)


class Body(Schema):
    """A request body that knows which fields the client sent (a PATCH changes only those)."""

    @property
    def sent(self) -> frozenset[str]:
        return frozenset(self.model_fields_set)


class Record(Schema):
    """A record as the API answers it.

    Every field has a default because field access may hide any of them from a caller: a
    hidden field is left out of the answer, never sent as null. ``Field(None)`` marks the
    fields that are never null when they are shown.
    """


def money(amount: Decimal | None, currency: str | None) -> dict[str, Any] | None:
    return None if amount is None else {"amount": amount, "currency": currency or "EUR"}


def record(
    obj: object, schema: type[BaseModel], fields: FieldAccess | None = None, **values: Any
) -> dict[str, Any]:
    """The answer for ``obj``: every attribute ``schema`` declares (``values`` replacing some),
    without the fields hidden from the caller."""
    out = {name: _plain(getattr(obj, name)) for name in schema.model_fields if hasattr(obj, name)}
    out.update(values)
    return fields.redact(out) if fields is not None else out


def _plain(value: Any) -> Any:
    if isinstance(value, Address):
        return value.as_dict()
    if isinstance(value, tuple):
        return list(value)
    return value


def list_params(query: ListQuery, **filters: Any) -> ListParams:
    """What a list query asks: paging, sort, search, and its filters that were given."""
    given = {
        name: value
        for name, value in query.model_dump().items()
        if name not in LIST_FIELDS and value is not None
    }
    return ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        q=query.q,
        updated_since=query.updated_since,
        filters={**given, **filters},
    )
