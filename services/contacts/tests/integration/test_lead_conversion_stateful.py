"""The matching rule explored: random conversions of leads of a few companies, typed in
different ways, with company, free-mail and disposable e-mail domains, through the real
ConvertLead use case on the test database. After every step: one account per company (its
normalised name), never two companies on one account (a shared free-mail domain included),
one contact per e-mail, and a repeated conversion of a lead answers what it answered first."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from crm_chassis.auth.principal import Principal
from crm_contacts.adapters.tables import (
    account_tags,
    accounts,
    contact_tags,
    contacts,
    event_tables,
    lead_conversions,
    match_locks,
)
from crm_contacts.domain.commands import ConvertLead

COMPANIES = {"Alpha": "alpha.example", "Beta": "beta.example", "Gamma": "gamma.example"}
SPELLINGS = ("{}", "{} Ltd", "{}, Inc.", "{} GmbH", "  {}  corp", "{} LIMITED")
MAILBOXES = ("gmail.com", "yahoo.com", "mailinator.com")


class Conversions(RuleBasedStateMachine):
    """Bound to a service, caller and owner by the test (a subclass per test run)."""

    service: Any
    caller: Principal
    owner_id: uuid.UUID

    def __init__(self) -> None:
        super().__init__()
        with self.service.db.transaction() as session:
            for table in (
                lead_conversions,
                match_locks,
                contact_tags,
                contacts,
                account_tags,
                accounts,
                event_tables.outbox,
            ):
                session.execute(sa.delete(table))
        self.done: dict[uuid.UUID, tuple[str, str, Any]] = {}

    @rule(
        company=st.sampled_from(sorted(COMPANIES)),
        spelling=st.sampled_from(SPELLINGS),
        person=st.sampled_from(("ann", "bob")),
        mailbox=st.one_of(st.none(), st.sampled_from(MAILBOXES)),
        with_website=st.booleans(),
    )
    def convert(
        self, company: str, spelling: str, person: str, mailbox: str | None, with_website: bool
    ) -> None:
        domain = COMPANIES[company]
        email = f"{person}.{company.lower()}@{mailbox or domain}"
        website = f"https://www.{domain}/" if with_website else None
        lead_id = uuid.uuid4()
        result = self.service.run(
            ConvertLead(
                lead_id=lead_id,
                owner_id=self.owner_id,
                account={"name": spelling.format(company), "email": email, "website": website},
                contact={"last_name": person, "email": email},
                website=website,
                email=email,
            ),
            caller=self.caller,
        )
        self.done[lead_id] = (company, email, result)

    @rule(data=st.data())
    def convert_again(self, data: Any) -> None:
        if not self.done:
            return
        lead_id = data.draw(st.sampled_from(sorted(self.done)))
        first = self.done[lead_id][2]
        again = self.service.run(
            ConvertLead(
                lead_id=lead_id,
                owner_id=self.owner_id,
                account={"name": "Someone Else Entirely"},
                contact={"last_name": "x", "email": "other@elsewhere.example"},
                create_new_account=True,
            ),
            caller=self.caller,
        )
        assert again == first

    @invariant()
    def one_account_per_company_and_one_contact_per_email(self) -> None:
        by_company: dict[str, set[uuid.UUID]] = {}
        by_email: dict[str, set[uuid.UUID]] = {}
        for company, email, result in self.done.values():
            by_company.setdefault(company, set()).add(result.account_id)
            by_email.setdefault(email, set()).add(result.contact_id)
        assert all(len(ids) == 1 for ids in by_company.values()), by_company
        assert all(len(ids) == 1 for ids in by_email.values()), by_email
        owners = [next(iter(ids)) for ids in by_company.values()]
        assert len(set(owners)) == len(owners), "two companies share one account"
        with self.service.db.reading() as session:
            stored = session.execute(sa.select(sa.func.count()).select_from(accounts))
            assert stored.scalar_one() == len(by_company)


def test_matching_rule_holds_for_random_conversions(service: Any, owner: Any) -> None:
    caller = Principal(subject=str(owner.id), roles=("admin",))
    bound = type(
        "BoundConversions",
        (Conversions,),
        {"service": service, "caller": caller, "owner_id": owner.id},
    )
    run_state_machine_as_test(
        bound,
        settings=settings(max_examples=25, stateful_step_count=15, deadline=None),
    )
