"""Load the demo data set (``crm-identity-demo``); idempotent, safe to run on every start.

Roles, profiles, a group and a sharing rule, users of each kind (one password for all), a
portal customer, and a finance service account. Identity requires a portal user's account
and contact, and runs before contacts has data, so the customer starts with placeholder ids;
``crmctl demo load`` links it to a real demo account and contact (crm_ops.demo.portal). The logins
are listed in the README's "Demo data" section.
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis.logging import configure_logging, get_logger
from crm_identity.bootstrap import Identity, bootstrap, first_start
from crm_identity.config import Settings
from crm_identity.domain import defaults
from crm_identity.domain.commands import (
    CreateGroup,
    CreateServiceAccount,
    CreateSharingRule,
    RegisterUser,
)
from crm_identity.domain.defaults import seed_id
from crm_identity.domain.groups import GroupFields
from crm_identity.domain.roles import Role
from crm_identity.domain.sharing import SharingRuleFields
from crm_identity.service.audit import SYSTEM

log = get_logger(__name__)

PASSWORD = "Demo-password-2026"
AUDITOR_ROLE = seed_id("role", "demo_auditor")
# Placeholders until crmctl links the customer to Globex Media (see the docstring).
PORTAL_ACCOUNT_ID = UUID("0d3e4f5a-0000-4000-8000-00000000a001")
PORTAL_CONTACT_ID = UUID("0d3e4f5a-0000-4000-8000-00000000c001")
FINANCE_CLIENT_ID = "demo-finance"
FINANCE_SECRET = "demo-finance-secret-2026"
# An ERP recording payments names the customer's account: billing checks it in contacts
# with the ERP's own token, so the ERP needs contacts' account read scope too.
FINANCE_SCOPES = (
    "billing.invoices.read",
    "billing.payments.read",
    "billing.payments.write",
    "contacts.accounts.read",
)

# email, display name, role (None: portal)
USERS: tuple[tuple[str, str, UUID | None], ...] = (
    ("ceo@crm.local", "Carla CEO", defaults.CEO),
    ("vp.sales@crm.local", "Victor VP Sales", defaults.VP_SALES),
    ("sales.manager@crm.local", "Mona Sales Manager", defaults.SALES_MANAGER),
    ("rep.one@crm.local", "Rita Rep", defaults.SALES_REP),
    ("rep.two@crm.local", "Pete Rep", defaults.SALES_REP),
    ("support.agent@crm.local", "Sam Support", defaults.SUPPORT_AGENT),
    ("auditor@crm.local", "Ada Auditor (read only)", AUDITOR_ROLE),
    ("customer@client.demo", "Cora Customer (portal)", None),
)


def _ensure_auditor_role(app: Identity) -> None:
    now = app.uow.clock()
    with app.uow() as tx:
        if tx.roles.get(AUDITOR_ROLE) is None:
            description = "Demo: sees everything, changes nothing."
            role = Role(
                AUDITOR_ROLE, "Auditor", defaults.CEO, (defaults.READ_ONLY,), description, now, now
            )
            tx.roles.add(role)
            tx.audit.record(
                "role.created",
                actor_id=None,
                subject_type="role",
                subject_id=AUDITOR_ROLE,
                details={"name": "Auditor", "demo": True},
            )
            tx.mark_policy_changed()


def _ensure_users(app: Identity) -> dict[str, UUID]:
    ids = {}
    for email, name, role_id in USERS:
        with app.uow.read() as tx:
            user = tx.users.by_email(email)
        if user is None:
            portal = role_id is None
            user = app.run(
                RegisterUser(
                    email=email,
                    display_name=name,
                    password=PASSWORD,
                    role_id=role_id,
                    kind="portal" if portal else "user",
                    account_id=PORTAL_ACCOUNT_ID if portal else None,
                    contact_id=PORTAL_CONTACT_ID if portal else None,
                ),
                caller=SYSTEM,
            )
            log.info("identity.demo.user_created", email=email)
        ids[email] = user.id
    return ids


def _ensure_group_and_rule(app: Identity, ids: dict[str, UUID]) -> None:
    if not any(g.name == "Key Accounts" for g in app.queries.groups()):
        group = GroupFields(
            name="Key Accounts",
            description="Demo: a rep and the support team.",
            user_ids=(ids["rep.one@crm.local"],),
            role_and_subordinate_ids=(defaults.SUPPORT_MANAGER,),
        )
        app.run(CreateGroup(group), caller=SYSTEM)
    if not app.queries.sharing_rules():
        # Support sees (read-only) the accounts the sales managers' teams own.
        rule = SharingRuleFields(
            module="accounts",
            source_kind="role_and_subordinates",
            source_id=defaults.SALES_MANAGER,
            target_kind="role_and_subordinates",
            target_id=defaults.SUPPORT_MANAGER,
            access="read",
        )
        app.run(CreateSharingRule(rule), caller=SYSTEM)


def _ensure_finance(app: Identity) -> None:
    with app.uow() as tx:
        found = tx.service_accounts.by_client_id(FINANCE_CLIENT_ID)
        if found is not None and set(FINANCE_SCOPES) - set(found.scopes):
            # Loaded before the account needed contacts' scope: grant what it lacks.
            found.scopes = tuple(dict.fromkeys((*found.scopes, *FINANCE_SCOPES)))
            tx.service_accounts.save(found)
    if found is None:
        account = CreateServiceAccount(
            name="Finance system (demo)",
            scopes=FINANCE_SCOPES,
            client_id=FINANCE_CLIENT_ID,
            secret=FINANCE_SECRET,
        )
        app.run(account, caller=SYSTEM)


def load(app: Identity, *, first: bool = True) -> dict[str, UUID]:
    """Create whatever part of the demo data is missing; return the users' ids by email.

    ``first=False`` skips first-start work (``crmctl demo load``: the migrate step did it,
    and its secret hashing takes seconds).
    """
    if first:
        first_start(app)
    _ensure_auditor_role(app)
    ids = _ensure_users(app)
    _ensure_group_and_rule(app, ids)
    _ensure_finance(app)
    return ids


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "demo", settings.log_level)
    app = bootstrap(settings)
    try:
        load(app)
    finally:
        app.db.dispose()
    log.info("identity.demo.loaded", users=len(USERS), password_hint="see README 'Demo data'")
