"""Reads: get, batch get and keyset-paged lists with filters and search applied in SQL.

REST and gRPC call these. Lists never count: a page is one indexed range scan at any depth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_access.field_queries import check_query_fields
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.db.statements import row_by_id
from crm_chassis.errors import BadRequest, FieldError, RecordNotFound
from crm_chassis.pagination import ListParams, decode_cursor, keyset, page, parse_sort
from crm_contacts.adapters import rows
from crm_contacts.adapters.tables import (
    account_tags,
    accounts,
    contact_tags,
    contacts,
    deletion_requests,
    import_jobs,
    owners,
)
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.domain.duplicates import phone_key
from crm_contacts.domain.imports import ImportJob
from crm_contacts.domain.owners import Owner
from crm_contacts.service.access import ACCOUNTS, CONTACTS, OWNERS
from crm_contacts.service.queries.field_rules import (
    account_filters_used,
    check_params,
    default_sort,
    search_condition,
)
from crm_contacts.service.queries.search_probe import probe_in_order

MAX_BATCH = 500
MAX_MERGE_HOPS = 10  # a merged-away id resolves through this many merges at most (A->B->C)


@dataclass(frozen=True)
class _Spec:
    module: str
    table: sa.Table
    tags: sa.Table
    tag_fk: str
    sorts: dict[str, sa.Column[Any]]
    exact: tuple[str, ...]
    from_row: Callable[[Any], Any]
    noun: str

    @property
    def by_id(self) -> sa.Select[Any]:
        return row_by_id(self.table)


ACCOUNT_SPEC = _Spec(
    module=ACCOUNTS,
    table=accounts,
    tags=account_tags,
    tag_fk="account_id",
    sorts={
        "name": accounts.c.name_key,
        "created_at": accounts.c.created_at,
        "updated_at": accounts.c.updated_at,
    },
    exact=("owner_id", "account_type", "industry", "parent_id", "rating"),
    from_row=rows.account_from_row,
    noun="Account",
)

CONTACT_SPEC = _Spec(
    module=CONTACTS,
    table=contacts,
    tags=contact_tags,
    tag_fk="contact_id",
    sorts={
        "name": contacts.c.sort_name,
        "created_at": contacts.c.created_at,
        "updated_at": contacts.c.updated_at,
    },
    exact=("owner_id", "account_id", "lead_source", "reports_to_id", "do_not_contact"),
    from_row=rows.contact_from_row,
    noun="Contact",
)


def like_pattern(term: str) -> str:
    """Escape a search term for ``LIKE '%term%' ESCAPE '\\'``, lower-cased."""
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Queries:
    """Read side of the service, bound to one database and access policy."""

    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    # -- one and many ------------------------------------------------------------------

    def get_account(self, principal: Principal, account_id: UUID) -> Any:
        return self._get(ACCOUNT_SPEC, principal, account_id)

    def get_contact(self, principal: Principal, contact_id: UUID) -> Any:
        return self._get(CONTACT_SPEC, principal, contact_id)

    def batch_get_accounts(self, principal: Principal, ids: Sequence[UUID]) -> list[Any]:
        return [ACCOUNT_SPEC.from_row(r) for r in self._batch(ACCOUNT_SPEC, principal, ids)]

    def batch_account_rows(self, principal: Principal, ids: Sequence[UUID], cols: Any) -> Any:
        """batch_get_accounts' rows of ``cols``, unmapped (gRPC maps them to messages)."""
        return self._batch(ACCOUNT_SPEC, principal, ids, cols)

    def batch_get_contacts(self, principal: Principal, ids: Sequence[UUID]) -> list[Any]:
        return [CONTACT_SPEC.from_row(r) for r in self._batch(CONTACT_SPEC, principal, ids)]

    def list_accounts(
        self, principal: Principal, params: ListParams, action: str = "view"
    ) -> tuple[list[Any], str | None]:
        return self._list(ACCOUNT_SPEC, principal, params, action)

    def list_contacts(
        self, principal: Principal, params: ListParams, action: str = "view"
    ) -> tuple[list[Any], str | None]:
        return self._list(CONTACT_SPEC, principal, params, action)

    def list_owners(
        self, principal: Principal, *, limit: int, cursor: str | None, q: str | None
    ) -> tuple[list[Owner], str | None]:
        """Page through the owner directory by e-mail."""
        self.access.require(principal, OWNERS, "view")
        stmt = sa.select(owners)
        if q:
            stmt = stmt.where(
                sa.or_(
                    sa.func.lower(owners.c.email).like(like_pattern(q), escape="\\"),
                    sa.func.lower(owners.c.display_name).like(like_pattern(q), escape="\\"),
                )
            )
        after = decode_cursor(cursor, sort="email", descending=False) if cursor else None
        stmt = keyset(stmt, owners.c.email, owners.c.id, descending=False, after=after, limit=limit)
        with self.db.reading() as session:
            found = [rows.owner_from_row(r) for r in session.execute(stmt)]
        return page(
            found, limit=limit, sort="email", descending=False, key=lambda o: (o.email, o.id)
        )

    def get_deletion_request(self, principal: Principal, request_id: UUID) -> DeletionRequest:
        stmt = sa.select(deletion_requests).where(deletion_requests.c.id == request_id)
        stmt = stmt.where(self._requests_visible(principal))
        with self.db.reading() as session:
            row = session.execute(stmt).first()
        if row is None:
            raise RecordNotFound("Deletion request", request_id)
        return rows.deletion_request_from_row(row)

    def list_deletion_requests(
        self, principal: Principal, *, limit: int, cursor: str | None, status: str | None
    ) -> tuple[list[DeletionRequest], str | None]:
        """Newest first, only requests about records the caller can see."""
        stmt = sa.select(deletion_requests).where(self._requests_visible(principal))
        if status:
            stmt = stmt.where(deletion_requests.c.status == status)
        after = decode_cursor(cursor, sort="requested_at", descending=True) if cursor else None
        table = deletion_requests
        stmt = keyset(
            stmt, table.c.requested_at, table.c.id, descending=True, after=after, limit=limit
        )
        with self.db.reading() as session:
            found = [rows.deletion_request_from_row(r) for r in session.execute(stmt)]
        return page(
            found,
            limit=limit,
            sort="requested_at",
            descending=True,
            key=lambda r: (r.requested_at, r.id),
        )

    def get_import_job(self, principal: Principal, job_id: UUID) -> ImportJob:
        """An import job; only its author (or an administrator) sees it: it names others' rows."""
        with self.db.reading() as session:
            row = session.execute(import_jobs.select().where(import_jobs.c.id == job_id)).first()
        mine = row is not None and row.created_by == principal.subject
        if row is None or not (mine or self.access.store.decider().is_admin(principal)):
            raise RecordNotFound("Import", job_id)
        return rows.job_from_row(row)

    def _requests_visible(self, principal: Principal) -> sa.ColumnElement[bool]:
        decider = self.access.store.decider()
        parts = []
        for kind, module in (("account", ACCOUNTS), ("contact", CONTACTS)):
            if not decider.allows(principal, module, "view"):
                continue
            scope = self.access.scope(principal, module, "view")
            condition = scope.sql(deletion_requests.c.record_owner_id, convert=UUID)
            if scope.portal_account_id or scope.portal_contact_id:
                condition = sa.false()
            parts.append(
                sa.and_(
                    deletion_requests.c.record_type == kind,
                    sa.true() if condition is None else condition,
                )
            )
        return sa.or_(*parts) if parts else sa.false()

    # -- shared machinery --------------------------------------------------------------

    def _visible(
        self, spec: _Spec, principal: Principal, stmt: sa.Select[Any], action: str = "view"
    ) -> sa.Select[Any]:
        condition = self.access.visible_filter(principal, spec.module, spec.table, action)
        return stmt if condition is None else stmt.where(condition)

    @staticmethod
    def _live(spec: _Spec, stmt: sa.Select[Any]) -> sa.Select[Any]:
        return stmt.where(spec.table.c.deleted_at.is_(None), spec.table.c.merged_into_id.is_(None))

    def _get(self, spec: _Spec, principal: Principal, record_id: UUID) -> Any:
        """One visible record; a merged-away id resolves to its survivor (same access)."""
        self.access.require(principal, spec.module, "view")
        wanted = record_id
        with self.db.read_connection() as conn:
            stmt = self._visible(spec, principal, spec.by_id)
            for _ in range(MAX_MERGE_HOPS):
                row = conn.execute(stmt, {"record_id": wanted}).first()
                if row is None or row.deleted_at is not None:
                    break
                if row.merged_into_id is None:
                    return spec.from_row(row)
                wanted = row.merged_into_id
        raise RecordNotFound(spec.noun, record_id)

    def _batch(
        self, spec: _Spec, principal: Principal, ids: Sequence[UUID], columns: Sequence[Any] = ()
    ) -> list[Any]:
        self.access.require(principal, spec.module, "view")
        if len(ids) > MAX_BATCH:
            raise BadRequest(
                f"At most {MAX_BATCH} ids per call.",
                errors=[FieldError("ids", f"at most {MAX_BATCH}")],
            )
        if not ids:
            return []
        wanted = sa.select(*columns) if columns else sa.select(spec.table)
        stmt = self._live(
            spec, self._visible(spec, principal, wanted.where(spec.table.c.id.in_(set(ids))))
        )
        with self.db.read_connection() as conn:
            return conn.execute(stmt).all()

    def _list(
        self, spec: _Spec, principal: Principal, params: ListParams, action: str = "view"
    ) -> tuple[list[Any], str | None]:
        self.access.require(principal, spec.module, action)
        fields = self.access.fields(principal, spec.module)
        default = default_sort(fields, spec.module)
        sort, descending = parse_sort(params.sort, set(spec.sorts), default)
        # A filter or sort on a hidden field is 403; q= matches visible fields only.
        check_params(fields, spec.module, params, sort)
        on_accounts = account_filters_used(params) if spec is CONTACT_SPEC else {}
        if on_accounts:
            # A contact filtered by its account's fields reads the account: accounts' rules.
            self.access.require(principal, ACCOUNTS, "view")
            check_query_fields(self.access.fields(principal, ACCOUNTS), on_accounts)
        sort_col, table = spec.sorts[sort], spec.table
        stmt = self._live(spec, self._visible(spec, principal, sa.select(table), action))
        stmt = _filtered(spec, stmt, params)
        after = None
        if params.cursor:
            after = decode_cursor(params.cursor, sort=sort, descending=descending)
        order = {"descending": descending, "after": after, "limit": params.limit}
        searched, pattern = None, ""
        if params.q and params.q.strip():
            pattern = like_pattern(params.q)
            searched = stmt.where(search_condition(fields, spec.module, table, pattern))
        with self.db.reading() as session:
            rows = None
            if searched is not None and self.db.dialect == "postgresql":
                rows = probe_in_order(
                    session, spec.module, table, fields, stmt, sort_col, pattern, order
                )
            if rows is None:
                query = stmt if searched is None else searched
                rows = session.execute(keyset(query, sort_col, table.c.id, **order)).all()
            found = [spec.from_row(r) for r in rows]
        key_attr = {"name": _sort_key(spec), "created_at": "created_at", "updated_at": "updated_at"}
        attr = key_attr[sort]
        return page(
            found,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda item: (attr(item) if callable(attr) else getattr(item, attr), item.id),
        )


