"""The mailing aggregate and its machine (property tests over random action sequences),
documented as declared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_chassis.errors import InvalidFields
from crm_chassis.states import InvalidTransition
from crm_marketing.adapters.mailing_fakes import fields
from crm_marketing.domain.mailings import (
    MAILING_STATUS,
    Mailing,
    MailingNotEditable,
)

NOW = datetime(2026, 5, 1, 9, tzinfo=UTC)
DOMAIN_DOC = Path(__file__).resolve().parents[4] / "docs" / "domain.md"
ACTIONS = ("schedule", "start", "pause", "cancel", "finish")
TARGET = {
    "schedule": "Scheduled",
    "start": "Sending",
    "pause": "Paused",
    "cancel": "Cancelled",
    "finish": "Sent",
}


def draft(**changes: object) -> Mailing:
    return Mailing.draft(id=uuid4(), fields=fields(**changes), by="u1", owner_id=None, now=NOW)


def test_the_domain_doc_shows_the_machine() -> None:
    assert MAILING_STATUS.as_markdown() in DOMAIN_DOC.read_text(encoding="utf-8")


@given(st.lists(st.sampled_from(ACTIONS), max_size=12))
def test_every_action_follows_the_declared_table(actions: list[str]) -> None:
    mailing = draft()
    for action in actions:
        before, version = mailing.status, mailing.version
        if MAILING_STATUS.can(before, TARGET[action]):
            getattr(mailing, action)(NOW)
            assert (mailing.status, mailing.version) == (TARGET[action], version + 1)
        else:
            with pytest.raises(InvalidTransition) as refused:
                getattr(mailing, action)(NOW)
            assert refused.value.allowed == MAILING_STATUS.allowed(before)
            assert (mailing.status, mailing.version) == (before, version)
    if mailing.status in MAILING_STATUS.terminal:
        assert mailing.finished_at is not None


def test_a_draft_checks_its_fields_and_only_a_draft_is_edited() -> None:
    with pytest.raises(InvalidFields) as bad:
        draft(name=" ", audience_kind="all", from_address="x", batch_size=0, per_minute=0)
    named = {e.field for e in bad.value.errors}
    assert named == {"name", "audience_kind", "from_address", "batch_size", "per_minute"}
    mailing = draft()
    mailing.edit({"name": "Other", "per_hour": 100}, NOW)
    assert (mailing.fields.name, mailing.fields.per_hour) == ("Other", 100)
    with pytest.raises(InvalidFields):
        mailing.edit({"reply_to": "a\r\nBcc: x@y.z"}, NOW)
    assert mailing.fields.reply_to is None
    mailing.schedule(NOW)
    with pytest.raises(MailingNotEditable):
        mailing.edit({"name": "Late"}, NOW)


def test_due_only_when_scheduled_and_its_time_has_come() -> None:
    later = draft(scheduled_at=NOW + timedelta(hours=1))
    assert not later.is_due(NOW + timedelta(hours=2))  # still a draft
    later.schedule(NOW)
    assert not later.is_due(NOW)
    assert later.is_due(NOW + timedelta(hours=1))
