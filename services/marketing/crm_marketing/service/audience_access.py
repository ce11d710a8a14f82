"""Who may use mailing lists, segments and templates, and who manages suppressions.

Identity has one marketing module, ``campaigns``; lists, segments and templates are the
campaigns' shared material (as vtiger's e-mail templates are), so the module's actions
decide: view reads them, create/edit/delete change them. They have no record owner of
their own (``created_by`` is kept for the record). The suppression list is a setting:
administrators (the ``settings`` module) add and remove addresses.
"""

from __future__ import annotations

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

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
