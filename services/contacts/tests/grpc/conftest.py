"""gRPC fixtures: a real server on a free port, a channel and a stub."""

import pytest

from crm.contacts.v1 import contacts_pb2_grpc as pb_grpc
from crm_chassis.testing.service import serving_grpc
from crm_contacts.bootstrap import token_verifier
from crm_contacts.grpc_api.servicer import register


@pytest.fixture
def channel(service, settings):
    verifier = token_verifier(settings, service.db, service.access.store)
    with serving_grpc(settings, register(service), verifier) as chan:
        yield chan


@pytest.fixture
def stub(channel):
    return pb_grpc.ContactsServiceStub(channel)


@pytest.fixture
def md(tokens, owner):
    return [("authorization", f"Bearer {tokens.admin(str(owner.id))}")]
