"""ListTickets with open_only: what contacts' 360 view asks for (every status but Closed)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from crm.support.v1 import support_pb2 as pb
from crm.support.v1 import support_pb2_grpc as pb_grpc
from crm_access import token_verifier
from crm_access.model import PolicySnapshot, UserFacts
from crm_chassis.auth.principal import Principal
from crm_chassis.testing.service import serving_grpc
from crm_support.bootstrap import Support, bootstrap
from crm_support.domain.commands import ChangeTicket, OpenTicket
from crm_support.domain.ports import ContactRef
from crm_support.domain.tickets import TicketFields
from crm_support.grpc_api.servicer import register


class AnyReference:
    """Every account, contact and product exists (references are h/tickets' tests' concern)."""

    def account_exists(self, account_id: Any, *, token: Any) -> bool:
        return True

    def get_contact(self, contact_id: Any, *, token: Any) -> ContactRef | None:
        return ContactRef(contact_id, None)

    def product_exists(self, product_id: Any, *, token: Any) -> bool:
        return True


@pytest.fixture
def wired(settings) -> Iterator[Support]:
    app = bootstrap(settings, references=AnyReference())
    yield app
    app.db.dispose()


@pytest.fixture
def stub(wired, settings):
    verifier = token_verifier(settings, wired.access.store)
    with serving_grpc(settings, register(wired), verifier) as channel:
        yield pb_grpc.SupportServiceStub(channel)


def test_open_only_leaves_closed_tickets_out(wired, stub, token_factory):
    admin_id = str(uuid.uuid4())
    admin = Principal(admin_id, roles=("admin",))
    wired.access.store.save(PolicySnapshot(version=1, users=(UserFacts(admin_id, is_admin=True),)))
    account = uuid.uuid4()
    opened = []
    for title in ("Printer down", "VPN slow", "Old question"):
        fields = TicketFields(
            title=title, description="help", account_id=account, owner_id=uuid.UUID(admin_id)
        )
        opened.append(
            wired.run(
                OpenTicket(
                    fields=fields,
                    sent=frozenset({"title", "description", "account_id", "owner_id"}),
                ),
                caller=admin,
            )
        )
    close = ChangeTicket(opened[2].id, TicketFields(), frozenset({"status"}), status="Closed")
    wired.run(close, caller=admin)
    metadata = [("authorization", f"Bearer {token_factory.admin(admin_id)}")]
    request = pb.ListTicketsRequest(account_id=str(account), open_only=True)
    reply = stub.ListTickets(request, metadata=metadata, timeout=5)
    assert {t.title for t in reply.tickets} == {"Printer down", "VPN slow"}
    every = stub.ListTickets(
        pb.ListTicketsRequest(account_id=str(account)), metadata=metadata, timeout=5
    )
    assert len(every.tickets) == 3
