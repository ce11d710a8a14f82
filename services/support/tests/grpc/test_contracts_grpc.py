"""SupportService's service-contract reads over a real socket: the caller's rights apply."""

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

URL = "/api/support/v1/service-contracts"


@pytest.fixture
def stub(svc, settings):
    verifier = token_verifier(settings, svc.access.store)
    with serving_grpc(settings, register(svc), verifier) as channel:
        yield pb_grpc.SupportServiceStub(channel)


def _meta(headers: dict[str, str]) -> list[tuple[str, str]]:
    return [("authorization", headers["Authorization"])]


def _contract(api, admin, **fields):
    body = {
        "account_id": str(uuid.uuid4()),
        "subject": "Gold",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "tracking_unit": "Hours",
        "total_units": "10",
        **fields,
    }
    created = api.post(URL, json=body, headers=admin)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def test_get_and_list_contracts_as_rest_answers(stub, api, admin, add_ticket):
    first = _contract(api, admin)
    second = _contract(api, admin, tracking_unit="None", total_units=None)
    add_ticket(account_id=uuid.UUID(first["account_id"]), time_spent_minutes=90)
    got = stub.GetServiceContract(
        pb.GetServiceContractRequest(id=first["id"]), metadata=_meta(admin), timeout=5
    )
    c = got.contract
    assert (c.number, c.status, c.used_units, c.remaining_units) == (
        "SC-2026-000001",
        "Active",
        "1.50",
        "8.50",
    )
    since = Timestamp()
    since.FromSeconds(0)
    page = stub.ListServiceContracts(
        pb.ListServiceContractsRequest(updated_since=since, page_size=1),
        metadata=_meta(admin),
        timeout=5,
    )
    assert len(page.contracts) == 1 and page.next_page_token
    rest = stub.ListServiceContracts(
        pb.ListServiceContractsRequest(page_size=5, page_token=page.next_page_token),
        metadata=_meta(admin),
        timeout=5,
    )
    assert {x.id for x in (*page.contracts, *rest.contracts)} == {first["id"], second["id"]}
    mine = stub.ListServiceContracts(
        pb.ListServiceContractsRequest(account_id=first["account_id"]), metadata=_meta(admin)
    )
    assert [x.id for x in mine.contracts] == [first["id"]]


def test_bad_requests_and_invisible_contracts(stub, api, admin, token_factory):
    contract = _contract(api, admin)
    with pytest.raises(grpc.RpcError) as err:
        stub.ListServiceContracts(
            pb.ListServiceContractsRequest(status="Bogus"), metadata=_meta(admin)
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as err:
        stub.GetServiceContract(pb.GetServiceContractRequest(id="nope"), metadata=_meta(admin))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    nobody = {"Authorization": f"Bearer {token_factory.issue(str(uuid.uuid4()))}"}
    with pytest.raises(grpc.RpcError) as err:
        stub.GetServiceContract(
            pb.GetServiceContractRequest(id=contract["id"]), metadata=_meta(nobody)
        )
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
