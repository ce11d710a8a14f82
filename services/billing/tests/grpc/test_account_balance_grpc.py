"""GetAccountBalance: the open business contacts asks for before deleting an account."""

import uuid

import grpc
import pytest

from crm.billing.v1 import billing_pb2 as pb


def test_counts_drafts_and_issued_unpaid_invoices_of_the_account(
    stub, create_invoice, admin, account_id
):
    create_invoice()
    create_invoice(approve=True)
    md = [("authorization", admin["Authorization"])]
    got = stub.GetAccountBalance(pb.GetAccountBalanceRequest(account_id=account_id), metadata=md)
    assert (got.account_id, got.open_invoices) == (account_id, 2)
    other = pb.GetAccountBalanceRequest(account_id=str(uuid.uuid4()))
    assert stub.GetAccountBalance(other, metadata=md, timeout=5).open_invoices == 0


def test_only_a_caller_who_may_delete_accounts_may_ask(stub, finance, account_id):
    request = pb.GetAccountBalanceRequest(account_id=account_id)
    with pytest.raises(grpc.RpcError) as exc:
        stub.GetAccountBalance(request, metadata=finance, timeout=5)
    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED
