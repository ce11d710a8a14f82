"""gRPC fixtures: a real server on a free port, a channel and a stub."""

import pytest

from crm.billing.v1 import billing_pb2_grpc as pb_grpc
from crm_access import token_verifier
from crm_billing.grpc_api.servicer import register
from crm_chassis.testing.service import serving_grpc


@pytest.fixture
def channel(service, settings):
    verifier = token_verifier(settings, service.access.store)
    with serving_grpc(settings, register(service), verifier) as chan:
        yield chan


@pytest.fixture
def stub(channel):
    return pb_grpc.BillingServiceStub(channel)


@pytest.fixture
def finance(tokens):
    """A finance system's service-account token with billing scopes."""
    scope = (
        "billing.invoices.read billing.payments.read billing.payments.write "
        "billing.vendors.read billing.purchase_orders.read"
    )
    token = tokens.issue("svc-finance", typ="service", scope=scope)
    return [("authorization", f"Bearer {token}")]
