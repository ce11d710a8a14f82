"""The timeline consumer: other services' events land once on account/contact timelines and
the ones that call for work create one task for the right owner.

Messages go through the chassis consumer's own processing (inbox, one transaction, handler
matching by topic pattern), without a broker: ``Consumer._process`` is what a delivery runs.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from crm.sales.v1 import events_pb2 as sales
from crm_access.model import PolicySnapshot
from crm_chassis.events.consumer import Consumer
from crm_chassis.events.envelope import Envelope
from crm_contacts.adapters.tables import event_tables
from crm_contacts.events.incoming import handlers

API = "/api/contacts/v1"


@pytest.fixture
def deliver(service):
    consumer = Consumer(
        "contacts", service.db, "amqp://unused", handlers=handlers(service), tables=event_tables
    )

    def run(envelope: Envelope) -> str:
        outcome = consumer._process(0, None, envelope.body())
        assert outcome.action == "ack", outcome.error
        return outcome.action

    return run


def _event(type_, data, *, source=None, subject=None, id=None, time=None):
    return Envelope.build(
        type=type_,
        source=source or type_.split(".")[0],
        subject=subject or str(uuid.uuid4()),
        data=data,
        id=id,
        time=time,
    )


def _timeline(client, headers, path):
    """Other services' entries (the record's own life, source contacts, is left out here:
    test_own_timeline_api.py covers it)."""
    response = client.get(f"{API}/{path}/timeline", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [e for e in response.get_json()["items"] if e["source"] != "contacts"]


def _tasks(client, headers, query=""):
    return client.get(f"{API}/tasks{query}", headers=headers).get_json()["items"]


def test_a_won_opportunity_lands_on_the_account_timeline_once(
    client, admin_headers, create_account, deliver
):
    account = create_account()
    won = sales.OpportunityWon(
        opportunity=sales.Opportunity(
            id=str(uuid.uuid4()),
            name="Big deal",
            account_id=account["id"],
            amount="1250.00",
            currency="EUR",
            sales_stage="Closed Won",
        )
    )
    event = _event("sales.opportunity.won.v1", won)
    deliver(event)
    deliver(event)  # redelivered: the inbox and the unique event id keep it to one entry
    items = _timeline(client, admin_headers, f"accounts/{account['id']}")
    assert len(items) == 1
    entry = items[0]
    assert entry["event_id"] == event.id and entry["event_type"] == "sales.opportunity.won.v1"
    assert entry["module"] == "opportunities" and entry["source"] == "sales"
    assert entry["amount"] == "1250.00" and entry["currency"] == "EUR"
    assert entry["summary"] == "Opportunity won Big deal (1250.00 EUR)"
    assert entry["record_id"] == won.opportunity.id


def test_the_same_event_id_is_one_entry_even_past_the_inbox(service, create_account, deliver):
    """A relay republish after the inbox was purged still finds the entry's unique id."""
    from crm_contacts.domain.commands import RecordTimelineEntry
    from crm_contacts.domain.timeline import Facts

    account = create_account()
    incoming = RecordTimelineEntry(
        event_id="ev-1",
        event_type="billing.invoice.paid.v1",
        source="billing",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        facts=Facts(account_id=uuid.UUID(account["id"])),
    )

    def record_event(session, command):
        return service.run.with_dependencies(uow=service.uow.joining(session))(command)

    with service.db.transaction() as session:
        assert record_event(session, incoming) is not None
    with service.db.transaction() as session:
        assert record_event(session, incoming) is None


def test_timelines_are_newest_first_and_keyset_paged(
    client, admin_headers, create_account, deliver
):
    account = create_account()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in (2, 0, 1):  # delivered out of order: the event time decides
        deliver(
            _event(
                "billing.invoice.issued.v1",
                {
                    "invoice_id": str(uuid.uuid4()),
                    "number": f"INV-{day}",
                    "account_id": account["id"],
                },
                time=start + timedelta(days=day),
            )
        )
    url = f"{API}/accounts/{account['id']}/timeline?limit=2&source=billing"  # own entries aside
    first = client.get(url, headers=admin_headers).get_json()
    assert [e["number"] for e in first["items"]] == ["INV-2", "INV-1"]
    second = client.get(f"{url}&cursor={first['next_cursor']}", headers=admin_headers).get_json()
    assert [e["number"] for e in second["items"]] == ["INV-0"] and second["next_cursor"] is None
    only = client.get(
        f"{API}/accounts/{account['id']}/timeline?event_type=sales.order.created.v1",
        headers=admin_headers,
    ).get_json()
    assert only["items"] == []


