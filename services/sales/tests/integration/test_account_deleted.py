"""contacts.account.deleted.v1: a deleted account's deals still open leave the pipeline,
marked lost with the reason "Account deleted"; closed ones keep their history.
contacts.contact.merged.v1: records naming a merged contact name the survivor."""

from __future__ import annotations

import uuid
from typing import Any

from crm.contacts.v1 import contacts_pb2, events_pb2
from crm_chassis.events.envelope import Envelope
from crm_sales.events.incoming import ACCOUNT_DELETED, CONTACT_MERGED, handlers

API = "/api/sales/v1"


def _deal(client: Any, admin: dict, account: str, **fields: Any) -> dict[str, Any]:
    body = {"name": "Deal", "account_id": account, **fields}
    response = client.post(f"{API}/opportunities", json=body, headers=admin)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_open_deals_of_a_deleted_account_are_closed_lost_once(
    service: Any, client: Any, admin: dict, directory: Any
) -> None:
    gone, kept = str(directory.add("Gone")), str(directory.add("Kept"))
    open_deal, won = (
        _deal(client, admin, gone),
        _deal(client, admin, gone, sales_stage="Closed Won"),
    )
    other = _deal(client, admin, kept)
    payload = events_pb2.AccountDeleted(account_id=gone, version=3, deleted_by="u")
    envelope = Envelope.build(type=ACCOUNT_DELETED, source="contacts", subject=gone, data=payload)
    for _ in range(2):  # redelivered: the inbox keeps it to one effect
        with service.db.transaction() as session:
            for handle in handlers(service)[ACCOUNT_DELETED]:
                handle(session, Envelope.from_json(envelope.to_json()))
    closed = client.get(f"{API}/opportunities/{open_deal['id']}", headers=admin).get_json()
    assert (closed["sales_stage"], closed["lost_reason"]) == ("Closed Lost", "Account deleted")
    assert closed["probability"] == 0
    history = client.get(f"{API}/opportunities/{open_deal['id']}/stage-history", headers=admin)
    assert [h["to_stage"] for h in history.get_json()["items"]][-1] == "Closed Lost"
    assert (
        client.get(f"{API}/opportunities/{won['id']}", headers=admin).get_json()["sales_stage"]
        == "Closed Won"
    )
    assert (
        client.get(f"{API}/opportunities/{other['id']}", headers=admin).get_json()["sales_stage"]
        == "Prospecting"
    )


def test_records_of_a_merged_contact_follow_the_survivor(
    service: Any, client: Any, admin: dict, directory: Any
) -> None:
    account = str(directory.add("Acme"))
    old, keep = uuid.uuid4(), uuid.uuid4()
    deal = _deal(client, admin, account)
    with service.db.transaction() as session:  # as a conversion would have set it
        from crm_sales.adapters.tables import opportunities

        session.execute(opportunities.update().values(contact_id=old))
    payload = events_pb2.ContactMerged(
        surviving_contact=contacts_pb2.Contact(id=str(keep)), merged_contact_ids=[str(old)]
    )
    envelope = Envelope.build(
        type=CONTACT_MERGED, source="contacts", subject=str(keep), data=payload
    )
    with service.db.transaction() as session:
        for handle in handlers(service)[CONTACT_MERGED]:
            handle(session, Envelope.from_json(envelope.to_json()))
    got = client.get(f"{API}/opportunities/{deal['id']}", headers=admin).get_json()
    assert got["contact_id"] == str(keep)