def _filtered(spec: _Spec, stmt: sa.Select[Any], params: ListParams) -> sa.Select[Any]:
    """``stmt`` narrowed by the list's filters (already checked against hidden fields)."""
    table = spec.table
    for name in spec.exact:
        value = params.filters.get(name)
        if value is not None:
            stmt = stmt.where(table.c[name] == value)
    if spec is ACCOUNT_SPEC:
        code = params.filters.get("customer_code")
        if code:
            stmt = stmt.where(table.c.customer_code == str(code).strip().upper())
        area = params.filters.get("area")
        if area:
            stmt = stmt.where(table.c.area_key == str(area).strip().lower())
        domain = params.filters.get("web_domain")
        if domain:
            stmt = stmt.where(table.c.web_domain == str(domain).strip().lower())
    phone = params.filters.get("phone")
    if phone:
        stmt = stmt.where(table.c.phone_key == (phone_key(str(phone)) or "-"))
    email = params.filters.get("email")
    if email:
        stmt = stmt.where(table.c.email_lc == str(email).strip().lower())
    tag = params.filters.get("tag")
    if tag:
        fk = spec.tags.c[spec.tag_fk]
        stmt = stmt.where(
            sa.exists().where(fk == table.c.id, spec.tags.c.tag == str(tag).strip().lower())
        )
    if params.updated_since is not None:
        stmt = stmt.where(table.c.updated_at >= params.updated_since)
    if spec is CONTACT_SPEC:
        stmt = _segment_filtered(stmt, params.filters)
    return stmt