def test_a_contact_only_event_is_placed_on_the_contacts_account_too(
    client, admin_headers, create_account, create_contact, deliver
):
    account = create_account()
    contact = create_contact(account_id=account["id"])
    deliver(
        _event(
            "support.ticket.opened.v1",
            {"ticket": {"id": str(uuid.uuid4()), "number": "TT-7", "contact_id": contact["id"]}},
        )
    )
    on_contact = _timeline(client, admin_headers, f"contacts/{contact['id']}")
    on_account = _timeline(client, admin_headers, f"accounts/{account['id']}")
    assert [e["number"] for e in on_contact] == ["TT-7"] == [e["number"] for e in on_account]
    assert on_account[0]["module"] == "tickets"


def test_an_event_about_nobody_is_acknowledged_without_an_entry(service, deliver):
    from sqlalchemy import func, select

    from crm_contacts.adapters.activity_tables import timeline_entries

    deliver(_event("marketing.campaign.launched.v1", {"campaign_id": str(uuid.uuid4())}))
    with service.db.reading() as session:
        assert session.execute(select(func.count()).select_from(timeline_entries)).scalar() == 0


def test_a_payload_that_breaks_the_known_schema_is_still_read(
    client, admin_headers, create_account, deliver
):
    account = create_account()
    # "opportunity" should be a message; a newer producer sent something else.
    deliver(
        _event(
            "sales.opportunity.lost.v1",
            {"opportunity": "gone", "account_id": account["id"], "lost_reason": "Price"},
        )
    )
    items = _timeline(client, admin_headers, f"accounts/{account['id']}")
    assert items[0]["summary"].startswith("Opportunity lost")
    assert items[0]["data"]["lost_reason"] == "Price"


def test_an_overdue_invoice_creates_one_task_for_the_account_owner(
    client, admin_headers, create_account, add_owner, deliver
):
    rep = add_owner()
    account = create_account(owner_id=str(rep.id))
    invoice_id = str(uuid.uuid4())
    event = _event(
        "billing.invoice.overdue.v1",
        {
            "invoice_id": invoice_id,
            "number": "INV-2026-000012",
            "account_id": account["id"],
            "owner_id": str(uuid.uuid4()),
            "balance_due": {"amount": "99.50", "currency": "EUR"},
        },
    )
    deliver(event)
    deliver(event)
    tasks = _tasks(client, admin_headers)
    assert len(tasks) == 1
    task = tasks[0]
    assert task["owner_id"] == str(rep.id) and task["priority"] == "High"
    assert task["title"] == "Chase overdue invoice INV-2026-000012"
    assert (task["related_type"], task["related_id"]) == ("invoice", invoice_id)
    assert task["source_event_id"] == event.id
    entry = _timeline(client, admin_headers, f"accounts/{account['id']}")[0]
    assert entry["amount"] == "99.50" and entry["event_type"] == "billing.invoice.overdue.v1"


def test_a_stale_lead_creates_a_follow_up_for_the_lead_owner(client, tokens, add_owner, deliver):
    rep = add_owner()
    lead_id = str(uuid.uuid4())
    event = _event(
        "sales.lead.stale.v1",
        sales.LeadStale(lead_id=lead_id, owner_id=str(rep.id)),
        subject=lead_id,
    )
    deliver(event)
    deliver(event)
    headers = {"Authorization": f"Bearer {tokens.admin(str(rep.id))}"}
    mine = _tasks(client, headers, "?mine=true&open=true")
    assert len(mine) == 1
    assert (mine[0]["related_type"], mine[0]["related_id"]) == ("lead", lead_id)
    assert mine[0]["created_by"] == "event:sales"


def test_an_sla_breach_creates_a_task_for_the_ticket_owner(
    client, admin_headers, create_account, add_owner, deliver
):
    agent = add_owner()
    account = create_account()
    deliver(
        _event(
            "support.ticket.sla_breached.v1",
            {
                "ticket": {
                    "id": str(uuid.uuid4()),
                    "number": "TT-9",
                    "account_id": account["id"],
                    "owner_id": str(agent.id),
                }
            },
        )
    )
    tasks = _tasks(client, admin_headers)
    assert [(t["owner_id"], t["title"]) for t in tasks] == [
        (str(agent.id), "SLA breached on ticket TT-9")
    ]
    assert _timeline(client, admin_headers, f"accounts/{account['id']}")[0]["number"] == "TT-9"


def test_an_sla_breach_naming_a_manager_creates_the_task_for_the_manager(
    client, admin_headers, create_account, add_owner, deliver
):
    agent, manager = add_owner(), add_owner()
    account = create_account()
    payload = {
        "ticket_id": str(uuid.uuid4()),
        "number": "TT-10",
        "account_id": account["id"],
        "owner_id": str(agent.id),
        "manager_id": str(manager.id),
        "target": "first_response",
    }
    deliver(_event("support.ticket.sla_breached.v1", payload))
    deliver(_event("support.ticket.sla_warning.v1", payload))  # a warning asks for no task
    tasks = _tasks(client, admin_headers)
    assert [(t["owner_id"], t["title"]) for t in tasks] == [
        (str(manager.id), "SLA breached on ticket TT-10")
    ]


