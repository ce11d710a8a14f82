"""Case 16: billing's credit notes reach the account's timeline (billing.credit_note.issued.v1,
as billing publishes it, through contacts' consumer)."""

from __future__ import annotations

import uuid

from crm.billing.v1 import events_pb2 as billing

from .test_timeline_consumer import _event, _timeline, deliver  # noqa: F401 - a fixture


def test_a_credit_note_lands_on_the_account_timeline(
    client,
    admin_headers,
    create_account,
    deliver,  # noqa: F811
):
    account = create_account()
    note = billing.CreditNoteIssued(
        credit_note_id=str(uuid.uuid4()),
        number="CN-2026-000001",
        invoice_id=str(uuid.uuid4()),
        invoice_number="INV-2026-000007",
        account_id=account["id"],
        currency="EUR",
        amount="25.00",
        applied="25.00",
        to_credit="0.00",
        issued_on="2026-03-02",
        reason="damaged",
        owner_id=str(uuid.uuid4()),
    )
    event = _event("billing.credit_note.issued.v1", note, subject=note.credit_note_id)
    deliver(event)
    [entry] = _timeline(client, admin_headers, f"accounts/{account['id']}")
    assert entry["event_type"] == "billing.credit_note.issued.v1"
    assert entry["module"] == "credit_notes" and entry["record_id"] == note.credit_note_id
    assert (entry["amount"], entry["currency"]) == ("25.00", "EUR")
