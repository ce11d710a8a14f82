"""CSV imports of accounts and contacts: mapping, dry run, per-row errors, duplicates, batches.

How a file is taken in:

1. Each CSV row becomes the fields of a record through the mapping (CSV column -> field;
   by default a column named like a field maps to it). Addresses come flat
   (``billing_city`` or ``billing_address.city``), tags as ``a;b``, money as
   ``annual_revenue`` + ``annual_revenue_currency``, contacts may name their account by
   ``account_code`` (customer code).
2. Rows are taken ``batch_rows`` at a time. Every row of a batch is validated by the same
   domain rules as the API (pure Python, before any write). A batch with any refused row
   is written not at all ("all or nothing per batch"); the report names each row's errors.
3. Duplicates (accounts: customer code, e-mail, normalised name; contacts: e-mail, name)
   are looked up once per batch with ``IN`` queries on indexed keys, and then skipped,
   updated, or created anyway (``on_duplicate``).
4. New records go in with Core ``executemany`` (records, tags and their outbox events), one
   transaction per batch; progress is written to the job row after each batch, so
   ``GET /imports/{id}`` shows it while the import runs.

A dry run does steps 1-3 and reports what would happen, writing only the job row.

Large files run in the background (``queue_import`` in the request, ``resume_import`` in
the worker, see ``service/import_runner.py``): the upload is stored with a queued job, and
the worker reads it back as a stream. A writing batch commits its records together with the
job's progress (``processed_rows``), so a job whose worker died resumes after the last
committed batch, never writing a batch twice.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any, TextIO
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import AppError, BadRequest, FieldError, InvalidFields
from crm_chassis.logging import get_logger
from crm_contacts.domain.accounts import CODE_SERIES, Account, format_code
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.duplicates import organisation_key, person_key
from crm_contacts.domain.imports import record_fields
from crm_contacts.domain.owners import ensure_assignable
from crm_contacts.service.access import ACCOUNTS, CONTACTS, Access

log = get_logger(__name__)
UowFactory = Callable[[], Any]
MAX_ERRORS = 1000
ON_DUPLICATE = ("skip", "update", "create")

_ADDRESS_PARTS = ("street", "city", "state", "postal_code", "country")
_ADDRESSES = {ACCOUNTS: ("billing", "shipping"), CONTACTS: ("mailing",)}
_SCALARS = {
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
        "portal_access",
        "birthday",
        "owner_id",
        "account_id",
        "account_code",
        "reports_to_id",
        "tags",
    ),
}
# Fields naming other records: (field, module of the record it names).
_REFERENCES = {
    ACCOUNTS: (("parent_id", ACCOUNTS),),
    CONTACTS: (("account_id", ACCOUNTS), ("reports_to_id", CONTACTS)),
}
_BOOLEANS = {"do_not_call", "email_opt_out", "portal_access"}
_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"0", "false", "no", "n", ""}


@dataclass
class ImportJob:
    id: UUID
    entity: str
    dry_run: bool
    on_duplicate: str
    created_by: str
    created_at: datetime
    status: str = "running"
    total_rows: int = 0
    processed_rows: int = 0
    created_count: int = 0
    updated_count: int = 0
    skipped_count: int = 0
    failed_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    finished_at: datetime | None = None
    # Background jobs: the expected data rows (counted at upload), batches done so far, and
    # what the worker needs to run it as the caller.
    rows_total: int | None = None
    batches_committed: int = 0
    mapping: dict[str, str] | None = None
    principal: dict[str, Any] | None = None
    upload_bytes: int | None = None
    claimed_by: str | None = None
    lease_until: datetime | None = None
    attempts: int = 0

    def error(self, row: int, field_name: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "field": field_name, "message": message})


def target_fields(entity: str) -> tuple[str, ...]:
    """Every field a CSV column may map to, for ``entity``."""
    flat = [f"{a}_{p}" for a in _ADDRESSES[entity] for p in _ADDRESS_PARTS]
    return (*_SCALARS[entity], *flat)


def read_csv(
    text: str | TextIO, mapping: Mapping[str, str] | None, entity: str
) -> tuple[list[str], Any]:
    """Return (mapped field names, iterator of (row number, fields)) for a CSV text or a
    text stream (read lazily: a large file is never held whole)."""
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


def _fields(entity: str, raw: dict[str, str]) -> tuple[dict[str, Any], list[FieldError]]:
    """CSV strings -> the field dict the domain's create() takes."""
    out: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, value in raw.items():
        if name in _BOOLEANS:
            low = value.lower()
            if low not in _TRUE | _FALSE:
                errors.append(FieldError(name, "must be true or false"))
            out[name] = low in _TRUE
        elif value == "":
            continue
        elif name == "tags":
            out["tags"] = [t for t in value.replace(",", ";").split(";") if t.strip()]
        elif name == "employees":
            try:
                out[name] = int(value)
            except ValueError:
                errors.append(FieldError(name, "must be a whole number"))
        elif name in ("owner_id", "parent_id", "account_id", "reports_to_id"):
            try:
                out[name] = UUID(value)
            except ValueError:
                errors.append(FieldError(name, "must be a UUID"))
        elif (
            "_" in name
            and name.split("_", 1)[1] in _ADDRESS_PARTS
            and name.split("_", 1)[0] in _ADDRESSES[entity]
        ):
            prefix, part = name.split("_", 1)
            out.setdefault(f"{prefix}_address", {})[part] = value
        else:
            out[name] = value
    if "annual_revenue" in out:
        out["annual_revenue"] = {
            "amount": out.pop("annual_revenue"),
            "currency": out.pop("annual_revenue_currency", None) or "",
        }
    out.pop("annual_revenue_currency", None)
    return out, errors


