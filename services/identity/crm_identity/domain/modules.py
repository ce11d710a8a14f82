"""The modules and actions a profile grants, and which modules have no record owner.

Names follow the chassis's access model (``crm_access``): the keys of a profile's
``modules`` and of the sharing defaults.
"""

from __future__ import annotations

from crm_access.model import ACTIONS

MODULES: tuple[str, ...] = (
    "leads",
    "accounts",
    "contacts",
    "opportunities",
    "products",
    "price_books",
    "quotes",
    "sales_orders",
    "enquiries",
    "invoices",
    "payments",
    "credit_notes",
    "vendors",
    "purchase_orders",
    "campaigns",
    "tickets",
    "knowledge_base",
    "service_contracts",
    "tasks",
    "events",
    "notes",
)
# Records of these modules have no owner: everyone with module access sees them all.
UNOWNED: tuple[str, ...] = ("products", "price_books", "knowledge_base", "vendors")
OWNED: tuple[str, ...] = tuple(m for m in MODULES if m not in UNOWNED)
# vtiger keeps one sharing setting for accounts and contacts; so do we.
SHARED_SETTING: dict[str, tuple[str, ...]] = {
    "accounts": ("accounts", "contacts"),
    "contacts": ("accounts", "contacts"),
}
SHARING_DEFAULTS: tuple[str, ...] = (
    "private",
    "public_read",
    "public_read_write",
    "public_read_write_delete",
)
FIELD_MODES: tuple[str, ...] = ("editable", "read_only", "hidden")
RULE_KINDS: tuple[str, ...] = ("role", "role_and_subordinates", "group")
RULE_ACCESS: tuple[str, ...] = ("read", "read_write")

__all__ = [
    "ACTIONS",
    "FIELD_MODES",
    "MODULES",
    "OWNED",
    "RULE_ACCESS",
    "RULE_KINDS",
    "SHARED_SETTING",
    "SHARING_DEFAULTS",
    "UNOWNED",
]
