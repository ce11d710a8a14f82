"""Domain events become identity's versioned integration events (crm.identity.v1)."""

from datetime import UTC, datetime
from uuid import uuid4

from crm.identity.v1 import events_pb2 as pb
from crm_identity.domain.events import (
    PolicyChanged,
    UserCreated,
    UserDeactivated,
    UserSnapshot,
    UserUpdated,
)
from crm_identity.events.outgoing import translate

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def a_snapshot(**fields):
    values = {
        "id": uuid4(),
        "email": "ada@example.test",
        "display_name": "Ada",
        "roles": ("user",),
        "active": True,
        "locale": "en",
        "time_zone": "UTC",
        "created_at": NOW,
        "updated_at": NOW,
        "version": 1,
    }
    values.update(fields)
    return UserSnapshot(**values)


def test_user_events_become_their_messages_with_the_user_as_subject():
    user = a_snapshot()
    created = translate(UserCreated(user=user))
    assert created.type == "identity.user.created.v1" and created.subject == str(user.id)
    assert isinstance(created.data, pb.UserCreated) and created.data.email == "ada@example.test"
    updated = translate(UserUpdated(user=user, changed_fields=("display_name",)))
    assert updated.type == "identity.user.updated.v1"
    assert list(updated.data.changed_fields) == ["display_name"]
    gone = translate(
        UserDeactivated(
            user=a_snapshot(active=False), deactivated_at=NOW, deactivated_by="admin-1"
        )
    )
    assert gone.type == "identity.user.deactivated.v1" and gone.data.deactivated_by == "admin-1"


def test_a_policy_change_carries_the_whole_snapshot():
    event = translate(PolicyChanged(version=7, snapshot_json='{"version": 7}', changed_at=NOW))
    assert event.type == "identity.policy.changed.v1" and event.subject == "policy"
    assert event.data.version == 7 and event.data.snapshot_json == '{"version": 7}'
