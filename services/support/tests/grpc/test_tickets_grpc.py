"""SupportService over a real socket: Get/BatchGet/List/Search with the caller's rights."""

from __future__ import annotations

import uuid

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from crm.support.v1 import support_pb2 as pb
from crm.support.v1 import support_pb2_grpc as pb_grpc
from crm_access import token_verifier
from crm_chassis.testing.service import serving_grpc
from crm_support.grpc_api.servicer import register


@pytest.fixture
def stub(service, settings):
    verifier = token_verifier(settings, service.access.store)
    with serving_grpc(settings, register(service), verifier) as channel:
        yield pb_grpc.SupportServiceStub(channel)


def _meta(headers: dict[str, str]) -> list[tuple[str, str]]:
    return [("authorization", headers["Authorization"])]


def test_get_batch_and_list_answer_as_rest_does(stub, admin, ticket):
    first, second = ticket(), ticket(title="Second")
    got = stub.GetTicket(pb.GetTicketRequest(id=first["id"]), metadata=_meta(admin), timeout=5)
    assert (got.ticket.number, got.ticket.status) == (first["number"], "Open")
    missing = str(uuid.uuid4())
    batch = stub.BatchGetTickets(
        pb.BatchGetTicketsRequest(ids=[second["id"], missing, first["id"]]),
        metadata=_meta(admin),
        timeout=5,
    )
    assert [t.id for t in batch.tickets] == [second["id"], first["id"]]
    assert list(batch.missing_ids) == [missing]
    since = Timestamp()
    since.FromSeconds(0)
    page = stub.ListTickets(
        pb.ListTicketsRequest(updated_since=since, page_size=1), metadata=_meta(admin), timeout=5
    )
    assert len(page.tickets) == 1 and page.next_page_token
    rest = stub.ListTickets(
        pb.ListTicketsRequest(page_size=5, page_token=page.next_page_token),
        metadata=_meta(admin),
        timeout=5,
    )
    assert {t.id for t in (*page.tickets, *rest.tickets)} == {first["id"], second["id"]}


def test_search_and_bad_requests(stub, admin, ticket):
    ticket(title="Toner leaks")
    found = stub.SearchTickets(pb.SearchTicketsRequest(query="toner"), metadata=_meta(admin))
    assert [t.title for t in found.tickets] == ["Toner leaks"]
    with pytest.raises(grpc.RpcError) as err:
        stub.SearchTickets(pb.SearchTicketsRequest(query=" "), metadata=_meta(admin))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as err:
        stub.ListTickets(pb.ListTicketsRequest(status="Nope"), metadata=_meta(admin))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_a_portal_caller_gets_its_own_tickets_without_staff_fields(
    stub, ticket, portal, references
):
    mine_account, their_account = references.account(), references.account()
    mine = ticket(account_id=str(mine_account), time_spent_minutes=15)
    theirs = ticket(account_id=str(their_account))
    me = _meta(portal(mine_account, references.contact(mine_account)))
    got = stub.GetTicket(pb.GetTicketRequest(id=mine["id"]), metadata=me).ticket
    assert got.time_spent_minutes == 0 and got.created_by == "" and got.title
    for tid in (theirs["id"], str(uuid.uuid4())):
        with pytest.raises(grpc.RpcError) as err:
            stub.GetTicket(pb.GetTicketRequest(id=tid), metadata=me)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND
    listed = stub.ListTickets(pb.ListTicketsRequest(), metadata=me)
    assert [t.id for t in listed.tickets] == [mine["id"]]
    batch = stub.BatchGetTickets(pb.BatchGetTicketsRequest(ids=[theirs["id"]]), metadata=me)
    assert list(batch.missing_ids) == [theirs["id"]] and not batch.tickets


def test_the_360_view_asks_for_open_tickets_of_an_account(stub, admin, ticket, references, client):
    account = references.account()
    open_one = ticket(account_id=str(account))
    closed = ticket(account_id=str(account))
    url = f"/api/support/v1/tickets/{closed['id']}"
    assert client.patch(url, json={"status": "Closed"}, headers=admin).status_code == 200
    ticket()  # another account's (none)
    for request in (
        pb.ListTicketsRequest(account_id=str(account), status="open", page_size=200),
        pb.ListTicketsRequest(account_id=str(account), open_only=True),
    ):
        found = stub.ListTickets(request, metadata=_meta(admin), timeout=5)
        assert [t.id for t in found.tickets] == [open_one["id"]]
    closed_only = stub.ListTickets(
        pb.ListTicketsRequest(account_id=str(account), status="closed"), metadata=_meta(admin)
    )
    assert [t.id for t in closed_only.tickets] == [closed["id"]]
