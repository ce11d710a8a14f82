"""Create the first administrator from CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD, once."""

from __future__ import annotations

from crm_chassis.logging import get_logger
from crm_identity.domain.errors import EmailTaken, InvalidField
from crm_identity.domain.passwords import check_password_policy
from crm_identity.service.users import RegisterUser, UserUseCases

log = get_logger(__name__)


def ensure_first_admin(users: UserUseCases, email: str | None, password: str | None) -> bool:
    """Create the administrator unless one exists; return True when one was created.

    Idempotent: once any administrator exists, nothing happens, so changing the variables
    later never creates a second one behind the admins' backs.
    """
    with users.uow.read() as tx:
        if tx.users.any_admin():
            log.info("identity.first_admin.exists")
            return False
    if not email or not password:
        log.warning(
            "identity.first_admin.not_configured",
            hint="set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD to create the first administrator",
        )
        return False
    try:
        # The operator chose this password; a weak one is logged, not refused, so that a
        # laptop default never keeps the suite from starting.
        try:
            check_password_policy(password, email=email)
        except InvalidField as exc:
            log.warning("identity.first_admin.weak_password", detail=exc.detail)
        user = users.register(
            RegisterUser(
                email=email, display_name="Administrator", password=password, is_admin=True
            ),
            enforce_policy=False,
        )
    except EmailTaken:
        # Another process (a second web worker) created it a moment ago.
        log.info("identity.first_admin.exists")
        return False
    log.info("identity.first_admin.created", user_id=str(user.id))
    return True
