"""Load the whole demo data set: identity's users in-process, then each service by REST."""

from __future__ import annotations

import subprocess
from collections import Counter

from crm_ops.demo import billing, contacts, marketing, portal, sales, support
from crm_ops.demo.client import Api


def load_identity() -> None:
    """Identity's own demo loader (roles, users, a group, a finance client): idempotent."""
    from crm_identity.bootstrap import bootstrap
    from crm_identity.config import Settings
    from crm_identity.entrypoints.demo import load as load_users

    app = bootstrap(Settings())
    try:
        load_users(app, first=False)
    finally:
        app.db.dispose()


def run_overdue_check() -> None:
    """Billing's own overdue pass (``crm-billing-overdue``), so the backdated invoice shows
    as Overdue now rather than at the worker's next check. A subprocess, not an import:
    crmctl ships in identity's image, which holds no billing code."""
    subprocess.run(["crm-billing-overdue"], check=True, capture_output=True)


def load(gateway: str, email: str, password: str) -> dict[str, int]:
    """Fill contacts, sales, billing, support and marketing; return what was created."""
    api = Api.sign_in(gateway, email, password)
    made = contacts.load(api)
    portal.link(api, made["accounts"], made["contacts"])
    # Billing's numbers follow dates: the backdated (overdue) invoice goes first, before
    # sales' approvals make billing invoice anything today.
    billing.load_direct(api, made["accounts"])
    sold = sales.load(api, made["accounts"])
    billing.load(api, made["accounts"], sold["quotes"])
    support.load(api, made["accounts"], made["contacts"])
    marketing.load(api, made["contacts"], sold["leads"])
    return dict(sorted(Counter(api.created).items()))
