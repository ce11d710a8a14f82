import uuid
from datetime import UTC, datetime, timedelta

from google.protobuf.timestamp_pb2 import Timestamp

from crm.identity.v1 import events_pb2 as identity
from crm_chassis.events.envelope import Envelope
from crm_contacts.events.incoming import handlers

API = "/api/contacts/v1"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def ts(moment):
    value = Timestamp()
    value.FromDatetime(moment)
    return value


def created(user_id, at, email="ann@example.com"):
    data = identity.UserCreated(
        user_id=str(user_id),
        email=email,
        display_name="Ann",
        active=True,
        created_at=ts(at),
        updated_at=ts(at),
    )
    return Envelope.build(
        type="identity.user.created.v1", source="identity", subject=str(user_id), data=data
    )


def updated(user_id, at, email, active=True):
    data = identity.UserUpdated(
        user_id=str(user_id),
        email=email,
        display_name="Ann B",
        active=active,
        updated_at=ts(at),
        changed_fields=["email"],
    )
    return Envelope.build(
        type="identity.user.updated.v1", source="identity", subject=str(user_id), data=data
    )


def deactivated(user_id, at):
    data = identity.UserDeactivated(
        user_id=str(user_id),
        email="ann@example.com",
        display_name="Ann",
        deactivated_at=ts(at),
        updated_at=ts(at),
    )
    return Envelope.build(
        type="identity.user.deactivated.v1", source="identity", subject=str(user_id), data=data
    )


def deliver(service, envelope):
    with service.db.transaction() as session:
        for handler in handlers(service)[envelope.type]:
            handler(session, envelope)


def owner_of(service, user_id):
    with service.uow() as uow:
        return uow.owners.get(user_id)


def test_a_created_user_becomes_an_owner_and_redelivery_changes_nothing(service):
    user_id = uuid.uuid4()
    event = created(user_id, T0)
    deliver(service, event)
    first = owner_of(service, user_id)
    deliver(service, event)
    assert owner_of(service, user_id) == first
    assert first.active and first.email == "ann@example.com" and first.updated_at == T0


def test_an_older_event_arriving_late_is_ignored(service):
    user_id = uuid.uuid4()
    deliver(service, updated(user_id, T0 + timedelta(minutes=5), "new@example.com"))
    deliver(service, created(user_id, T0, "old@example.com"))
    assert owner_of(service, user_id).email == "new@example.com"


def test_a_deactivation_wins_over_an_older_update_delivered_after_it(service):
    user_id = uuid.uuid4()
    deliver(service, created(user_id, T0))
    deliver(service, deactivated(user_id, T0 + timedelta(minutes=10)))
    deliver(service, updated(user_id, T0 + timedelta(minutes=5), "x@example.com", active=True))
    owner = owner_of(service, user_id)
    assert owner.active is False
    assert owner.deactivated_at == T0 + timedelta(minutes=10)


def test_a_reactivation_keeps_refusing_tokens_issued_before_the_deactivation(service):
    user_id = uuid.uuid4()
    deliver(service, created(user_id, T0))
    deliver(service, deactivated(user_id, T0 + timedelta(minutes=1)))
    deliver(service, updated(user_id, T0 + timedelta(minutes=2), "ann@example.com"))
    owner = owner_of(service, user_id)
    assert owner.active and owner.deactivated_at == T0 + timedelta(minutes=1)
    assert owner.refuses_token(T0)
    assert not owner.refuses_token(T0 + timedelta(minutes=3))


def test_an_identity_user_shows_up_in_owners_and_may_own_records(service, client, tokens):
    user_id = uuid.uuid4()
    now = datetime.now(UTC)
    deliver(service, created(user_id, now, email="new.hire@example.com"))
    headers = {"Authorization": f"Bearer {tokens.admin(str(user_id))}"}
    owners = client.get(f"{API}/owners?q=new.hire", headers=headers).get_json()["items"]
    assert [o["id"] for o in owners] == [str(user_id)]
    response = client.post(f"{API}/accounts", json={"name": "Mine"}, headers=headers)
    assert response.status_code == 201
    deliver(service, deactivated(user_id, now + timedelta(seconds=1)))
    assert client.get(f"{API}/accounts", headers=headers).status_code == 401


def test_unknown_payload_fields_are_tolerated(service):
    user_id = uuid.uuid4()
    envelope = created(user_id, T0)
    data = {**envelope.data, "favourite_colour": "teal"}
    deliver(service, Envelope(**{**envelope.to_dict(), "data": data}))
    assert owner_of(service, user_id) is not None


def test_identitys_update_and_deactivation_with_one_timestamp_record_the_deactivation(service):
    user_id = uuid.uuid4()
    at = T0 + timedelta(minutes=1)
    deliver(service, created(user_id, T0))
    deliver(service, updated(user_id, at, "ann@example.com", active=False))
    deliver(service, deactivated(user_id, at))
    deliver(service, updated(user_id, T0 + timedelta(minutes=2), "ann@example.com"))
    owner = owner_of(service, user_id)
    assert owner.active and owner.deactivated_at == at
    assert owner.refuses_token(T0 + timedelta(seconds=30))
