"""Record-level access to owned activity records: tasks, calls/meetings and notes.

Access is the other modules' (docs/domain.md's order through :mod:`crm_access`), with
modules ``tasks``, ``events`` and ``notes``: a record belongs to its ``owner_id`` (a user
or a group); one the caller may not see answers 404, one they see but may not change 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Forbidden, RecordNotFound, invalid
from crm_contacts.domain.activities import Owned, Related

if TYPE_CHECKING:
    from crm_contacts.service.queries import Queries
    from crm_contacts.service.remote_records import RemoteRecords

TASKS = "tasks"
EVENTS = "events"
NOTES = "notes"
R = TypeVar("R", bound=Owned)


def today() -> date:
    """The current UTC date (what "overdue" is measured against)."""
    return utcnow().date()


def visible(
    access: RecordAccess, caller: Principal, module: str, owner_id: UUID, action: str = "view"
) -> bool:
    """Whether the caller may do ``action`` on a record of ``module`` owned by ``owner_id``."""
    scope = access.scope(caller, module, action)
    if scope.all:
        return True
    # Portal callers reach activities only through their own account's records.
    if scope.portal_account_id or scope.portal_contact_id:
        return False
    return scope.allows_owner(owner_id)


def load_owned(
    access: RecordAccess,
    caller: Principal,
    module: str,
    record: R | None,
    action: str,
    what: tuple[str, UUID],
) -> R:
    """Return ``record`` for ``action``: 404 when absent or invisible, 403 when read-only."""
    if record is None or not visible(access, caller, module, record.owner_id):
        raise RecordNotFound(*what)
    if action != "view" and not visible(access, caller, module, record.owner_id, action):
        raise Forbidden(f"You may not {action} this record.")
    return record


def my_owner_ids(access: RecordAccess, caller: Principal) -> set[str]:
    """The caller and the groups they belong to ("mine" = assigned to me or my group)."""
    decider = access.store.decider()
    return {caller.subject, *decider.groups_of(caller.subject)}


def check_related(queries: Queries, caller: Principal, related: Related | None) -> None:
    """Refuse (422 naming ``related_id``) a relation to an account or contact the caller
    cannot see (in the write's transaction). Other services' records are checked before the
    transaction opens (:func:`check_remote_first`)."""
    if related is None or related.type not in ("account", "contact"):
        return
    try:
        if related.type == "account":
            queries.get_account(caller, related.id)
        else:
            queries.get_contact(caller, related.id)
    except RecordNotFound:
        raise invalid("related_id", f"no {related.type} with this id") from None


def check_remote_first(
    remote: RemoteRecords,
    sent: Iterable[str],
    related_type: str | None,
    related_id: UUID | None,
    current: Related | None = None,
) -> None:
    """Before a write's transaction (no lock is held across the network): the record of
    another service the write would relate to must exist for the caller (422 naming
    ``related_id``; its service down: 503). ``current``: the relation before a partial
    update, for the half the update does not send."""
    sent = set(sent)
    if not sent & {"related_type", "related_id"}:
        return
    kind = related_type if "related_type" in sent else (current.type if current else None)
    record = related_id if "related_id" in sent else (current.id if current else None)
    kind = kind.strip() if kind else None
    if kind and record is not None and kind not in ("account", "contact"):
        remote.check_related(Related(kind, record))
