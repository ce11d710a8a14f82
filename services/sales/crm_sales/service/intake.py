"""Leads arriving in one transaction (API, web form, import): checked, scored, flagged as
possible duplicates, given an owner by the rules (else the fallback owner: never nobody),
and written together.

An import writes its leads with one set-at-a-time insert, so duplicates are looked for among
the leads of the same batch too, and the rules are read once (the assignment rules under a
row lock, so a round robin hands out each turn once however many capture at a time).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.db import utcnow
from crm_sales.domain import assignment, scoring
from crm_sales.domain.assignment import SETTINGS_KEY, AssignmentRule, AssignmentSettings
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.domain.leads import Lead
from crm_sales.domain.scoring import ScoringRule
from crm_sales.service.unit_of_work import UnitOfWork


class Intake:
    """Captures leads in the transaction of ``tx``; :meth:`save` writes them."""

    def __init__(
        self,
        tx: UnitOfWork,
        access: RecordAccess,
        *,
        by: str,
        origin: str,
        creator: UUID | None = None,
    ) -> None:
        self.tx, self.access, self.by, self.origin = tx, access, by, origin
        self.creator = creator
        self._fallback: AssignmentSettings | None = None
        self.leads: list[Lead] = []
        self._by_email: dict[str, UUID] = {}
        self._by_name: dict[str, UUID] = {}
        self._scoring: list[ScoringRule] | None = None
        self._scoring_version = 0
        self._assignment: list[AssignmentRule] | None = None
        self._order: dict[UUID, int] = {}  # capture order, for the earliest in-batch match
        # Keys already looked up set at a time (preload_duplicates): key -> (created_at, id).
        self._asked_emails: set[str] = set()
        self._asked_names: set[str] = set()
        self._stored_email: dict[str, tuple[Any, UUID]] = {}
        self._stored_name: dict[str, tuple[Any, UUID]] = {}

    def capture(
        self, fields: LeadFields, *, owner_id: UUID | None, source_ref: str | None = None
    ) -> Lead:
        """Build one lead: duplicates flagged, scored, assigned by rule when it has no owner."""
        lead = Lead.capture(
            id=uuid.uuid4(),
            owner_id=owner_id,
            now=utcnow(),
            by=self.by,
            origin=self.origin,
            fields=fields,
            source_ref=source_ref,
            find_duplicate=self._duplicate_of,
        )
        rules = self.scoring_rules()
        lead.rescore(scoring.breakdown(lead, rules), self._scoring_version)
        if owner_id is None:
            self._assign(lead)
        self._remember(lead)
        return lead

    def save(self) -> None:
        """Write the captured leads (and where each round robin stopped)."""
        if len(self.leads) == 1:
            self.tx.leads.add(self.leads[0])
        elif self.leads:
            self.tx.leads.add_many(self.leads)
        for rule in self._assignment or ():
            if rule.target == "round_robin":
                self.tx.rules.save_cursor(rule)

    def scoring_rules(self) -> list[ScoringRule]:
        if self._scoring is None:
            self._scoring_version = self.tx.scores.version()  # before the rules
            self._scoring = self.tx.rules.scoring()
        return self._scoring

    def _assign(self, lead: Lead) -> None:
        if self._assignment is None:
            self._assignment = self.tx.rules.assignment(lock=True)
        access = self.access
        chosen = assignment.choose(
            self._assignment, lead, access.group_members, access.active_users
        )
        if chosen is not None:
            rule, owner = chosen
            reason = "rule" if rule.target == "owner" else "round_robin"
            lead.assign_new(owner, by=self.by, reason=reason, rule_id=rule.id)
            return
        if self._fallback is None:
            self._fallback = AssignmentSettings.of(self.tx.settings.get(SETTINGS_KEY))
        fallback = assignment.fallback_owner(
            self._fallback,
            creator=self.creator,
            administrators=access.administrators(),
            available=access.is_owner,
        )
        if fallback is not None:
            lead.assign_new(fallback, by=self.by, reason="fallback")

    def preload_duplicates(self, keys: Iterable[tuple[str | None, str]]) -> None:
        """Look up at once the stored leads that leads with these (e-mail, name) keys would
        duplicate (an import's rows); capturing a lead whose keys were looked up here asks
        the database nothing more."""
        pairs = list(keys)
        emails = {e for e, _ in pairs if e} - self._asked_emails
        names = {n for _, n in pairs} - self._asked_names
        for created, lead_id, email_lc, name_key in self.tx.leads.duplicate_keys_of(
            sorted(emails), sorted(names)
        ):
            for key, known in ((email_lc, self._stored_email), (name_key, self._stored_name)):
                if key is not None and (key not in known or (created, lead_id) < known[key]):
                    known[key] = (created, lead_id)
        self._asked_emails |= emails
        self._asked_names |= names

    def _stored_duplicate(self, lead: Lead) -> UUID | None:
        email, name = lead.email_lc, lead.name_key
        if name not in self._asked_names or (email and email not in self._asked_emails):
            return self.tx.leads.find_duplicate(email, name)
        hits = [self._stored_name.get(name), self._stored_email.get(email) if email else None]
        found = [h for h in hits if h is not None]
        return min(found)[1] if found else None

    def _duplicate_of(self, lead: Lead) -> UUID | None:
        """An older lead with the same e-mail, or the same name and company."""
        stored = self._stored_duplicate(lead)
        if stored is not None:
            return stored
        earlier = [self._by_name.get(lead.name_key)]
        if lead.email_lc:
            earlier.append(self._by_email.get(lead.email_lc))
        found = [x for x in earlier if x is not None]
        return min(found, key=self._order.__getitem__) if found else None

    def _remember(self, lead: Lead) -> None:
        self._order[lead.id] = len(self.leads)
        self.leads.append(lead)
        if lead.email_lc:
            self._by_email.setdefault(lead.email_lc, lead.id)
        self._by_name.setdefault(lead.name_key, lead.id)
