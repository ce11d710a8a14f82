"""Lead conversion in contacts: which account and contact a converted lead lands on.

Contacts decides, in the transaction that creates the records, whether the lead's company
already exists: by its normalised name (``organisation_key``: case, accents, punctuation and
legal-form words such as Ltd, GmbH, Inc. dropped) or by its web domain (the website's host,
else the e-mail's domain unless it is a free-mail or disposable provider's, from maintained
lists). A lead whose e-mail is a contact's converts onto that contact.

Concurrent conversions of one company are serialised by the keys below, taken as the first
write of the transaction (``match_locks``; on SQLite the file's one write lock already does
it): any two conversions sharing a key (the lead, the name, the domain, the e-mail) run one
after the other, so the second finds the first's account.

The lead's activities (tasks, calls/meetings, notes about it) move to its contact in the same
transaction; each shows once on the contact's and the account's timeline (:func:`moved_entry`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from crm_chassis.fields import Address
from crm_chassis.money import Money
from crm_contacts.domain.accounts import AccountFields
from crm_contacts.domain.contacts import ContactFields
from crm_contacts.domain.duplicates import organisation_key, web_domain
from crm_contacts.domain.timeline import TimelineEntry

MAX_KEY = 300
#: Targets a conversion may fill (sales refuses a mapping row naming anything else).
ACCOUNT_TARGETS = frozenset(
    f.name
    for f in fields(AccountFields)
    if f.name not in {"owner_id", "tags", "customer_code", "parent_id"}
)
#: ``do_not_contact`` stays a target: sales carries a lead's flag whatever the admin's
#: mapping says (consent must survive the conversion), though no mapping row may name it.
CONTACT_TARGETS = frozenset(
    f.name
    for f in fields(ContactFields)
    if f.name
    not in {
        "account_id",
        "owner_id",
        "tags",
        "reports_to_id",
        "portal_access",
        "birthday",
        "do_not_call",
        "email_opt_out",
    }
)
_ADDRESS = {"billing_address", "shipping_address", "mailing_address"}
_INTEGER = {"employees"}
_BOOLEAN = {"do_not_contact"}


@dataclass(frozen=True)
class MatchKeys:
    """What identifies a converted lead's company and person."""

    name_key: str | None
    domain: str | None
    email: str | None

    def lock_keys(self, lead_id: UUID) -> tuple[str, ...]:
        """The lock rows to take, sorted (one order everywhere: no deadlock)."""
        keys = {f"lead:{lead_id}"}
        for kind, value in (("org", self.name_key), ("domain", self.domain), ("email", self.email)):
            if value:
                keys.add(f"{kind}:{value}"[:MAX_KEY])
        return tuple(sorted(keys))


def match_keys(name: str | None, website: str | None, email: str | None) -> MatchKeys:
    """The company's normalised name and web domain, and the person's e-mail."""
    mail = (email or "").strip().lower()
    return MatchKeys(
        name_key=organisation_key(name),
        domain=web_domain(website, mail or None),
        email=mail if "@" in mail else None,
    )


@dataclass(frozen=True)
class LeadConversionResult:
    """Where a lead went: its account and contact, and whether they existed before."""

    lead_id: UUID
    account_id: UUID
    contact_id: UUID
    existing_account: bool
    existing_contact: bool


@dataclass(frozen=True)
class MovedActivity:
    """A task, call, meeting or note that was about the lead and now is about its contact."""

    kind: str  # "task", "call", "meeting" or "note"
    id: UUID
    text: str  # the title, or the note's body
    status: str | None
    owner_id: UUID
    created_at: datetime


#: The timeline module of each kind of activity (as the activity's own entries use).
_ACTIVITY_MODULES = {"task": "tasks", "call": "events", "meeting": "events", "note": "notes"}


def moved_entry(
    moved: MovedActivity, lead_id: UUID, account_id: UUID | None, contact_id: UUID
) -> TimelineEntry:
    """The activity on its new contact's (and account's) timeline, at the time it was made;
    its event id is the activity's, so it shows once however often the conversion runs."""
    text = " ".join(moved.text.split())
    text = text if len(text) <= 120 else f"{text[:120]}..."
    status = f" ({moved.status})" if moved.status else ""
    return TimelineEntry(
        id=uuid.uuid4(),
        event_id=f"contacts.{moved.kind}.from_lead:{moved.id}",
        event_type=f"contacts.{moved.kind}.from_lead.v1",
        source="contacts",
        occurred_at=moved.created_at,
        module=_ACTIVITY_MODULES[moved.kind],
        summary=f"{moved.kind.capitalize()} from the lead: {text}{status}"[:500],
        account_id=account_id,
        contact_id=contact_id,
        record_id=moved.id,
        owner_id=moved.owner_id,
        data={"lead_id": str(lead_id)},
    )


def _value(name: str, raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if name in _ADDRESS:
        return Address.of(raw) if isinstance(raw, Mapping) else None
    if name in _BOOLEAN:
        return raw is True or str(raw).strip().lower() == "true"
    if name in _INTEGER:
        try:
            return int(float(raw))
        except (TypeError, ValueError):
            return None
    return str(raw)


def _money(values: Mapping[str, Any]) -> Money | None:
    amount = values.get("annual_revenue")
    if amount in (None, ""):
        return None
    try:
        return Money(Decimal(str(amount)), str(values.get("annual_revenue_currency") or "EUR"))
    except (InvalidOperation, ValueError):
        return None


def account_fields(values: Mapping[str, Any], tags: tuple[str, ...]) -> AccountFields:
    """The new account's fields from the mapped values (targets sales may name)."""
    given = {
        k: _value(k, v) for k, v in values.items() if k in ACCOUNT_TARGETS and k != "annual_revenue"
    }
    given["annual_revenue"] = _money(values)
    given["name"] = given.get("name") or "Unnamed account"
    return AccountFields(**given, tags=tags or None)


def contact_fields(values: Mapping[str, Any], tags: tuple[str, ...]) -> ContactFields:
    """The new contact's fields from the mapped values (targets sales may name)."""
    given = {k: _value(k, v) for k, v in values.items() if k in CONTACT_TARGETS}
    given["last_name"] = given.get("last_name") or given.get("first_name") or "Unknown"
    return ContactFields(**given, tags=tags or None)