def check_import(
    access: Access,
    principal: Principal,
    *,
    entity: str,
    text: str | TextIO,
    mapping: Mapping[str, str] | None,
    on_duplicate: str,
) -> tuple[str, Any]:
    """Refuse what the caller may not import; return (module, the file's rows)."""
    module = ACCOUNTS if entity == "accounts" else CONTACTS
    access.require(principal, module, "import")
    access.require(principal, module, "create")
    if on_duplicate not in ON_DUPLICATE:
        raise BadRequest(
            "on_duplicate must be skip, update or create.",
            errors=[FieldError("on_duplicate", "skip, update or create")],
        )
    names, rows = read_csv(text, mapping, module)
    written = {
        n.split("_")[0] + "_address"
        if n.split("_", 1)[-1] in _ADDRESS_PARTS and n.split("_")[0] in _ADDRESSES[module]
        else n
        for n in names
    }
    written -= {"annual_revenue_currency", "account_code"}
    access.check_writable(principal, module, written)
    return module, rows


def new_job(
    principal: Principal, module: str, *, dry_run: bool, on_duplicate: str, status: str
) -> ImportJob:
    """A job of ``principal`` for ``module``, not yet stored."""
    return ImportJob(
        id=uuid.uuid4(),
        entity=module,
        dry_run=dry_run,
        on_duplicate=on_duplicate,
        created_by=principal.subject,
        created_at=utcnow(),
        status=status,
    )


def run_import(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    *,
    entity: str,
    text: str | TextIO,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    on_duplicate: str = "skip",
    batch_rows: int = 1000,
    bulk: Any,
) -> ImportJob:
    """Import a CSV of ``entity`` now; return the finished job with its report."""
    module, rows = check_import(
        access, principal, entity=entity, text=text, mapping=mapping, on_duplicate=on_duplicate
    )
    job = new_job(principal, module, dry_run=dry_run, on_duplicate=on_duplicate, status="running")
    bulk.start_job(job)
    return process(job, rows, access, principal, bulk=bulk, batch_rows=batch_rows)


def queue_import(
    access: Access,
    principal: Principal,
    *,
    entity: str,
    upload: Any,
    rows_total: int,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    on_duplicate: str = "skip",
    bulk: Any,
) -> ImportJob:
    """Check an uploaded CSV (binary file, at its start) and queue it for the worker."""
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", errors="replace", newline="")
    try:
        module, _ = check_import(
            access, principal, entity=entity, text=text, mapping=mapping, on_duplicate=on_duplicate
        )
    finally:
        text.detach()
    upload.seek(0)
    job = new_job(principal, module, dry_run=dry_run, on_duplicate=on_duplicate, status="queued")
    job.rows_total = rows_total
    job.mapping = dict(mapping) if mapping else None
    job.principal = principal_facts(principal)
    bulk.queue_job(job, upload)
    log.info("import.queued", job_id=str(job.id), entity=module, rows_total=rows_total)
    return job


