"""Request and response bodies; pydantic checks shapes, the domain checks business rules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import ConfigDict, Field

from crm_access import FieldAccess
from crm_chassis.http import AddressIn, AddressOut, ListQuery, MoneyIn, MoneyOut, Schema
from crm_chassis.pagination import ListParams

Text = str | None
_DECIMAL = r"^-?[0-9]{1,16}(\.[0-9]{1,6})?$"


def sent(body: Schema) -> frozenset[str]:
    """The fields the client sent (a PATCH changes only those; null is a value)."""
    return frozenset(body.model_fields_set)


def redacted(body: Schema, access: FieldAccess) -> dict[str, Any]:
    """The JSON body without the fields the caller may not see (field access)."""
    return access.redact(body.model_dump(mode="json"))


class FilteredListQuery(ListQuery):
    """A list query whose fields beyond ListQuery's are filters."""

    def params(self) -> ListParams:
        values = self.model_dump()
        return ListParams(
            limit=values["limit"],
            cursor=values.get("cursor"),
            sort=values.get("sort"),
            q=values.get("q"),
            updated_since=values.get("updated_since"),
            filters={
                k: v for k, v in values.items() if k not in ListQuery.model_fields and v is not None
            },
        )


class _AccountFields(Schema):
    account_type: str | None = Field(None, max_length=50, description="Pick list: account type")
    industry: str | None = Field(None, max_length=50, description="Pick list: industry")
    website: str | None = Field(None, max_length=500)
    phone: str | None = Field(None, max_length=50)
    email: str | None = Field(None, max_length=320)
    billing_address: AddressIn | None = None
    shipping_address: AddressIn | None = None
    annual_revenue: MoneyIn | None = None
    employees: int | None = Field(None, ge=0, le=100_000_000)
    owner_id: UUID | None = Field(None, description="Default: the caller")
    description: str | None = Field(None, max_length=32_000)
    tags: list[str] | None = Field(None, max_length=50)
    customer_code: str | None = Field(
        None, max_length=30, description="Unique; generated (ACC-000123) when not given"
    )
    parent_id: UUID | None = Field(None, description="Parent account (hierarchy)")
    area: str | None = Field(None, max_length=100, description="Area / sales territory")
    fax: str | None = Field(None, max_length=50)
    rating: str | None = Field(None, max_length=50, description="Pick list: rating")


class AccountCreate(_AccountFields):
    name: str = Field(min_length=1, max_length=255)


class AccountPatch(_AccountFields):
    name: str | None = Field(None, min_length=1, max_length=255)


def _absent_not_null(schema: dict[str, Any]) -> None:
    # A field a view leaves out is absent from the answer, not null: None is no default to
    # document (and not a value of a non-null field's type).
    for prop in schema.get("properties", {}).values():
        if "default" in prop and prop["default"] is None:
            del prop["default"]


class MayLeaveOut(Schema):
    """An answer whose fields with a None default are left out when not set."""

    model_config = ConfigDict(json_schema_extra=_absent_not_null)


class RecordOut(MayLeaveOut):
    """A record as the caller may see it: field access may hide any field, and a hidden
    field is absent from the answer (not null), so no field of a record is required."""


class AccountOut(RecordOut):
    id: UUID = None
    name: str = None
    account_type: Text = None
    industry: Text = None
    website: Text = None
    phone: Text = None
    email: Text = None
    billing_address: AddressOut | None = None
    shipping_address: AddressOut | None = None
    annual_revenue: MoneyOut | None = None
    employees: int | None = None
    owner_id: UUID = None
    description: Text = None
    tags: list[str] = None
    customer_code: Text = None
    parent_id: UUID | None = None
    area: Text = None
    fax: Text = None
    rating: Text = None
    origin_lead_id: UUID | None = None
    created_at: datetime = None
    updated_at: datetime = None
    version: int = None


class AccountListQuery(FilteredListQuery):
    owner_id: UUID | None = None
    account_type: str | None = None
    industry: str | None = None
    email: str | None = None
    tag: str | None = None
    customer_code: str | None = Field(None, max_length=30)
    area: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=50)
    web_domain: str | None = Field(None, max_length=255)
    parent_id: UUID | None = None
    rating: str | None = None


class _ContactFields(Schema):
    account_id: UUID | None = None
    salutation: str | None = Field(None, max_length=20, description="Pick list: salutation")
    first_name: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=200)
    department: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=50)
    mobile: str | None = Field(None, max_length=50)
    mailing_address: AddressIn | None = None
    lead_source: str | None = Field(None, max_length=50, description="Pick list: lead source")
    do_not_call: bool | None = None
    email_opt_out: bool | None = None
    do_not_contact: bool | None = Field(None, description="Never contacted by marketing")
    owner_id: UUID | None = Field(None, description="Default: the caller")
    description: str | None = Field(None, max_length=32_000)
    tags: list[str] | None = Field(None, max_length=50)
    reports_to_id: UUID | None = Field(None, description="The contact this one reports to")
    secondary_email: str | None = Field(None, max_length=320)
    other_phone: str | None = Field(None, max_length=50)
    fax: str | None = Field(None, max_length=50)
    birthday: date | None = None
    portal_access: bool | None = Field(None, description="May sign in to the customer portal")


class ContactCreate(_ContactFields):
    last_name: str = Field(min_length=1, max_length=100)


class ContactPatch(_ContactFields):
    last_name: str | None = Field(None, min_length=1, max_length=100)


class ContactOut(RecordOut):
    id: UUID = None
    account_id: UUID | None = None
    salutation: Text = None
    first_name: Text = None
    last_name: str = None
    title: Text = None
    department: Text = None
    email: Text = None
    phone: Text = None
    mobile: Text = None
    mailing_address: AddressOut | None = None
    lead_source: Text = None
    do_not_call: bool = None
    email_opt_out: bool = None
    do_not_contact: bool = None
    owner_id: UUID = None
    description: Text = None
    tags: list[str] = None
    reports_to_id: UUID | None = None
    secondary_email: Text = None
    other_phone: Text = None
    fax: Text = None
    birthday: date | None = None
    portal_access: bool = None
    origin_lead_id: UUID | None = None
    created_at: datetime = None
    updated_at: datetime = None
    version: int = None


class ContactListQuery(FilteredListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    lead_source: str | None = None
    email: str | None = None
    tag: str | None = None
    phone: str | None = Field(None, max_length=50)
    reports_to_id: UUID | None = None
    do_not_contact: bool | None = None


class OwnerOut(Schema):
    id: UUID
    email: str
    display_name: str
    active: bool
    updated_at: datetime
    deactivated_at: datetime | None


class OwnerListQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    q: str | None = Field(None, max_length=200)


class DeleteQuery(Schema):
    reason: str | None = Field(None, max_length=2000, description="Why (kept on the request)")


class DeletionRequestOut(Schema):
    id: UUID
    record_type: str
    record_id: UUID
    status: str
    reason: Text
    references: dict[str, int]
    requested_by: str
    requested_at: datetime
    decided_by: Text
    decided_at: datetime | None
    decision_note: Text


class DecisionIn(Schema):
    note: str | None = Field(None, max_length=2000)


class DeletionRequestListQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    status: str | None = Field(None, pattern="^(pending|approved|rejected)$")


class DuplicateQuery(Schema):
    entity: Literal["accounts", "contacts"] = "accounts"
    record_id: UUID | None = Field(None, description="Only the likely twins of this record")
    limit: int = Field(50, ge=1, le=200)


class DuplicateGroupOut(Schema):
    entity: str
    matched_on: str = Field(description="name, email, phone or web_domain")
    records: list[dict[str, Any]]


class MergeIn(Schema):
    entity: Literal["accounts", "contacts"]
    survivor_id: UUID
    merged_ids: list[UUID] = Field(min_length=1, max_length=10)
    fields: dict[str, UUID] = Field(
        default_factory=dict,
        description="Field name -> id of the record (survivor or merged) whose value to keep",
    )


class MergeOut(Schema):
    entity: str
    survivor: dict[str, Any]
    merged_ids: list[UUID]
    moved: dict[str, int]


class ImportIn(Schema):
    entity: Literal["accounts", "contacts"]
    csv: str = Field(min_length=1, description="The CSV text, header row first")
    mapping: dict[str, str] | None = Field(
        None, description="CSV column -> field; default: columns named like fields"
    )
    dry_run: bool = False
    on_duplicate: Literal["skip", "update", "create"] = "skip"


class ImportJobOut(Schema):
    id: UUID
    entity: str
    status: str = Field(description="queued, running, completed, partial, failed")
    dry_run: bool
    on_duplicate: str
    total_rows: int
    processed_rows: int
    created_count: int
    updated_count: int
    skipped_count: int
    failed_count: int
    errors: list[dict[str, Any]] = Field(description="[{row, field, message}], at most 1000")
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    rows_total: int | None = Field(
        None, description="data rows of the upload (background jobs; counted as lines)"
    )
    batches_committed: int = Field(0, description="batches finished so far")


class ImportOptions(Schema):
    """POST /imports with a file (multipart fields or query parameters): the options."""

    entity: Literal["accounts", "contacts"]
    mapping: dict[str, str] | None = None
    dry_run: bool = False
    on_duplicate: Literal["skip", "update", "create"] = "skip"


class ExportQuery(ListQuery):
    """Documents GET /exports: the list filters of the chosen entity (limit/cursor unused)."""

    entity: Literal["accounts", "contacts"] = "accounts"
    owner_id: UUID | None = None
    account_type: str | None = None
    industry: str | None = None
    email: str | None = None
    tag: str | None = None
    customer_code: str | None = None
    area: str | None = None
    phone: str | None = None
    web_domain: str | None = None
    parent_id: UUID | None = None
    rating: str | None = None
    account_id: UUID | None = None
    lead_source: str | None = None
    reports_to_id: UUID | None = None
    do_not_contact: bool | None = None
