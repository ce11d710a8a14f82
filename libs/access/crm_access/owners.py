"""The one rule for who may own a record: an active internal user (or, where the module
allows it, a group) of the policy snapshot. Every service's write paths call it
(create, PATCH, assign, import, conversion) so an owner is checked the same way everywhere;
a bad owner is a 422 naming the field.

Event-fed records (the owner came from another service's user action) do not call it: a
brand-new user may not be in this service's policy copy yet, and such a record must not be
lost (docs/domain.md, "Owners").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crm_access.model import PolicySnapshot
from crm_chassis.errors import FieldError, InvalidFields

NOT_AN_OWNER = "is not an active internal user"
NOT_AN_OWNER_OR_GROUP = "is not an active internal user or group"


def owner_problem(snapshot: PolicySnapshot, owner_id: Any, *, groups: bool = True) -> str | None:
    """Return why ``owner_id`` may not own records (None when it may).

    Accepted: a user the snapshot knows, active, of kind ``user`` (never a portal user);
    with ``groups``, also a group of the snapshot. Anything else (unknown, deactivated,
    portal, not an id at all) is refused with the same message, so it reveals nothing more.
    """
    wanted = str(owner_id) if owner_id is not None else ""
    user = next((u for u in snapshot.users if u.id == wanted), None)
    if user is not None and user.active and user.kind == "user":
        return None
    if groups and any(g.id == wanted for g in snapshot.groups):
        return None
    return NOT_AN_OWNER_OR_GROUP if groups else NOT_AN_OWNER


def check_owner(
    snapshot: PolicySnapshot,
    owner_id: Any,
    field: str = "owner_id",
    *,
    groups: bool = True,
    unknown: Callable[[Any], None] | None = None,
) -> None:
    """Raise :class:`InvalidFields` (422) naming ``field`` unless ``owner_id`` may own.

    ``unknown``: a service that also keeps its own event-fed copy of identity's users
    (contacts' owner directory) is asked, and may raise, only for an id this snapshot does
    not name at all (a user newer than the local policy copy); the snapshot's word on a
    user it knows (deactivated, portal) is final.
    """
    problem = owner_problem(snapshot, owner_id, groups=groups)
    if problem is None:
        return
    wanted = str(owner_id) if owner_id is not None else ""
    named = any(u.id == wanted for u in snapshot.users) or any(
        g.id == wanted for g in snapshot.groups
    )
    if unknown is not None and owner_id is not None and not named:
        unknown(owner_id)
        return
    raise InvalidFields([FieldError(field, problem)])
