"""CSV import of leads: field mapping, dry run, a report of rejected rows, all or nothing.

Every row is checked first; if any is rejected (or on a dry run) nothing is written and the
report names each bad row and field. Otherwise all rows are captured in one transaction (with
duplicate flags, scores and assignment like any other capture) and written together.
"""

from __future__ import annotations

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import InvalidFields
from crm_sales.domain.commands import ImportLeads
from crm_sales.domain.imports import (
    ImportReport,
    RejectedRow,
    check_targets,
    duplicate_keys,
    read_rows,
    row_fields,
)
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.service.access import LEADS, caller_id
from crm_sales.service.intake import Intake
from crm_sales.service.unit_of_work import UnitOfWorkFactory


def import_leads(
    cmd: ImportLeads, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> ImportReport:
    """Import the CSV's leads, or none of them; report every rejected row."""
    access.require(caller, LEADS, "import")
    access.require(caller, LEADS, "create")
    check_targets(cmd.mapping)
    rows = read_rows(cmd.csv)
    accepted: list[LeadFields] = []
    rejected: list[RejectedRow] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            fields = row_fields(row, cmd.mapping)
            if fields.owner_id is not None:
                access.check_owner(fields.owner_id)
            accepted.append(fields)
        except InvalidFields as exc:
            rejected.append(RejectedRow(line, tuple(exc.errors)))
    report = ImportReport(cmd.dry_run, len(rows), len(accepted), rejected)
    if cmd.dry_run or rejected or not accepted:
        return report
    owner = caller_id(caller)
    with uow() as tx:
        intake = Intake(tx, access, by=caller.subject, origin="import")
        # One look-up per few thousand keys instead of one query per row.
        intake.preload_duplicates([duplicate_keys(fields) for fields in accepted])
        for fields in accepted:
            lead = intake.capture(fields, owner_id=fields.owner_id or owner)
            report.created_ids.append(lead.id)
        intake.save()
    return report
