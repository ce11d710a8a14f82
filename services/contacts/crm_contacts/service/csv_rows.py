"""A CSV of accounts or contacts, read row by row into field values.

Each row becomes the values of a record's fields through the mapping (CSV column ->
field; by default a column named like a field maps to it). Addresses come flat
(``billing_city`` or ``billing_address.city``), tags as ``a;b``, money as
``annual_revenue`` + ``annual_revenue_currency``, contacts may name their account by
``account_code`` (customer code). The file is read lazily: a large one is never held whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO
from uuid import UUID

from crm_chassis.errors import BadRequest, FieldError
from crm_contacts.service.access import ACCOUNTS, CONTACTS

ADDRESS_PARTS = ("street", "city", "state", "postal_code", "country")
ADDRESSES = {ACCOUNTS: ("billing", "shipping"), CONTACTS: ("mailing",)}
SCALARS = {
    ACCOUNTS: (
        "name",
        "account_type",
        "industry",
        "website",
        "phone",
        "email",
        "description",
        "customer_code",
        "area",
        "fax",
        "rating",
        "employees",
        "owner_id",
        "parent_id",
        "tags",
        "annual_revenue",
        "annual_revenue_currency",
    ),
    CONTACTS: (
        "salutation",
        "first_name",
        "last_name",
        "title",
        "department",
        "email",
        "secondary_email",
        "phone",
        "mobile",
        "other_phone",
        "fax",
        "lead_source",
        "description",
        "do_not_call",
        "email_opt_out",
        "do_not_contact",
        "portal_access",
        "birthday",
        "owner_id",
        "account_id",
        "account_code",
        "reports_to_id",
        "tags",
    ),
}
#: Fields naming other records: (field, module of the record it names).
REFERENCES = {
    ACCOUNTS: (("parent_id", ACCOUNTS),),
    CONTACTS: (("account_id", ACCOUNTS), ("reports_to_id", CONTACTS)),
}
_IDS = ("owner_id", "parent_id", "account_id", "reports_to_id")
_BOOLEANS = {"do_not_call", "email_opt_out", "do_not_contact", "portal_access"}
_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"0", "false", "no", "n", ""}


@dataclass
class Row:
    """One CSV row: its line number, its parsed values and what did not parse."""

    number: int
    values: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)


def target_fields(entity: str) -> tuple[str, ...]:
    """Every field a CSV column may map to, for ``entity``."""
    flat = [f"{a}_{p}" for a in ADDRESSES[entity] for p in ADDRESS_PARTS]
    return (*SCALARS[entity], *flat)


def read_csv(
    text: str | TextIO, mapping: Mapping[str, str] | None, entity: str
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Return (mapped field names, iterator of (row number, raw values)) for a CSV text or a
    text stream; 400 when the file has no header or the mapping names unknown fields."""
    source = io.StringIO(text.lstrip("\ufeff")) if isinstance(text, str) else text
    reader = csv.reader(source)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise BadRequest(
            "The CSV is empty.", errors=[FieldError("file", "has no header")]
        ) from None
    known = set(target_fields(entity))
    columns: list[tuple[int, str]] = []
    errors = []
    for index, name in enumerate(header):
        target = (mapping or {}).get(name, name if not mapping else None)
        if target is None:
            continue  # a column the mapping leaves out is ignored
        target = target.replace("_address.", "_")
        if target not in known:
            errors.append(FieldError(f"mapping.{name}", f"'{target}' is not a field"))
        columns.append((index, target))
    if errors:
        raise BadRequest("The field mapping is not valid.", errors=errors)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield number, {t: values[i].strip() for i, t in columns if i < len(values)}

    return [t for _, t in columns], rows()


def written_fields(entity: str, names: list[str]) -> set[str]:
    """The record fields a file's columns write (for the caller's field access)."""
    written = {_address_of(entity, n) or n for n in names}
    return written - {"annual_revenue_currency", "account_code"}


def parse_row(entity: str, number: int, raw: dict[str, str]) -> Row:
    """CSV strings -> values: booleans, numbers, ids, addresses and money parsed."""
    row = Row(number, {})
    for name, value in raw.items():
        if name in _BOOLEANS:
            low = value.lower()
            if low not in _TRUE | _FALSE:
                row.errors.append(FieldError(name, "must be true or false"))
            row.values[name] = low in _TRUE
        elif value == "":
            continue
        elif name == "tags":
            row.values["tags"] = [t for t in value.replace(",", ";").split(";") if t.strip()]
        else:
            _parse_value(entity, row, name, value)
    values = row.values
    if "annual_revenue" in values:
        values["annual_revenue"] = {
            "amount": values.pop("annual_revenue"),
            "currency": values.pop("annual_revenue_currency", None) or "",
        }
    values.pop("annual_revenue_currency", None)
    return row


def _parse_value(entity: str, row: Row, name: str, value: str) -> None:
    if name == "employees":
        try:
            row.values[name] = int(value)
        except ValueError:
            row.errors.append(FieldError(name, "must be a whole number"))
    elif name in _IDS:
        try:
            row.values[name] = UUID(value)
        except ValueError:
            row.errors.append(FieldError(name, "must be a UUID"))
    elif address := _address_of(entity, name):
        row.values.setdefault(address, {})[name.split("_", 1)[1]] = value
    else:
        row.values[name] = value


def _address_of(entity: str, name: str) -> str | None:
    """``billing_city`` -> ``billing_address`` (for the entity's addresses), else None."""
    prefix, _, part = name.partition("_")
    return f"{prefix}_address" if part in ADDRESS_PARTS and prefix in ADDRESSES[entity] else None
