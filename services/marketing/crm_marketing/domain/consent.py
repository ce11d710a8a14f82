"""Consent: who is never mailed, whatever list or segment they are on.

A recipient is skipped, with the reason, when it has no address, its record says do not
contact or e-mail opt-out (contacts' and sales' own flags), its address is on marketing's
suppression list (unsubscribed, hard bounced, added by an administrator), or the same
address was already taken for this mailing (one mail per address). Checked at send time,
so a flag set after a list was built still counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError
from crm_marketing.domain.audience_errors import InvalidSuppression
from crm_marketing.domain.audience_events import RecipientUnsubscribed
from crm_marketing.domain.ports import (
    SKIP_BOUNCED,
    SKIP_DO_NOT_CONTACT,
    SKIP_DUPLICATE,
    SKIP_NO_ADDRESS,
    SKIP_OPTED_OUT,
    SKIP_SUPPRESSED,
    SKIP_UNSUBSCRIBED,
    Person,
)

UNSUBSCRIBED = "unsubscribed"
HARD_BOUNCED = "hard_bounced"
MANUAL = "manual"
#: Why an address is on the suppression list, and the skip reason each gives.
REASONS: dict[str, str] = {
    UNSUBSCRIBED: SKIP_UNSUBSCRIBED,
    HARD_BOUNCED: SKIP_BOUNCED,
    MANUAL: SKIP_SUPPRESSED,
}
# Deliberately loose: one @, no spaces, a dot in the domain. The mail server is the judge
# of deliverability; this only keeps obvious garbage off the list.
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ADDRESS = 320


def normal_address(address: str | None) -> str | None:
    """The address as the suppression list keys it (trimmed, lower-cased), or None."""
    cleaned = (address or "").strip().lower()
    return cleaned or None


def skip_reason(person: Person, suppressed: Mapping[str, str], seen: set[str]) -> str | None:
    """Why ``person`` is not mailed (None: mail them); ``seen`` collects taken addresses."""
    address = normal_address(person.email)
    if address is None:
        return SKIP_NO_ADDRESS
    if person.do_not_contact:
        return SKIP_DO_NOT_CONTACT
    if person.email_opt_out:
        return SKIP_OPTED_OUT
    if address in suppressed:
        return REASONS.get(suppressed[address], SKIP_SUPPRESSED)
    if address in seen:
        return SKIP_DUPLICATE
    seen.add(address)
    return None


@dataclass
class Suppression:
    """One address marketing never mails again (until an administrator removes it)."""

    address: str
    reason: str
    created_by: str
    created_at: datetime
    mailing_id: UUID | None = None
    contact_id: UUID | None = None
    lead_id: UUID | None = None
    note: str | None = None
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(
        cls, *, address: str, reason: str, by: str, now: datetime, **more: Any
    ) -> Suppression:
        """A checked suppression (422 naming ``address`` or ``reason``)."""
        normal = normal_address(address)
        errors = []
        if normal is None or len(normal) > MAX_ADDRESS or not _ADDRESS.match(normal):
            errors.append(FieldError("address", "not an e-mail address"))
        if reason not in REASONS:
            errors.append(FieldError("reason", f"must be one of {sorted(REASONS)}"))
        if errors:
            raise InvalidSuppression("The suppression cannot be saved.", errors=errors)
        assert normal is not None
        return cls(address=normal, reason=reason, created_by=by, created_at=now, **more)

    @classmethod
    def unsubscribe(
        cls,
        *,
        address: str,
        now: datetime,
        mailing_id: UUID | None,
        contact_id: UUID | None,
        lead_id: UUID | None,
    ) -> Suppression:
        """The suppression an unsubscribe makes; it records RecipientUnsubscribed."""
        found = cls.create(
            address=address,
            reason=UNSUBSCRIBED,
            by="unsubscribe",
            now=now,
            mailing_id=mailing_id,
            contact_id=contact_id,
            lead_id=lead_id,
        )
        found.events.append(
            RecipientUnsubscribed(
                address=found.address,
                mailing_id=mailing_id,
                contact_id=contact_id,
                lead_id=lead_id,
                at=now,
            )
        )
        return found
