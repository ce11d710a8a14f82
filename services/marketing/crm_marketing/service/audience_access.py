"""Who may use mailing lists, segments and templates, and who manages suppressions.

Identity has one marketing module, ``campaigns``; lists, segments and templates are the
campaigns' material (as vtiger's e-mail templates are), so the module's actions decide
first: view reads them, create/edit/delete change them. Then each record's owner (a user
or group; the creator by default) decides as for campaigns: the module's sharing default,
the role hierarchy (a manager sees subordinates' records), groups and sharing rules
(``crm_access``'s record scope, in SQL for lists). A record the caller may not see is a
404, one it may see but not change a 403. A record without an owner (made before owners
existed by a service account) is seen only by administrators and view-all profiles. The
suppression list is a setting: administrators (the ``settings`` module) change it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import FieldError, Forbidden, InvalidFields, RecordNotFound
from crm_marketing.service.access import caller_id

CAMPAIGNS = "campaigns"
SETTINGS = "settings"
READ = (CAMPAIGNS, "view")
CREATE = (CAMPAIGNS, "create")
EDIT = (CAMPAIGNS, "edit")
DELETE = (CAMPAIGNS, "delete")
ADMIN = (SETTINGS, "edit")
#: The access module a recipient kind is read from (a preview or a mailing's audience).
RECORD_MODULES = {"contact": "contacts", "lead": "leads"}


def require(access: RecordAccess, caller: Principal, permission: tuple[str, str]) -> None:
    """The module check again inside the use case (routes declare it too)."""
    access.require(caller, *permission)


def require_admin(access: RecordAccess, caller: Principal) -> None:
    if not access.is_admin(caller):
        raise Forbidden("Only administrators may change the suppression list.")


def owner_for(access: RecordAccess, caller: Principal, given: UUID | None) -> UUID | None:
    """The new record's owner: the one named (an active user or a group, else 422 naming
    ``owner_id``), or the caller."""
    if given is None:
        return caller_id(caller)
    access.check_owner(given)
    return given


def check_new_owner(access: RecordAccess, sent: Any, owner_id: UUID | None) -> None:
    """A change that names an owner names a valid one (null is refused: 422)."""
    if "owner_id" not in sent:
        return
    if owner_id is None:
        raise InvalidFields([FieldError("owner_id", "required: a user or group")])
    access.check_owner(owner_id)


def visible(
    access: RecordAccess, caller: Principal, record: Any, noun: str, record_id: UUID, action: str
) -> Any:
    """``record`` when the caller may see it (else 404, like an absent one) and may
    ``action`` it (else 403)."""
    if record is None or not access.can_see(caller, CAMPAIGNS, record):
        raise RecordNotFound(noun, record_id)
    if action != "view":
        access.require_on(caller, CAMPAIGNS, action, record)
    return record
