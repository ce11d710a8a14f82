"""Create the first administrator from CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD, once."""

from __future__ import annotations

from crm_chassis.logging import get_logger
from crm_identity.domain.errors import EmailTaken
from crm_identity.domain.roles import ADMIN
from crm_identity.service.users import RegisterUser, UserUseCases

log = get_logger(__name__)


def ensure_first_admin(users: UserUseCases, email: str | None, password: str | None) -> bool:
    """Create the administrator unless one exists; return True when one was created.

    Idempotent: once any administrator exists, nothing happens, so changing the variables
    later never creates a second one behind the admins' backs.
    """
    with users.uow.read() as tx:
        if tx.users.any_with_role(ADMIN):
            log.info("identity.first_admin.exists")
            return False
    if not email or not password:
        log.warning(
            "identity.first_admin.not_configured",
            hint="set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD to create the first administrator",
        )
        return False
    try:
        user = users.register(
            RegisterUser(
                email=email, display_name="Administrator", password=password, roles=(ADMIN,)
            )
        )
    except EmailTaken:
        # Another process (a second web worker) created it a moment ago.
        log.info("identity.first_admin.exists")
        return False
    log.info("identity.first_admin.created", user_id=str(user.id))
    return True

