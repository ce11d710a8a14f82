"""Pick lists shipped with the product (docs/domain.md, "Pick lists"; vtiger's defaults):
tuples of the values a field may take, checked on every write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_chassis.fields import Checker

TICKET_PRIORITIES = ("Low", "Normal", "High", "Urgent")
TICKET_SEVERITIES = ("Minor", "Major", "Feature", "Critical")
TICKET_CATEGORIES = ("Big Problem", "Small Problem", "Other Problem")
#: How a ticket reached us.
TICKET_CHANNELS = ("email", "phone", "portal", "web", "api")
#: A ticket's owner is an internal user or a group of them.
OWNER_KINDS = ("user", "group")
#: Who wrote a comment: staff (an internal user) or the customer (portal or e-mail).
AUTHOR_KINDS = ("staff", "customer")
DEFAULT_PRIORITY = "Normal"
DEFAULT_CHANNEL = "api"
#: The ticket setting holding the administrators' lists.
PICKLISTS_KEY = "picklists"
PICK_MAX_VALUES, PICK_MAX_LENGTH = 100, 50


@dataclass(frozen=True)
class TicketLists:
    """The ticket pick lists administrators may edit: severity and category.

    Priority, status and channel stay fixed: SLA policies are chosen by priority, the
    status is a declared machine, the channel is what the service's own paths set. A
    ticket keeps a value taken off a list until that field is changed.
    """

    severities: tuple[str, ...] = TICKET_SEVERITIES
    categories: tuple[str, ...] = TICKET_CATEGORIES

    @classmethod
    def of(cls, stored: Any) -> TicketLists:
        found = stored or {}
        return cls(
            tuple(found.get("severities") or TICKET_SEVERITIES),
            tuple(found.get("categories") or TICKET_CATEGORIES),
        )

    def as_setting(self) -> dict[str, list[str]]:
        return {"severities": list(self.severities), "categories": list(self.categories)}

    def keeping(self, severity: str | None, category: str | None) -> TicketLists:
        """These lists, plus a record's current values (still valid on it)."""
        return TicketLists(_with(self.severities, severity), _with(self.categories, category))

    def check(self) -> TicketLists:
        """422 naming a list that is empty, too long, or has blank, long or repeated values."""
        check = Checker()
        cleaned = {}
        for name in ("severities", "categories"):
            values = tuple(v.strip() for v in getattr(self, name))
            bad = (
                not values
                or len(values) > PICK_MAX_VALUES
                or len(set(values)) != len(values)
                or any(not v or len(v) > PICK_MAX_LENGTH for v in values)
            )
            if bad:
                check.add(
                    name,
                    f"needs 1 to {PICK_MAX_VALUES} distinct values of 1 to "
                    f"{PICK_MAX_LENGTH} characters",
                )
            cleaned[name] = values
        check.raise_if_any()
        return TicketLists(**cleaned)


def _with(values: tuple[str, ...], current: str | None) -> tuple[str, ...]:
    return values if current is None or current in values else (*values, current)
