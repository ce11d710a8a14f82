"""gRPC fixtures: a real server on a free port, a channel and a stub."""

import grpc
import pytest

from crm.billing.v1 import billing_pb2_grpc as pb_grpc
from crm_billing.grpc_api.servicer import register
from crm_chassis.access import token_verifier
from crm_chassis.grpc import build_server


@pytest.fixture
def channel(service, settings):
    server = build_server(
        settings, register(service), token_verifier(settings, service.access.store)
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    chan = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield chan
    chan.close()
    server.stop(0).wait()


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
