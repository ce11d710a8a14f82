"""CSV import of leads: field mapping, dry run, a report of rejected rows, all or nothing.

Every row is checked first; if any is rejected (or on a dry run) nothing is written and the
report names each bad row and field. Otherwise all rows are captured in one transaction (with
duplicate flags, scores and assignment like any other capture).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from typing import Any

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import FieldError, InvalidFields, ValidationFailed
from crm_sales.domain.leads import EDITABLE, Lead
from crm_sales.service.access import LEADS, Access, caller_id
from crm_sales.service.leads import _capture

UowFactory = Callable[[], Any]
MAX_ROWS = 50_000
ADDRESS = ("street", "city", "state", "postal_code", "country")
TARGETS = set(EDITABLE) | {"last_name"} | {f"address.{p}" for p in ADDRESS}


def _row_fields(row: dict[str, str], mapping: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    address: dict[str, str] = {}
    for column, value in row.items():
        target = mapping.get(column, column)
        if target not in TARGETS or value is None or value.strip() == "":
            continue
        if target.startswith("address."):
            address[target.split(".", 1)[1]] = value
        elif target == "employees":
            fields[target] = int(value) if value.strip().isdigit() else value
        elif target == "tags":
            fields[target] = [t for t in value.split(";") if t.strip()]
        else:
            fields[target] = value
    if address:
        fields["address"] = address
    fields.setdefault("last_name", None)
    return fields


def import_leads(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    text: str,
    mapping: dict[str, str],
    *,
    dry_run: bool,
) -> dict[str, Any]:
    access.require(principal, LEADS, "import")
    access.require(principal, LEADS, "create")
    bad_targets = [
        FieldError(f"mapping.{c}", "is not a lead field")
        for c, target in mapping.items()
        if target not in TARGETS
    ]
    if bad_targets:
        raise InvalidFields(bad_targets)
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(f"At most {MAX_ROWS} rows per import.")
    accepted: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        fields = _row_fields(row, mapping)
        try:
            Lead.capture(
                id=uuid.uuid4(),
                owner_id=None,
                now=utcnow(),
                by="import",
                origin="import",
                fields=fields,
            )
        except InvalidFields as exc:
            rejected.append(
                {
                    "line": n,
                    "errors": [{"field": e.field, "message": e.message} for e in exc.errors],
                }
            )
            continue
        accepted.append(fields)
    report: dict[str, Any] = {
        "dry_run": dry_run,
        "total": len(rows),
        "accepted": len(accepted),
        "rejected": rejected,
        "created_ids": [],
    }
    if dry_run or rejected or not accepted:
        return report
    owner = caller_id(principal)
    with uow_factory() as uow:
        for fields in accepted:
            owner_id = fields.pop("owner_id", None) or owner
            lead = _capture(
                uow, access, by=principal.subject, origin="import", fields=fields, owner_id=owner_id
            )
            report["created_ids"].append(str(lead.id))
    return report
