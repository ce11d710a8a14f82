"""The worker's handlers: one inbox name each, typed tolerant payloads, one transaction."""

from __future__ import annotations

from typing import Any

import pytest

from crm_chassis.events.dispatch import named_handlers
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.handlers import UnreadablePayload
from crm_sales.events.incoming import LEAD_CAPTURED, handlers

API = "/api/sales/v1"


def _deliver(service: Any, subject: str, data: dict[str, Any]) -> None:
    """As the consumer does: every handler of the event, in one transaction."""
    envelope = Envelope.build(type=LEAD_CAPTURED, source="marketing", subject=subject, data=data)
    with service.db.transaction() as session:
        for handle in handlers(service)[LEAD_CAPTURED]:
            handle(session, Envelope.from_json(envelope.to_json()))


def test_each_handler_has_its_own_inbox_name(service: Any) -> None:
    names = [name for _, name, _ in named_handlers(handlers(service))]
    assert names == [
        "billing.invoice.issued.v1#note_issued",
        "billing.invoice.paid.v1#note_paid",
        "billing.payment.received.v1#note_payment",
        "contacts.account.deleted.v1#follow_deletion",
        "contacts.account.merged.v1#follow_merge",
        "contacts.account.updated.v1#follow_rename",
        "contacts.contact.merged.v1#follow_contact_merge",
        "identity.policy.changed.v1#keep_policy",
        "marketing.lead.captured.v1#capture_lead",
        "marketing.recipient.unsubscribed.v1#apply_unsubscribe",
    ]


def test_a_form_payload_is_read_tolerantly_and_keyed_by_the_subject_without_an_id(
    service: Any, client: Any, admin: dict
) -> None:
    data = {
        "company": "Acme",
        "email": "form@acme.example",
        "address": {"city": "Oslo", "planet": "Earth"},
        "shoe_size": 42,
    }
    _deliver(service, "submission-9", data)
    _deliver(service, "submission-9", data)
    [lead] = client.get(f"{API}/leads", headers=admin).get_json()["items"]
    assert (lead["last_name"], lead["lead_source"], lead["origin"]) == (
        "Acme",
        "Web Site",
        "web_form",
    )
    assert lead["address"]["city"] == "Oslo" and lead["campaign_id"] is None


def test_a_payload_that_does_not_fit_its_reader_is_unreadable(service: Any) -> None:
    with pytest.raises(UnreadablePayload):
        _deliver(service, "submission-10", {"last_name": "X", "tags": "not a list"})
