"""contacts.account.deleted.v1: the deleted account's draft invoices are cancelled (a race
past contacts' open-business check); issued invoices keep the account as history."""

from crm.contacts.v1 import events_pb2
from crm_billing.events.incoming import ACCOUNT_DELETED, handlers
from crm_chassis.events.envelope import Envelope

API = "/api/billing/v1"


def test_drafts_of_a_deleted_account_are_cancelled_once(
    service, client, admin, create_invoice, account_id
):
    draft, issued = create_invoice(), create_invoice(approve=True)
    payload = events_pb2.AccountDeleted(account_id=account_id, version=2, deleted_by="u")
    envelope = Envelope.build(
        type=ACCOUNT_DELETED, source="contacts", subject=account_id, data=payload
    )
    for _ in range(2):  # redelivered: one effect
        with service.db.transaction() as session:
            for handle in handlers(service)[ACCOUNT_DELETED]:
                handle(session, Envelope.from_json(envelope.to_json()))
    got = client.get(f"{API}/invoices/{draft['id']}", headers=admin).get_json()
    assert got["status"] == "Cancelled"
    kept = client.get(f"{API}/invoices/{issued['id']}", headers=admin).get_json()
    assert kept["status"] == "Approved" and kept["account_id"] == account_id
