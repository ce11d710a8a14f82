import json

import pytest
import sqlalchemy as sa

from crm.contacts.v1 import events_pb2
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.outbox import OutboxRecorder
from crm_contacts.adapters.tables import accounts, event_tables
from crm_contacts.events.outgoing import translate
from crm_contacts.service.unit_of_work import UnitOfWorkFactory

API = "/api/contacts/v1"


def outbox_rows(service):
    with service.db.reading() as session:
        return [
            Envelope.from_json(r.body)
            for r in session.execute(
                sa.select(event_tables.outbox).order_by(event_tables.outbox.c.seq)
            )
        ]


def test_each_change_writes_its_event_in_the_same_transaction(
    client, admin_headers, create_account, service, owner
):
    account = create_account(name="Acme", tags=["vip"])
    url = f"{API}/accounts/{account['id']}"
    client.patch(url, json={"phone": "123"}, headers=admin_headers)
    client.delete(url, headers=admin_headers)
    events = outbox_rows(service)
    assert [e.type for e in events] == [
        "contacts.account.created.v1",
        "contacts.account.updated.v1",
        "contacts.account.deleted.v1",
    ]
    assert {e.subject for e in events} == {account["id"]}
    assert all(e.source == "contacts" for e in events)
    created = events[0].parse(events_pb2.AccountCreated)
    assert created.account.name == "Acme" and list(created.account.tags) == ["vip"]
    assert created.account.owner_id == str(owner.id)
    updated = events[1].parse(events_pb2.AccountUpdated)
    assert list(updated.changed_fields) == ["phone"] and updated.account.version == 2
    deleted = events[2].parse(events_pb2.AccountDeleted)
    assert deleted.version == 2 and deleted.deleted_by == str(owner.id)


def test_contact_events_carry_the_contact(
    client, admin_headers, create_account, create_contact, service
):
    account = create_account()
    contact = create_contact(account_id=account["id"], first_name="Ada", email="ada@x.example")
    client.delete(f"{API}/contacts/{contact['id']}", headers=admin_headers)
    events = outbox_rows(service)[1:]
    assert [e.type for e in events] == [
        "contacts.contact.created.v1",
        "contacts.contact.deleted.v1",
    ]
    created = events[0].parse(events_pb2.ContactCreated)
    assert created.contact.account_id == account["id"]
    assert created.contact.first_name == "Ada"
    deleted = events[1].parse(events_pb2.ContactDeleted)
    assert deleted.account_id == account["id"]


def test_refused_and_failed_changes_write_no_event(
    client, admin_headers, create_account, create_contact, service
):
    account = create_account()
    create_contact(account_id=account["id"])
    before = len(outbox_rows(service))
    url = f"{API}/accounts/{account['id']}"
    assert client.delete(url, headers=admin_headers).status_code == 202  # a request, no event
    assert client.patch(url, json={"industry": "Nope"}, headers=admin_headers).status_code == 422
    assert (
        client.patch(
            url, json={"phone": "1"}, headers={**admin_headers, "If-Match": '"9"'}
        ).status_code
        == 412
    )
    assert len(outbox_rows(service)) == before


def test_a_transaction_failing_after_the_outbox_write_leaves_neither(service, owner):
    real = OutboxRecorder(service.uow.record.outbox, translate)

    def record_then_fail(session, event):
        real(session, event)
        session.flush()
        raise RuntimeError("disk full")

    failing = UnitOfWorkFactory(service.db, record_then_fail)
    from crm_contacts.domain.accounts import AccountFields
    from crm_contacts.domain.commands import CreateAccount

    principal = _principal(owner)
    with pytest.raises(RuntimeError):
        service.run.with_dependencies(uow=failing)(
            CreateAccount(AccountFields(name="Ghost")), caller=principal
        )
    with service.db.reading() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(accounts)).scalar() == 0
    assert outbox_rows(service) == []


def test_event_body_is_the_chassis_envelope(create_account, service):
    create_account()
    with service.db.reading() as session:
        body = json.loads(session.execute(sa.select(event_tables.outbox.c.body)).scalar_one())
    assert {"id", "type", "source", "time", "subject", "correlation_id", "data"} <= set(body)


def _principal(owner):
    from crm_chassis.auth.principal import Principal

    return Principal(subject=str(owner.id), roles=("admin",))
