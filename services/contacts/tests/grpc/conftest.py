"""gRPC fixtures: a real server on a free port, a channel and a stub."""

import grpc
import pytest

from crm.contacts.v1 import contacts_pb2_grpc as pb_grpc
from crm_chassis.grpc import build_server
from crm_contacts.bootstrap import token_verifier
from crm_contacts.grpc_api.servicer import register


@pytest.fixture
def channel(service, settings):
    server = build_server(
        settings, register(service), token_verifier(settings, service.db, service.access.store)
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    chan = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield chan
    chan.close()
    server.stop(0).wait()


@pytest.fixture
def stub(channel):
    return pb_grpc.ContactsServiceStub(channel)


@pytest.fixture
def md(tokens, owner):
    return [("authorization", f"Bearer {tokens.admin(str(owner.id))}")]