def resume_import(
    job: ImportJob, text: TextIO, access: Access, *, bulk: Any, batch_rows: int
) -> ImportJob:
    """Run (or resume, after the last committed batch) a claimed background job."""
    principal = principal_from_facts(job.principal or {"subject": job.created_by})
    try:
        _, rows = check_import(
            access,
            principal,
            entity=job.entity,
            text=text,
            mapping=job.mapping,
            on_duplicate=job.on_duplicate,
        )
    except AppError as exc:  # the policy may have changed while the job waited
        job.error(0, "", exc.detail)
        job.status, job.finished_at = "failed", utcnow()
        bulk.save_job(job)
        return job
    for _ in islice(rows, job.processed_rows):
        pass  # rows of batches already committed (the job row says how many)
    return process(job, rows, access, principal, bulk=bulk, batch_rows=batch_rows)


def process(
    job: ImportJob,
    rows: Iterable[Any],
    access: Access,
    principal: Principal,
    *,
    bulk: Any,
    batch_rows: int,
) -> ImportJob:
    """Take ``rows`` batch by batch into ``job``; mark it finished (or failed)."""
    job.status = "running"
    importer = _Importer(access, principal, job.entity, job.on_duplicate, job.dry_run, bulk)
    try:
        for batch in _batches(rows, batch_rows):
            if importer.run_batch(job, batch):
                continue  # its progress was committed with its records
            job.batches_committed += 1
            bulk.save_job(job)
    except LeaseLost:
        log.warning("import.lease_lost", job_id=str(job.id))
        raise
    except Exception:
        job.status, job.finished_at = "failed", utcnow()
        job.error(job.processed_rows, "", "the import stopped on an unexpected error")
        bulk.save_job(job)
        raise
    job.status = "completed" if not job.failed_count else "partial"
    job.finished_at = utcnow()
    bulk.save_job(job)
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


class LeaseLost(Exception):
    """Another worker took this job over (our lease ran out): stop, write nothing more."""


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


