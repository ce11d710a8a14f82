"""Stateful property test: random sequences of campaign operations through the use cases.

Status changes (allowed or not, with or without a reason) against a model of the declared
machine; member adds (repeats, invisible ids), removals and response statuses against a
model of the member set. After every step the stored campaigns and members equal the
model, and each member added produced exactly one ``member_added`` event.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import AppError
from crm_marketing.adapters.campaign_tables import campaign_members, campaigns
from crm_marketing.adapters.tables import event_tables
from crm_marketing.domain.campaign_members import MemberRef
from crm_marketing.domain.campaigns import CAMPAIGN_STATUS, CampaignFields
from crm_marketing.domain.commands import (
    AddCampaignMembers,
    CreateCampaign,
    RemoveCampaignMember,
    SetMemberStatus,
    UpdateCampaign,
)
from crm_marketing.domain.picklists import MEMBER_STATUSES, NOT_CONTACTED

ADMIN = Principal(subject=str(uuid.uuid4()), roles=("admin",))
STATUSES = st.sampled_from([*CAMPAIGN_STATUS.statuses, "Paused"])
REASONS = st.sampled_from([None, "", "extended"])


def allowed(current: str, target: str, reason: str | None) -> bool:
    """The model of the machine: a move it lists, or a reopen with a reason."""
    if current in CAMPAIGN_STATUS.terminal:
        return target in CAMPAIGN_STATUS.reopen.get(current, ()) and bool(reason)
    return CAMPAIGN_STATUS.can(current, target)


class Campaigns(RuleBasedStateMachine):
    ctx: dict[str, Any] = {}
    campaigns = Bundle("campaigns")

    def __init__(self) -> None:
        super().__init__()
        self.status: dict[uuid.UUID, str] = {}
        self.members: dict[tuple[uuid.UUID, MemberRef], str] = {}
        self.added = 0

    @property
    def service(self) -> Any:
        return self.ctx["service"]

    @rule(target=campaigns)
    def create(self) -> uuid.UUID:
        made = self.service.run(CreateCampaign(CampaignFields(name="C")), caller=ADMIN)
        self.status[made.id] = made.status
        return made.id

    @rule(campaign=campaigns, status=STATUSES, reason=REASONS)
    def change_status(self, campaign: uuid.UUID, status: str, reason: str | None) -> None:
        command = UpdateCampaign(campaign, CampaignFields(), frozenset(), status, reason)
        current = self.status[campaign]
        try:
            self.service.run(command, caller=ADMIN)
        except AppError as exc:
            assert exc.spec.status in (409, 422)
            assert status == "Paused" or not allowed(current, status, reason)
            return
        assert status == current or allowed(current, status, reason)
        self.status[campaign] = status

    @rule(campaign=campaigns, picks=st.lists(st.integers(0, 5), min_size=1, max_size=4))
    def add(self, campaign: uuid.UUID, picks: list[int]) -> None:
        refs = tuple(self.ctx["pool"][i] for i in picks)
        command = AddCampaignMembers(campaign, refs, token="t")
        if any(r in self.ctx["hidden"] for r in refs):
            try:
                self.service.run(command, caller=ADMIN)
            except AppError as exc:
                assert exc.spec.status == 422
                return
            raise AssertionError("an invisible member was added")
        self.service.run(command, caller=ADMIN)
        for ref in dict.fromkeys(refs):
            if (campaign, ref) not in self.members:
                self.members[(campaign, ref)] = NOT_CONTACTED
                self.added += 1

    @rule(campaign=campaigns, pick=st.integers(0, 5), status=st.sampled_from(MEMBER_STATUSES))
    def respond(self, campaign: uuid.UUID, pick: int, status: str) -> None:
        ref = self.ctx["pool"][pick]
        try:
            self.service.run(SetMemberStatus(campaign, ref, status), caller=ADMIN)
        except AppError as exc:
            assert exc.spec.status == 404 and (campaign, ref) not in self.members
            return
        self.members[(campaign, ref)] = status

    @rule(campaign=campaigns, pick=st.integers(0, 5))
    def remove(self, campaign: uuid.UUID, pick: int) -> None:
        ref = self.ctx["pool"][pick]
        try:
            self.service.run(RemoveCampaignMember(campaign, ref), caller=ADMIN)
        except AppError as exc:
            assert exc.spec.status == 404 and (campaign, ref) not in self.members
            return
        del self.members[(campaign, ref)]

    @invariant()
    def stored_equals_model(self) -> None:
        c, m, out = campaigns.c, campaign_members.c, event_tables.outbox.c
        with self.service.db.reading() as session:
            stored = dict(session.execute(sa.select(c.id, c.status)).all())
            rows = session.execute(
                sa.select(m.campaign_id, m.member_type, m.member_id, m.response_status)
            ).all()
            subjects = session.execute(
                sa.select(out.subject).where(out.type == "marketing.campaign.member_added.v1")
            ).scalars()
            # Examples share the database: count only this example's campaigns' events.
            announced = sum(1 for x in subjects if uuid.UUID(x) in self.status)
        assert {k: v for k, v in stored.items() if k in self.status} == self.status
        found = {(r[0], MemberRef(r[1], r[2])): r[3] for r in rows}
        model = {k: v for k, v in self.members.items() if k[0] in self.status}
        assert {k: v for k, v in found.items() if k[0] in self.status} == model
        assert announced == self.added


def test_random_campaign_operations_keep_the_invariants(service, members):
    pool = [MemberRef("lead", members.make("lead")) for _ in range(3)]
    pool += [MemberRef("contact", members.make("contact")) for _ in range(2)]
    hidden = MemberRef("contact", members.make("contact", only={"someone else"}))
    Campaigns.ctx = {"service": service, "pool": [*pool, hidden], "hidden": {hidden}}
    run_state_machine_as_test(
        Campaigns, settings=settings(max_examples=15, stateful_step_count=15, deadline=None)
    )
