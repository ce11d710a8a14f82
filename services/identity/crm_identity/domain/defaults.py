"""What a fresh install starts with: the root role, a default hierarchy, four profiles.

Ids are fixed (UUID v5 of the name), so seeding is idempotent across processes and the
demo data and tests can refer to them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

from crm_identity.domain.modules import ACTIONS, MODULES

_NS = uuid.UUID("6f1c5a52-8d0e-4c53-9a51-3c8f0f1e2a10")


def seed_id(kind: str, key: str) -> UUID:
    return uuid.uuid5(_NS, f"{kind}:{key}")


ADMINISTRATOR = seed_id("profile", "administrator")
SALES_PROFILE = seed_id("profile", "sales")
SUPPORT_PROFILE = seed_id("profile", "support")
READ_ONLY = seed_id("profile", "read_only")

ORGANISATION = seed_id("role", "organisation")
CEO = seed_id("role", "ceo")
VP_SALES = seed_id("role", "vp_sales")
SALES_MANAGER = seed_id("role", "sales_manager")
SALES_REP = seed_id("role", "sales_rep")
SUPPORT_MANAGER = seed_id("role", "support_manager")
SUPPORT_AGENT = seed_id("role", "support_agent")

# A new non-admin user without an explicit role lands here; administrators in the root.
DEFAULT_USER_ROLE = SALES_REP
ADMIN_ROLE = ORGANISATION

_ALL = ACTIONS
_WORK = ("view", "create", "edit", "delete", "export")
_SALES_WORK = (
    "leads",
    "accounts",
    "contacts",
    "opportunities",
    "quotes",
    "sales_orders",
    "enquiries",
    "campaigns",
    "tasks",
    "events",
    "notes",
)
_SUPPORT_WORK = ("tickets", "tasks", "events", "notes")


@dataclass(frozen=True)
class ProfileSeed:
    id: UUID
    name: str
    description: str
    view_all: bool
    edit_all: bool
    modules: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class RoleSeed:
    id: UUID
    name: str
    parent_id: UUID | None
    profile_ids: tuple[UUID, ...]


PROFILES: tuple[ProfileSeed, ...] = (
    ProfileSeed(
        ADMINISTRATOR,
        "Administrator",
        "Every action on every record of every module.",
        True,
        True,
        {m: _ALL for m in MODULES},
    ),
    ProfileSeed(
        SALES_PROFILE,
        "Sales Profile",
        "Works leads to orders; reads catalogues, invoices and tickets.",
        False,
        False,
        {
            **{m: _WORK for m in _SALES_WORK},
            "leads": _ALL,
            "accounts": _ALL,
            "contacts": _ALL,
            "products": ("view",),
            "price_books": ("view",),
            "invoices": ("view",),
            "tickets": ("view",),
            "knowledge_base": ("view",),
            "service_contracts": ("view",),
        },
    ),
    ProfileSeed(
        SUPPORT_PROFILE,
        "Support Profile",
        "Works tickets and the knowledge base; reads customers and products.",
        False,
        False,
        {
            **{m: ("view", "create", "edit") for m in _SUPPORT_WORK},
            "knowledge_base": ("view", "create", "edit"),
            "service_contracts": ("view", "create", "edit"),
            "accounts": ("view", "edit"),
            "contacts": ("view", "create", "edit"),
            "products": ("view",),
        },
    ),
    ProfileSeed(
        READ_ONLY,
        "Read Only",
        "Views every record of every module; changes nothing.",
        # "view all": every record whatever the sharing defaults (an auditor's profile);
        # only "view" in the modules, so every write is refused.
        True,
        False,
        {m: ("view",) for m in MODULES},
    ),
)

ROLES: tuple[RoleSeed, ...] = (
    RoleSeed(ORGANISATION, "Organisation", None, (ADMINISTRATOR,)),
    RoleSeed(CEO, "CEO", ORGANISATION, (ADMINISTRATOR,)),
    RoleSeed(VP_SALES, "VP Sales", CEO, (SALES_PROFILE,)),
    RoleSeed(SALES_MANAGER, "Sales Manager", VP_SALES, (SALES_PROFILE,)),
    RoleSeed(SALES_REP, "Sales Rep", SALES_MANAGER, (SALES_PROFILE,)),
    RoleSeed(SUPPORT_MANAGER, "Support Manager", CEO, (SUPPORT_PROFILE,)),
    RoleSeed(SUPPORT_AGENT, "Support Agent", SUPPORT_MANAGER, (SUPPORT_PROFILE,)),
)
