"""The suite's own service credentials hold only the scopes of their jobs without a user
(docs/architecture.md, "Service credentials"): the caller-rights matrix names these tests as
the proof for support's service-credential paths (e-mail channel, portal ticket product)."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from crm_identity.domain.service_accounts import ServiceAccount, system_scopes

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_support_holds_the_policy_fetch_contact_reads_and_the_catalogue_only():
    assert system_scopes("support") == (
        "identity.policy.read",
        "contacts.contacts.read",
        "sales.products.read",
    )
    assert system_scopes("SUPPORT") == system_scopes("support")


def test_marketing_holds_the_policy_fetch_and_its_send_jobs_reads_only():
    """The send job resolves segments and lists in the worker, with no user behind it."""
    assert system_scopes("marketing") == (
        "identity.policy.read",
        "contacts.contacts.read",
        "contacts.accounts.read",
        "sales.leads.read",
    )


@pytest.mark.parametrize("service", ["contacts", "sales", "billing", "identity"])
def test_other_services_hold_the_policy_fetch_only(service):
    assert system_scopes(service) == ("identity.policy.read",)


def test_a_job_asking_for_one_scope_gets_that_scope_alone():
    """support's e-mail channel asks for ``contacts.contacts.read``; its token carries no
    sales scope, and svc-support can never be granted accounts, sales or billing reads."""
    svc = ServiceAccount(
        id=uuid4(),
        client_id="svc-support",
        name="support",
        secret_hash="h",
        scopes=system_scopes("support"),
        active=True,
        created_at=NOW,
        updated_at=NOW,
    )
    assert svc.grant(("contacts.contacts.read",)) == ("contacts.contacts.read",)
    assert svc.grant(("sales.products.read",)) == ("sales.products.read",)
    for wider in ("contacts.accounts.read", "sales.quotes.read", "billing.invoices.read"):
        assert wider not in svc.grant(())
