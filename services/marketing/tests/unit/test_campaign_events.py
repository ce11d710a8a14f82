"""Campaign domain events become the integration events of events.proto."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from crm.marketing.v1 import events_pb2 as pb
from crm_marketing.domain.campaign_members import CampaignMember
from crm_marketing.domain.campaigns import Campaign, CampaignFields
from crm_marketing.events.outgoing import translate

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def _campaign() -> Campaign:
    fields = CampaignFields(name="Fair", owner_id=uuid.uuid4())
    return Campaign.create(id=uuid.uuid4(), now=NOW, created_by=None, fields=fields)


def test_created_status_changed_and_deleted() -> None:
    c = _campaign()
    c.change_status("Active", now=NOW, by="u")
    c.delete(now=NOW)
    out = [translate(e) for e in c.events]
    assert [o.type for o in out] == [
        "marketing.campaign.created.v1",
        "marketing.campaign.status_changed.v1",
        "marketing.campaign.updated.v1",
    ]
    assert all(o.subject == str(c.id) for o in out)
    assert out[1].data.to_status == "Active" and out[2].data.deleted


def test_member_added_names_the_contact_for_its_timeline() -> None:
    c = _campaign()
    person = uuid.uuid4()
    member = CampaignMember(c.id, "contact", person, NOW, NOW)
    c.member_added(member)
    c.member_removed(member, now=NOW)
    added, removed = (translate(e) for e in c.events[-2:])
    assert removed is None  # a removal stays inside
    assert isinstance(added.data, pb.CampaignMemberAdded)
    assert (added.data.contact_id, added.data.lead_id) == (str(person), "")
    assert added.data.member.response_status == "Not Contacted"
