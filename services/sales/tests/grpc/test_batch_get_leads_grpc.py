"""BatchGetLeads (marketing checks campaign members with it): leads in request order,
invisible and unknown ids in missing_ids, hidden fields cleared, at most 500 ids."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest

from crm.sales.v1 import sales_pb2 as pb


def _md(headers: dict[str, str]) -> list[tuple[str, str]]:
    return [("authorization", headers["Authorization"])]


def test_batch_answers_in_order_with_missing_ids(stub: Any, admin: dict, lead: Any) -> None:
    first, second = lead(), lead(last_name="Byron", first_name="Ada")
    ghost = str(uuid.uuid4())
    request = pb.BatchGetLeadsRequest(ids=[second["id"], ghost, first["id"]])
    found = stub.BatchGetLeads(request, metadata=_md(admin), timeout=5)
    assert [x.id for x in found.leads] == [second["id"], first["id"]]
    assert [x.name for x in found.leads] == ["Ada Byron", "Ada Lovelace"]
    assert list(found.missing_ids) == [ghost]


def test_private_leads_are_missing_and_hidden_fields_cleared(
    stub: Any, lead: Any, policy: Any, user: Any
) -> None:
    ada = lead()
    someone = uuid.uuid4()
    policy({someone: "rep"}, sharing="private", fields={"leads": {"company": "hidden"}})
    private = stub.BatchGetLeads(
        pb.BatchGetLeadsRequest(ids=[ada["id"]]), metadata=_md(user(someone)), timeout=5
    )
    assert list(private.leads) == [] and list(private.missing_ids) == [ada["id"]]
    policy({someone: "rep"}, sharing="public_read", fields={"leads": {"company": "hidden"}})
    shared = stub.BatchGetLeads(
        pb.BatchGetLeadsRequest(ids=[ada["id"]]), metadata=_md(user(someone)), timeout=5
    )
    assert [(x.name, x.company) for x in shared.leads] == [("Ada Lovelace", "")]


def test_more_than_500_ids_is_invalid(stub: Any, admin: dict) -> None:
    request = pb.BatchGetLeadsRequest(ids=[str(uuid.uuid4()) for _ in range(501)])
    with pytest.raises(grpc.RpcError) as exc:
        stub.BatchGetLeads(request, metadata=_md(admin), timeout=5)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
