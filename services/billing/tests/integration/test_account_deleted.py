"""contacts.account.deleted.v1: the deleted account's draft invoices are cancelled (a race
past contacts' open-business check); issued invoices keep the account as history.
contacts.contact.merged.v1: invoices naming a merged contact name the survivor."""

import uuid

from crm.contacts.v1 import contacts_pb2, events_pb2
from crm_billing.events.incoming import ACCOUNT_DELETED, CONTACT_MERGED, handlers
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


def test_invoices_of_a_merged_contact_follow_the_survivor(service, client, admin, create_invoice):
    old, keep = str(uuid.uuid4()), str(uuid.uuid4())
    invoice = create_invoice(contact_id=old)
    payload = events_pb2.ContactMerged(
        surviving_contact=contacts_pb2.Contact(id=keep), merged_contact_ids=[old]
    )
    envelope = Envelope.build(type=CONTACT_MERGED, source="contacts", subject=keep, data=payload)
    with service.db.transaction() as session:
        for handle in handlers(service)[CONTACT_MERGED]:
            handle(session, Envelope.from_json(envelope.to_json()))
    got = client.get(f"{API}/invoices/{invoice['id']}", headers=admin).get_json()
    assert got["contact_id"] == keep
