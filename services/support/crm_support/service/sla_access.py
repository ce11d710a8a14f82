"""Who may read and edit SLA settings: the ``tickets`` module reads them, administrators
(the ``settings`` module) change them (docs/domain.md, step 2)."""

from __future__ import annotations

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

TICKETS = "tickets"
SETTINGS = "settings"
#: What an SLA settings route declares, so the chassis refuses others first.
ADMIN = (SETTINGS, "edit")
READ = (TICKETS, "view")


def require_admin(access: RecordAccess, caller: Principal) -> None:
    if not access.is_admin(caller):
        raise Forbidden("Only administrators may change calendars and SLA policies.")