class _Importer:
    def __init__(
        self,
        access: Access,
        principal: Principal,
        module: str,
        on_duplicate: str,
        dry_run: bool,
        bulk: Any,
    ) -> None:
        self.access = access
        self.principal = principal
        self.module = module
        self.on_duplicate = on_duplicate
        self.dry_run = dry_run
        self.bulk = bulk
        self.owner_ok: dict[UUID, str | None] = {}
        self.default_owner = _caller_uuid(principal)

    def run_batch(self, job: ImportJob, batch: list[tuple[int, dict[str, str]]]) -> bool:
        """Take one batch into ``job``; True when its records and the job's progress were
        committed together (else the caller saves the job)."""
        job.total_rows += len(batch)
        now = utcnow()
        built: list[tuple[int, Any, dict[str, Any]]] = []
        failed = 0
        codes = [r.get("account_code", "").upper() for _, r in batch if r.get("account_code")]
        code_ids = {}
        if codes:
            table = self.bulk.table_of(ACCOUNTS)
            visible = self.access.visible_filter(self.principal, ACCOUNTS, table)
            code_ids = self.bulk.account_ids_by_code(codes, visible)
        parsed = [(number, *_fields(self.module, raw)) for number, raw in batch]
        known = self._known_references(parsed)
        for number, fields, errors in parsed:
            for name, module in _REFERENCES[self.module]:
                if fields.get(name) is not None and fields[name] not in known[name]:
                    errors.append(FieldError(name, f"is not an existing {module[:-1]}"))
            code = fields.pop("account_code", None)
            if code:
                account_id = code_ids.get(code.upper())
                if account_id is None:
                    errors.append(FieldError("account_code", "is not an existing account"))
                fields["account_id"] = account_id
            owner = fields.pop("owner_id", None) or self.default_owner
            owner_error = self._owner_error(owner)
            if owner_error:
                errors.append(FieldError("owner_id", owner_error))
            record = None
            # Run the domain rules even after a parse error, so the report lists them all.
            try:
                record = _create(self.module, owner or uuid.UUID(int=0), now, fields)
            except InvalidFields as exc:
                errors.extend(exc.errors)
            if errors:
                failed += 1
                for e in errors:
                    job.error(number, e.field, e.message)
                continue
            built.append((number, record, fields))
        job.processed_rows += len(batch)
        if failed:
            # All or nothing: a batch with a refused row writes nothing.
            job.failed_count += failed
            job.skipped_count += len(built)
            for number, _record, _raw in built:
                job.error(number, "", "not imported: another row of its batch was refused")
            return False
        matches = self.bulk.find_duplicates(self.module, [r for _, r, _ in built])
        to_create, to_update = [], []
        for number, record, fields in built:
            match = matches.get(record.id)
            if match is None or self.on_duplicate == "create":
                to_create.append(record)
            elif self.on_duplicate == "skip":
                job.skipped_count += 1
            elif not self.access.can_see(self.principal, self.module, match) or not (
                self.access.store.decider().can_act(
                    self.principal, self.module, "edit", match.owner_id
                )
            ):
                job.failed_count += 1
                job.error(number, "", "matches a record you may not change")
            else:
                to_update.append((number, match.id, fields))
        if self.dry_run:
            job.created_count += len(to_create)
            job.updated_count += len(to_update)
            return False

        def count(created: int, updated: int, update_errors: list[tuple[int, str]]) -> None:
            # Called inside the batch's transaction, before the job row is written with it.
            for number, message in update_errors:
                job.failed_count += 1
                job.error(number, "", message)
            job.created_count += created
            job.updated_count += updated
            job.batches_committed += 1

        self.bulk.write_batch(
            self.module, to_create, to_update, self.access, self.principal, job=job, count=count
        )
        return True

    def _known_references(self, parsed: list[Any]) -> dict[str, set[UUID]]:
        """Per reference field, the named ids that exist and that the caller may see."""
        known = {}
        for name, module in _REFERENCES[self.module]:
            wanted = {f[name] for _, f, _ in parsed if isinstance(f.get(name), UUID)}
            table = self.bulk.table_of(module)
            condition = self.access.visible_filter(self.principal, module, table)
            known[name] = self.bulk.visible_ids(module, wanted, condition)
        return known

    def _owner_error(self, owner: UUID | None) -> str | None:
        if owner is None:
            return "is required for a service caller"
        if owner not in self.owner_ok:
            if self.access.is_group(owner):
                self.owner_ok[owner] = None
            else:
                try:
                    ensure_assignable(owner, self.bulk.owner(owner))
                    self.owner_ok[owner] = None
                except InvalidFields as exc:
                    self.owner_ok[owner] = exc.errors[0].message
        return self.owner_ok[owner]


def _create(module: str, owner: UUID, now: datetime, values: dict[str, Any]) -> Any:
    fields, errors = record_fields(module, values)
    try:
        if module == ACCOUNTS:
            record: Any = Account.create(id=uuid.uuid4(), owner_id=owner, now=now, fields=fields)
        else:
            record = Contact.create(id=uuid.uuid4(), owner_id=owner, now=now, fields=fields)
    except InvalidFields as exc:
        errors = errors + list(exc.errors)
    if errors:
        raise InvalidFields(errors)
    return record


def _caller_uuid(principal: Principal) -> UUID | None:
    if principal.kind != "user":
        return None
    try:
        return UUID(principal.subject)
    except ValueError:
        return None


def duplicate_keys(module: str, record: Any) -> list[tuple[str, str]]:
    """(indexed column, value) pairs that identify a record's duplicates, strongest first."""
    keys = []
    if module == ACCOUNTS and record.customer_code:
        keys.append(("customer_code", record.customer_code.upper()))
    if record.email:
        keys.append(("email_lc", record.email.lower()))
    name = (
        organisation_key(record.name)
        if module == ACCOUNTS
        else person_key(record.first_name, record.last_name)
    )
    if name:
        keys.append(("dedupe_name", name))
    return keys


__all__ = [
    "CODE_SERIES",
    "ImportJob",
    "LeaseLost",
    "format_code",
    "queue_import",
    "resume_import",
    "run_import",
    "target_fields",
]