def _segment_filtered(stmt: sa.Select[Any], filters: dict[str, Any]) -> sa.Select[Any]:
    """Marketing's segment filters (gRPC ListContacts): each list matches any value; the
    account's type, industry and area through the indexed account columns."""
    if filters.get("tags"):
        tags = sorted({str(t).strip().lower() for t in filters["tags"]})
        stmt = stmt.where(
            sa.exists().where(
                contact_tags.c.contact_id == contacts.c.id, contact_tags.c.tag.in_(tags)
            )
        )
    if filters.get("lead_sources"):
        stmt = stmt.where(contacts.c.lead_source.in_(list(filters["lead_sources"])))
    if filters.get("created_since") is not None:
        stmt = stmt.where(contacts.c.created_at >= filters["created_since"])
    wanted = []
    if filters.get("account_types"):
        wanted.append(accounts.c.account_type.in_(list(filters["account_types"])))
    if filters.get("industries"):
        wanted.append(accounts.c.industry.in_(list(filters["industries"])))
    if filters.get("areas"):
        keys = sorted({str(a).strip().lower() for a in filters["areas"]})
        wanted.append(accounts.c.area_key.in_(keys))
    if wanted:
        live = accounts.c.deleted_at.is_(None)
        stmt = stmt.where(contacts.c.account_id.in_(sa.select(accounts.c.id).where(live, *wanted)))
    return stmt


def _sort_key(spec: _Spec) -> Callable[[Any], str]:
    return (lambda a: a.name.lower()) if spec is ACCOUNT_SPEC else (lambda c: c.sort_name)
