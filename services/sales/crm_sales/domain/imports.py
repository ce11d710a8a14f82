"""CSV imports of leads: reading rows into lead fields, and the report of an import.

Every row is read and checked first; the use case writes all rows or none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields, ValidationFailed
from crm_chassis.fields import Address, Checker, text, to_decimal
from crm_chassis.money import Money
from crm_sales.domain.lead_fields import LEAD_FIELDS, TEXT_FIELDS, LeadFields, check_lead

MAX_ROWS = 50_000
TARGETS = frozenset(
    {*LEAD_FIELDS, "annual_revenue_currency", *(f"address.{p}" for p in Address.FIELDS)}
)


@dataclass(frozen=True)
class RejectedRow:
    line: int
    errors: tuple[FieldError, ...]


@dataclass
class ImportReport:
    dry_run: bool
    total: int
    accepted: int
    rejected: list[RejectedRow]
    created_ids: list[UUID] = field(default_factory=list)


def check_targets(mapping: Mapping[str, str]) -> None:
    """Every mapped column names a lead field (or an address part)."""
    bad = [
        FieldError(f"mapping.{column}", "is not a lead field")
        for column, target in mapping.items()
        if target not in TARGETS
    ]
    if bad:
        raise InvalidFields(bad)


def read_rows(document: str) -> list[dict[str, str]]:
    """The CSV's rows by column name (line 1 is the header)."""
    rows = list(csv.DictReader(io.StringIO(document)))
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(f"At most {MAX_ROWS} rows per import.")
    return rows


def row_fields(row: Mapping[str, str | None], mapping: Mapping[str, str]) -> LeadFields:
    """A row's lead fields (columns map to fields by ``mapping``, else by name).

    Raises InvalidFields naming every bad field of the row, unreadable or against the rules.
    """
    values: dict[str, str] = {}
    for column, value in row.items():
        target = mapping.get(column, column)
        if target in TARGETS and value is not None and value.strip():
            values[target] = value
    check = Checker()
    address = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("address.")}
    fields = LeadFields(
        **{name: values.get(name) for name in TEXT_FIELDS},
        annual_revenue=_revenue(check, values),
        employees=_count(check, values.get("employees")),
        address=Address.of(address) if address else None,
        owner_id=check.uuid("owner_id", values.get("owner_id")),
        campaign_id=check.uuid("campaign_id", values.get("campaign_id")),
        tags=tuple(t for t in values.get("tags", "").split(";") if t.strip()),
        next_follow_up=check.date("next_follow_up", values.get("next_follow_up")),
        budget=values.get("budget"),
        potential_value=values.get("potential_value"),
        email_opt_out=_flag(check, "email_opt_out", values.get("email_opt_out")),
        do_not_contact=_flag(check, "do_not_contact", values.get("do_not_contact")),
    )
    try:
        check_lead(fields)
    except InvalidFields as exc:
        check.errors.extend(exc.errors)
    check.raise_if_any()
    return fields


def _revenue(check: Checker, values: Mapping[str, str]) -> Money | None:
    raw = values.get("annual_revenue")
    if raw is None:
        return None
    amount = to_decimal(raw)
    if amount is None:
        check.add("annual_revenue", "must be a decimal number")
        return None
    return Money(amount, text(values.get("annual_revenue_currency")) or "EUR")


_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"0", "false", "no", "n"}


def _flag(check: Checker, name: str, raw: str | None) -> bool:
    """A consent flag's cell (as contacts' import reads them): never dropped silently."""
    if raw is None:
        return False
    value = raw.strip().lower()
    if value not in _TRUE | _FALSE:
        check.add(name, "must be true or false (yes/no, 1/0)")
    return value in _TRUE


def _count(check: Checker, raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.strip().isdigit():
        check.add("employees", "must be a whole number >= 0")
        return None
    return int(raw)


def duplicate_keys(fields: LeadFields) -> tuple[str | None, str]:
    """The (e-mail, name and company) keys a lead of these fields is matched on, as
    ``Lead.email_lc`` and ``Lead.name_key`` derive them (looked up set at a time before an
    import captures its rows; a lead whose keys differ is simply looked up again)."""
    first, last, company, email = (
        text(v) for v in (fields.first_name, fields.last_name, fields.company, fields.email)
    )
    full = " ".join(p for p in (first, last) if p)
    return (email.lower() if email else None, f"{full.lower()}|{(company or '').lower()}")
