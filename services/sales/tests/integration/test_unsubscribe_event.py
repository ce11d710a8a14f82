"""marketing.recipient.unsubscribed.v1: the lead's e-mail opt-out is set once; a converted
or unknown lead, or a mail to a contact, changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from crm_chassis.events.envelope import Envelope
from crm_sales.events.incoming import UNSUBSCRIBED, handlers

API = "/api/sales/v1"


def _deliver(service: Any, **data: str) -> None:
    envelope = Envelope.build(type=UNSUBSCRIBED, source="marketing", subject="s", data=data)
    with service.db.transaction() as session:
        for handle in handlers(service)[UNSUBSCRIBED]:
            handle(session, Envelope.from_json(envelope.to_json()))


def test_an_unsubscribe_opts_the_lead_out_once(service: Any, client: Any, admin: dict, lead: Any):
    made = lead(email="ada@example.org")
    assert made["email_opt_out"] is False
    _deliver(service, address="ada@example.org", lead_id=made["id"])
    after = client.get(f"{API}/leads/{made['id']}", headers=admin).get_json()
    assert after["email_opt_out"] is True and after["version"] == made["version"] + 1
    _deliver(service, address="ada@example.org", lead_id=made["id"])
    again = client.get(f"{API}/leads/{made['id']}", headers=admin).get_json()
    assert again["version"] == after["version"]


def test_a_contact_or_unknown_lead_changes_nothing(
    service: Any, client: Any, admin: dict, lead: Any
):
    made = lead(email="ada@example.org")
    _deliver(service, address="ada@example.org", contact_id=str(uuid.uuid4()))
    _deliver(service, address="ada@example.org", lead_id=str(uuid.uuid4()))
    after = client.get(f"{API}/leads/{made['id']}", headers=admin).get_json()
    assert after["email_opt_out"] is False


def test_the_opt_out_can_be_set_and_cleared_by_hand(client: Any, admin: dict, lead: Any):
    made = lead(email="ada@example.org", email_opt_out=True)
    assert made["email_opt_out"] is True
    changed = client.patch(
        f"{API}/leads/{made['id']}", json={"email_opt_out": False}, headers=admin
    ).get_json()
    assert changed["email_opt_out"] is False
