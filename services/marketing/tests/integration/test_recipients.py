"""Resolving lists and segments into recipients: paged, consent decided, once per address."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from crm_chassis.db import Database
from crm_chassis.db.migrate import upgrade
from crm_marketing.adapters.audience_memory import MemoryPeople, contact_person, lead_person
from crm_marketing.adapters.list_store import ListStore
from crm_marketing.adapters.suppression_store import SuppressionStore
from crm_marketing.domain.audience_errors import AudienceNotFound
from crm_marketing.domain.consent import Suppression
from crm_marketing.domain.mailing_lists import MailingList
from crm_marketing.domain.segments import Segment, SegmentFields
from crm_marketing.entrypoints.migrate import MIGRATIONS
from crm_marketing.service.recipients import AudienceRecipients

NOW = datetime(2026, 12, 4, tzinfo=UTC)


@pytest.fixture
def db(database_url):
    url = database_url("marketing")
    upgrade(MIGRATIONS, url)
    database = Database(url)
    yield database
    database.dispose()


def _segment(db, record_types="both", **filters):
    found = Segment.create(
        id=uuid.uuid4(),
        fields=SegmentFields(name="s", record_types=record_types, filter=filters),
        by="u",
        now=NOW,
    )
    with db.transaction() as session:
        ListStore(session).add_segment(found)
    return found.id


def test_a_segment_is_resolved_in_pages_with_its_filter_never_per_record(db):
    people = MemoryPeople(*[contact_person(f"c{n}@x.org") for n in range(5)])
    people.add(*[lead_person(f"l{n}@x.org") for n in range(3)])
    segment_id = _segment(db, tags=["vip"])
    found = list(AudienceRecipients(db, people, page_size=2).resolve(segment_id, token="t"))
    assert len(found) == 8 and all(r.mailable for r in found)
    calls = [c for c in people.calls if c[0] == "page"]
    # ceil(5/2) contact pages + ceil(3/2) lead pages, each carrying the filter and token.
    assert len(calls) == 5
    assert all(args[1] == {"tags": ["vip"]} and args[3] == "t" for _, args in calls)
    assert not [c for c in people.calls if c[0] == "get_many"]


def test_consent_and_duplicates_are_skipped_with_their_reason(db):
    people = MemoryPeople(
        contact_person("ok@x.org"),
        contact_person("OK@x.org"),
        contact_person("out@x.org", email_opt_out=True),
        lead_person("gone@x.org"),
        lead_person(None),
    )
    with db.transaction() as session:
        store = SuppressionStore(session)
        store.add_once(
            Suppression.create(address="gone@x.org", reason="unsubscribed", by="u", now=NOW)
        )
    found = list(AudienceRecipients(db, people).resolve(_segment(db)))
    reasons = sorted((r.address, r.skip_reason or "") for r in found)
    assert reasons == [
        ("", "no_address"),
        ("gone@x.org", "unsubscribed"),
        ("ok@x.org", ""),
        ("ok@x.org", "duplicate_address"),
        ("out@x.org", "email_opt_out"),
    ]


def test_a_list_reads_its_members_in_batches_and_names_its_modules(db):
    ada, grace = contact_person(), lead_person()
    people = MemoryPeople(ada, grace)
    found_list = MailingList.create(id=uuid.uuid4(), name="L", description=None, by="u", now=NOW)
    with db.transaction() as session:
        store = ListStore(session)
        store.add_list(found_list)
        store.add_members(found_list.id, "contact", [ada.id, uuid.uuid4()], "u", NOW)
    recipients = AudienceRecipients(db, people)
    assert recipients.modules(found_list.id) == {"contacts"}
    found = list(recipients.resolve(found_list.id))
    # A member contacts no longer shows (deleted, not visible) is simply not mailed.
    assert [r.contact_id for r in found] == [ada.id]
    assert people.calls == [("get_many", ("contact", 2, None))]


def test_an_unknown_audience_is_not_found(db):
    recipients = AudienceRecipients(db, MemoryPeople())
    with pytest.raises(AudienceNotFound):
        list(recipients.resolve(uuid.uuid4()))
    with pytest.raises(AudienceNotFound):
        recipients.modules(uuid.uuid4())
