"""GetInvoicePdf: the printable invoice over gRPC, for a caller who may see the invoice.

Support's portal asks with the customer's own token: a portal user gets their account's
invoice and NOT_FOUND for another account's.
"""

import uuid

import grpc
import pytest

from crm.billing.v1 import billing_pb2 as pb


def _portal(tokens, account_id: str) -> list[tuple[str, str]]:
    token = tokens.issue(
        str(uuid.uuid4()),
        typ="portal",
        scope="portal.invoices.read",
        account_id=account_id,
        contact_id=str(uuid.uuid4()),
    )
    return [("authorization", f"Bearer {token}")]


def test_a_portal_user_prints_only_their_own_accounts_invoice(
    stub, tokens, create_invoice, account_id
):
    mine = create_invoice(approve=True)
    theirs = create_invoice(approve=True, account=str(uuid.uuid4()))
    portal = _portal(tokens, account_id)
    reply = stub.GetInvoicePdf(pb.GetInvoicePdfRequest(id=mine["id"]), metadata=portal, timeout=5)
    assert reply.content.startswith(b"%PDF")
    assert (reply.number, reply.media_type) == (mine["number"], "application/pdf")
    with pytest.raises(grpc.RpcError) as refused:
        stub.GetInvoicePdf(pb.GetInvoicePdfRequest(id=theirs["id"]), metadata=portal, timeout=5)
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND


def test_a_bad_id_is_invalid_argument(stub, finance):
    with pytest.raises(grpc.RpcError) as bad:
        stub.GetInvoicePdf(pb.GetInvoicePdfRequest(id="nope"), metadata=finance, timeout=5)
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
