"""Static mailing lists: chosen contacts and leads, by id.

Members are validated when added (each must exist and be visible to whoever adds it, read
over gRPC with their token); adding a member twice changes nothing. Consent is not a list
matter: an opted-out member stays on the list and is skipped at send time with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_chassis.errors import FieldError
from crm_marketing.domain.audience_errors import InvalidList

MEMBER_KINDS = ("contact", "lead")
MAX_IDS = 500


@dataclass
class MailingList:
    id: UUID
    name: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    #: A user or group (record-level access, as campaigns); None: administrators only.
    owner_id: UUID | None = None
    version: int = 1

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        name: str,
        description: str | None,
        by: str,
        now: datetime,
        owner_id: UUID | None = None,
    ) -> MailingList:
        return cls(
            id=id,
            name=_name(name),
            description=description,
            owner_id=owner_id,
            created_by=by,
            created_at=now,
            updated_at=now,
        )

    def rename(
        self,
        name: str | None,
        description: str | None,
        sent: set[str],
        now: datetime,
        owner_id: UUID | None = None,
    ) -> None:
        """Apply the sent fields (``owner_id`` already checked by the use case)."""
        if "owner_id" in sent:
            self.owner_id = owner_id
        if "name" in sent:
            self.name = _name(name)
        if "description" in sent:
            self.description = description
        self.updated_at = now
        self.version += 1


@dataclass(frozen=True)
class Member:
    kind: str
    id: UUID
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class MembersAdded:
    """What an add did: how many were new and how many were on the list already."""

    added: int
    already: int


def check_ids(contact_ids: list[UUID], lead_ids: list[UUID]) -> None:
    errors = []
    if not contact_ids and not lead_ids:
        errors.append(FieldError("contact_ids", "give contact_ids or lead_ids"))
    for name, ids in (("contact_ids", contact_ids), ("lead_ids", lead_ids)):
        if len(ids) > MAX_IDS:
            errors.append(FieldError(name, f"at most {MAX_IDS} per request"))
    if errors:
        raise InvalidList("The members cannot be added.", errors=errors)


def _name(name: str | None) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise InvalidList("A name is required.", errors=[FieldError("name", "required")])
    return cleaned