def test_a_work_event_without_any_owner_creates_no_task(client, admin_headers, deliver):
    deliver(_event("sales.lead.stale.v1", {"lead_id": str(uuid.uuid4())}))
    assert _tasks(client, admin_headers) == []


def test_timeline_access_follows_the_account_and_each_modules_rights(
    client, service, add_owner, tokens, create_account, deliver
):
    rep, peer = add_owner(), add_owner()
    account = create_account(owner_id=str(rep.id))
    service.access.store.save(
        PolicySnapshot.from_dict(
            {
                "version": 1,
                "users": [
                    {"id": str(rep.id), "role_id": "r"},
                    {"id": str(peer.id), "role_id": "r"},
                ],
                "roles": [{"id": "r", "name": "Rep", "profile_ids": ["p"]}],
                "profiles": [
                    {
                        "id": "p",
                        "name": "P",
                        "modules": {"accounts": ["view"], "opportunities": ["view"]},
                    }
                ],
            }
        )
    )
    deliver(
        _event(
            "sales.opportunity.won.v1",
            {
                "opportunity": {
                    "id": str(uuid.uuid4()),
                    "account_id": account["id"],
                    "owner_id": str(rep.id),
                }
            },
        )
    )
    deliver(
        _event(
            "sales.opportunity.lost.v1",
            {
                "opportunity": {
                    "id": str(uuid.uuid4()),
                    "account_id": account["id"],
                    "owner_id": str(peer.id),
                }
            },
        )
    )
    deliver(_event("billing.invoice.paid.v1", {"account_id": account["id"]}))
    headers = {"Authorization": f"Bearer {tokens.issue(str(rep.id))}"}
    items = _timeline(client, headers, f"accounts/{account['id']}")
    # No invoices module: no invoice entries; the peer's private opportunity stays hidden.
    assert [e["event_type"] for e in items] == ["sales.opportunity.won.v1"]
    peer_headers = {"Authorization": f"Bearer {tokens.issue(str(peer.id))}"}
    response = client.get(f"{API}/accounts/{account['id']}/timeline", headers=peer_headers)
    assert response.status_code == 404
    assert client.get(f"{API}/accounts/{uuid.uuid4()}/timeline", headers=headers).status_code == 404


def test_a_lead_conversion_creates_the_records_and_lands_on_both_timelines(
    client, admin_headers, owner, deliver
):
    account_id, contact_id = str(uuid.uuid4()), str(uuid.uuid4())
    converted = sales.LeadConverted(
        lead_id=str(uuid.uuid4()),
        opportunity_id=str(uuid.uuid4()),
        account_id=account_id,
        contact_id=contact_id,
        owner_id=str(owner.id),
        opportunity_name="First order",
        opportunity_amount="500.00",
        currency="EUR",
        account=sales.ConvertedAccount(name="Initech"),
        contact=sales.ConvertedContact(first_name="Peter", last_name="Gibbons"),
    )
    event = _event("sales.lead.converted.v1", converted, subject=converted.lead_id)
    deliver(event)
    deliver(event)
    # The account-creating handler and the timeline handler both ran, once each.
    assert client.get(f"{API}/accounts/{account_id}", headers=admin_headers).status_code == 200
    on_account = _timeline(client, admin_headers, f"accounts/{account_id}")
    on_contact = _timeline(client, admin_headers, f"contacts/{contact_id}")
    assert [e["event_id"] for e in on_account] == [event.id] == [e["event_id"] for e in on_contact]
    assert on_account[0]["module"] == "leads"
    assert on_account[0]["summary"] == "Lead converted First order (500.00 EUR)"


def test_a_contract_review_creates_a_task_for_the_contract_owner(
    client, admin_headers, create_account, add_owner, deliver
):
    owner = add_owner()
    account = create_account()
    event = _event(
        "support.contract.review_due.v1",
        {
            "contract_id": str(uuid.uuid4()),
            "number": "SC-2026-000007",
            "subject": "Gold support",
            "account_id": account["id"],
            "owner_id": str(owner.id),
            "review_date": "2026-06-30",
        },
    )
    deliver(event)
    deliver(event)
    tasks = _tasks(client, admin_headers)
    assert [(t["owner_id"], t["title"]) for t in tasks] == [
        (str(owner.id), "Review service contract SC-2026-000007")
    ]
    assert (tasks[0]["related_type"], tasks[0]["related_id"]) == ("account", account["id"])
    entry = _timeline(client, admin_headers, f"accounts/{account['id']}")[0]
    assert entry["event_type"] == "support.contract.review_due.v1"
