"""CSV imports of accounts and contacts: in the request, or queued for the worker.

An import reads its file row by row (``service/csv_rows.py``) and takes the rows
``batch_rows`` at a time (``service/import_batches.py``: all or nothing per batch, a
per-row report, duplicates skipped, updated or created). A dry run checks everything and
reports what would happen, writing only the job row.

Files of at most ``sync_max_rows`` rows run in the request. Larger ones (or ``background``)
are checked (permissions, mapping) and stored with a queued job; the worker claims it and
runs it (``resume_import``, see ``service/import_runner.py``), reading the upload back as a
stream. A writing batch commits its records together with the job's progress
(``processed_rows``), so a job whose worker died resumes after the last committed batch,
never writing a batch twice. Either way the answer is the job (``GET /imports/{id}``).
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any, TextIO

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import AppError, BadRequest, FieldError
from crm_chassis.logging import get_logger
from crm_contacts.domain.commands import ImportRecords, ResumeImport
from crm_contacts.domain.imports import ON_DUPLICATE, ImportJob, LeaseLost
from crm_contacts.domain.ports import ImportStore
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.csv_rows import read_csv, written_fields
from crm_contacts.service.import_batches import BatchImporter
from crm_contacts.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)
Rows = Iterator[tuple[int, dict[str, str]]]


def import_records(
    cmd: ImportRecords,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    imports: ImportStore,
    batch_rows: int,
    sync_max_rows: int,
    caller: Principal,
) -> ImportJob:
    """Import a CSV now (small files), or check and queue it for the worker (large ones)."""
    if cmd.background or cmd.rows > sync_max_rows:
        return _queue(cmd, access, imports, caller)
    text = io.TextIOWrapper(cmd.upload, encoding="utf-8-sig", errors="replace", newline="")
    try:
        rows = check_import(access, caller, cmd.entity, text, cmd.mapping, cmd.on_duplicate)
        job = new_job(caller, cmd, status="running")
        imports.start_job(job)
        return process(job, rows, caller, access=access, imports=imports, uow=uow, size=batch_rows)
    finally:
        text.detach()


def resume_import(
    cmd: ResumeImport,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    imports: ImportStore,
    batch_rows: int,
) -> ImportJob:
    """Run (or resume, after the last committed batch) a claimed background job, as the
    caller who queued it."""
    job = cmd.job
    caller = principal_from_facts(job.principal or {"subject": job.created_by})
    text = imports.open_upload(job.id)
    try:
        try:
            rows = check_import(access, caller, job.entity, text, job.mapping, job.on_duplicate)
        except AppError as exc:  # the policy may have changed while the job waited
            job.error(0, "", exc.detail)
            job.fail(utcnow())
            imports.save_job(job)
            return job
        for _ in islice(rows, job.processed_rows):
            pass  # rows of batches already committed (the job row says how many)
        return process(job, rows, caller, access=access, imports=imports, uow=uow, size=batch_rows)
    finally:
        text.close()


def check_import(
    access: RecordAccess,
    caller: Principal,
    entity: str,
    text: TextIO,
    mapping: Mapping[str, str] | None,
    on_duplicate: str,
) -> Rows:
    """Refuse what the caller may not import; return the file's rows."""
    module = ACCOUNTS if entity == "accounts" else CONTACTS
    access.require(caller, module, "import")
    access.require(caller, module, "create")
    if on_duplicate not in ON_DUPLICATE:
        raise BadRequest(
            "on_duplicate must be skip, update or create.",
            errors=[FieldError("on_duplicate", "skip, update or create")],
        )
    names, rows = read_csv(text, mapping, module)
    access.check_writable(caller, module, written_fields(module, names))
    return rows


def new_job(caller: Principal, cmd: ImportRecords, *, status: str) -> ImportJob:
    """A job of ``caller`` for the command's file, not yet stored."""
    return ImportJob(
        id=uuid.uuid4(),
        entity=ACCOUNTS if cmd.entity == "accounts" else CONTACTS,
        dry_run=cmd.dry_run,
        on_duplicate=cmd.on_duplicate,
        created_by=caller.subject,
        created_at=utcnow(),
        status=status,
    )


def process(
    job: ImportJob,
    rows: Iterable[tuple[int, dict[str, str]]],
    caller: Principal,
    *,
    access: RecordAccess,
    imports: ImportStore,
    uow: UnitOfWorkFactory,
    size: int,
) -> ImportJob:
    """Take ``rows`` batch by batch into ``job``; mark it finished (or failed)."""
    job.start()
    importer = BatchImporter(job, caller, access=access, imports=imports, uow=uow)
    try:
        for batch in _batches(rows, size):
            if importer.take(batch):
                continue  # its progress was committed with its records
            job.batches_committed += 1
            imports.save_job(job)
    except LeaseLost:
        log.warning("import.lease_lost", job_id=str(job.id))
        raise
    except Exception:
        job.fail(utcnow())
        job.error(job.processed_rows, "", "the import stopped on an unexpected error")
        imports.save_job(job)
        raise
    job.finish(utcnow())
    imports.save_job(job)
    log.info(
        "import.finished",
        job_id=str(job.id),
        entity=job.entity,
        rows=job.total_rows,
        created=job.created_count,
        updated=job.updated_count,
        failed=job.failed_count,
        dry_run=job.dry_run,
    )
    return job


def _queue(
    cmd: ImportRecords, access: RecordAccess, imports: ImportStore, caller: Principal
) -> ImportJob:
    """Check an uploaded CSV (at its start) and store it with a queued job."""
    text = io.TextIOWrapper(cmd.upload, encoding="utf-8-sig", errors="replace", newline="")
    try:
        check_import(access, caller, cmd.entity, text, cmd.mapping, cmd.on_duplicate)
    finally:
        text.detach()
    cmd.upload.seek(0)
    job = new_job(caller, cmd, status="queued")
    job.rows_total = cmd.rows
    job.mapping = dict(cmd.mapping) if cmd.mapping else None
    job.principal = principal_facts(caller)
    imports.queue_job(job, cmd.upload)
    log.info("import.queued", job_id=str(job.id), entity=job.entity, rows_total=cmd.rows)
    return job


def principal_facts(principal: Principal) -> dict[str, Any]:
    """What a worker needs to act as ``principal`` later (no token, no secret)."""
    return {
        "subject": principal.subject,
        "kind": principal.kind,
        "roles": list(principal.roles),
        "scopes": sorted(principal.scopes),
        "permissions": sorted(principal.permissions),
        "email": principal.email,
        "name": principal.name,
        "claims": {
            k: principal.claims[k] for k in ("account_id", "contact_id") if k in principal.claims
        },
    }


def principal_from_facts(facts: Mapping[str, Any]) -> Principal:
    return Principal(
        subject=facts["subject"],
        kind=facts.get("kind", "user"),
        roles=tuple(facts.get("roles", ())),
        scopes=frozenset(facts.get("scopes", ())),
        permissions=frozenset(facts.get("permissions", ())),
        email=facts.get("email"),
        name=facts.get("name"),
        claims=dict(facts.get("claims", {})),
    )


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
