"""support's own credentials (svc-support) serve only its jobs without a user, each token
asked for one scope (docs/architecture.md, "Service credentials"): the caller-rights matrix
names these tests as the proof for the e-mail channel and the portal ticket's product."""

import pytest

from crm_support.adapters.mail_contacts import GrpcMailContacts
from crm_support.adapters.references import RemoteReferences
from crm_support.config import Settings


@pytest.fixture
def settings(monkeypatch) -> Settings:
    monkeypatch.setenv("SUPPORT_CLIENT_ID", "svc-support")
    monkeypatch.setenv("SUPPORT_CLIENT_SECRET", "s3cret")
    return Settings()


def test_the_mail_channel_asks_for_contact_reads_alone(settings):
    tokens = GrpcMailContacts(settings).contacts.tokens
    assert tokens is not None and tokens.client_id == "svc-support"
    assert tokens.scope == "contacts.contacts.read"


def test_reference_checks_ask_each_service_for_one_scope(settings):
    refs = RemoteReferences(settings)
    assert refs.contacts.tokens is not None and refs.sales.tokens is not None
    assert refs.contacts.tokens.scope == "contacts.contacts.read"
    assert refs.sales.tokens.scope == "sales.products.read"


def test_without_credentials_no_job_has_a_token(monkeypatch):
    monkeypatch.delenv("SUPPORT_CLIENT_ID", raising=False)
    monkeypatch.delenv("SUPPORT_CLIENT_SECRET", raising=False)
    monkeypatch.delenv("CRM_CLIENT_ID", raising=False)
    monkeypatch.delenv("CRM_CLIENT_SECRET", raising=False)
    settings = Settings()
    assert GrpcMailContacts(settings).contacts.tokens is None
    assert RemoteReferences(settings).sales.tokens is None
