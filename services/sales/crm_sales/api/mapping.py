"""Domain objects to JSON bodies, request bodies to use-case input."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from flask import request

from crm_chassis.access import FieldAccess
from crm_chassis.fields import Address
from crm_chassis.http import Schema
from crm_sales.service.queries import ListParams

INTERNAL = {"events", "history", "source_ref", "stale_notified_at", "annual_revenue_currency"}


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Address):
        return value.as_dict()
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return record(value)
    return value


def record(obj: Any, fa: FieldAccess | None = None) -> dict[str, Any]:
    """A dataclass as a JSON object (internal fields dropped, hidden fields redacted)."""
    out = {
        f.name: jsonable(getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if f.name not in INTERNAL
    }
    return fa.redact(out) if fa is not None else out


def money(amount: Decimal | None, currency: str | None) -> dict[str, str] | None:
    return None if amount is None else {"amount": str(amount), "currency": currency or "EUR"}


def lead_out(lead: Any, fa: FieldAccess) -> dict[str, Any]:
    body = record(lead)
    body["annual_revenue"] = money(lead.annual_revenue, lead.annual_revenue_currency)
    body["full_name"] = lead.full_name
    return fa.redact(body)


def opportunity_out(opp: Any, fa: FieldAccess) -> dict[str, Any]:
    body = record(opp)
    body["amount"] = money(opp.amount, opp.currency)
    return fa.redact(body)


def lead_fields(body: Schema) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True)
    revenue = values.get("annual_revenue")
    if "annual_revenue" in values:
        values["annual_revenue"] = revenue["amount"] if revenue else None
        values["annual_revenue_currency"] = revenue["currency"].upper() if revenue else None
    return values


def opportunity_fields(body: Schema) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True)
    if "amount" in values:
        amount = values["amount"]
        values["amount"] = amount["amount"] if amount else None
        if amount:
            values["currency"] = amount["currency"].upper()
    return values


def list_params(query: Schema, names: tuple[str, ...]) -> ListParams:
    values = query.model_dump()
    return ListParams(
        limit=values["limit"],
        cursor=values.get("cursor"),
        sort=values.get("sort"),
        q=values.get("q"),
        updated_since=values.get("updated_since"),
        filters={k: values[k] for k in names if values.get(k) is not None},
    )


def filter_names(query_model: type[Schema]) -> tuple[str, ...]:
    common = {"limit", "cursor", "q", "sort", "updated_since"}
    return tuple(n for n in query_model.model_fields if n not in common)


def caller_token() -> str | None:
    """The caller's bearer token, for calls to other services made on their behalf."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def fields_of_body(body: Schema) -> dict[str, Any]:
    """The fields the client actually sent (a PATCH changes only those)."""
    return body.model_dump(exclude_unset=True)
