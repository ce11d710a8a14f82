"""Stateful property test of the account lifecycle through the use cases (REST on SQLite):
random sequences of creating accounts, adding contacts, tasks, calls and notes,
completing tasks, merging, deleting (at once, or by a request approved or rejected, some
refused for open business). After every step: no contact, task or call refers to a deleted
or merged-away account, no note to a merged-away one, a decided request stays decided,
and each record's own timeline entries appear once."""

from __future__ import annotations

import uuid
from collections import Counter

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from crm_contacts.adapters.activity_tables import calendar_events, notes, tasks, timeline_entries
from crm_contacts.adapters.tables import accounts, contacts, deletion_requests

API = "/api/contacts/v1"


class AccountLifecycle(RuleBasedStateMachine):
    #: (client, headers, remote, service) of the test running it (set by the test).
    env: tuple = ()
    accounts = Bundle("accounts")
    tasks = Bundle("tasks")

    def __init__(self) -> None:
        super().__init__()
        self.client, self.headers, self.remote, self.service = self.env
        self.decided: dict[str, str] = {}

    def _post(self, path, body):
        response = self.client.post(f"{API}/{path}", json=body, headers=self.headers)
        assert response.status_code in (200, 201, 202), response.get_json()
        return response.get_json()

    @rule(target=accounts, name=st.sampled_from(["Acme", "Beta", "Gamma"]))
    def create_account(self, name):
        return self._post("accounts", {"name": f"{name} {uuid.uuid4().hex[:4]}"})["id"]

    @rule(account=accounts)
    def add_contact(self, account):
        self.client.post(
            f"{API}/contacts", json={"last_name": "X", "account_id": account}, headers=self.headers
        )  # a gone account is 422: fine, it must not be written

    @rule(target=tasks, account=accounts, kind=st.sampled_from(["tasks", "events", "notes"]))
    def add_activity(self, account, kind):
        body = {"related_type": "account", "related_id": account}
        body |= {
            "tasks": {"title": "Do it"},
            "events": {"kind": "call", "title": "Call", "start": "2030-01-01T09:00:00Z"},
            "notes": {"body": "Noted"},
        }[kind]
        response = self.client.post(f"{API}/{kind}", json=body, headers=self.headers)
        assert response.status_code in (201, 422), response.get_json()
        ok = response.status_code == 201 and kind == "tasks"
        return response.get_json()["id"] if ok else str(uuid.uuid4())

    @rule(task=tasks, status=st.sampled_from(["Completed", "In Progress", "Open"]))
    def change_task(self, task, status):
        response = self.client.patch(
            f"{API}/tasks/{task}", json={"status": status}, headers=self.headers
        )
        assert response.status_code in (200, 404, 409, 422), response.get_json()

    @rule(survivor=accounts, merged=consumes(accounts))
    def merge(self, survivor, merged):
        body = {"entity": "accounts", "survivor_id": survivor, "merged_ids": [merged]}
        response = self.client.post(f"{API}/merges", json=body, headers=self.headers)
        assert response.status_code in (200, 404, 409, 422), response.get_json()

    @rule(
        account=consumes(accounts),
        busy=st.sampled_from([False, False, True]),
        approve=st.sampled_from([True, True, False, None]),
    )
    def delete(self, account, busy, approve):
        self.remote.open_business[account] = {"open_opportunities": 1} if busy else {}
        response = self.client.delete(f"{API}/accounts/{account}", headers=self.headers)
        assert response.status_code in (202, 204, 404, 409), response.get_json()
        assert busy or response.status_code != 409
        if response.status_code == 202 and approve is not None:
            request = response.get_json()["id"]
            action = "approve" if approve else "reject"
            url = f"{API}/deletion-requests/{request}/{action}"
            decided = self.client.post(url, headers=self.headers)
            assert decided.status_code in (200, 409), decided.get_json()
            if decided.status_code == 200:
                self.decided[request] = decided.get_json()["status"]
        self.remote.open_business.pop(account, None)

    @invariant()
    def nothing_refers_to_a_gone_account(self):
        a = accounts.c
        with self.service.db.reading() as session:
            gone = sa.select(a.id).where(
                sa.or_(a.deleted_at.is_not(None), a.merged_into_id.is_not(None))
            )
            merged = sa.select(a.id).where(a.merged_into_id.is_not(None))
            live = contacts.c.deleted_at.is_(None) & contacts.c.merged_into_id.is_(None)
            for table, where in (
                (contacts, live & contacts.c.account_id.in_(gone)),
                (accounts, a.parent_id.in_(gone) & a.deleted_at.is_(None)),
            ):
                stmt = sa.select(sa.func.count()).select_from(table).where(where)
                assert session.execute(stmt).scalar_one() == 0, table.name
            for table, ids in ((tasks, gone), (calendar_events, gone), (notes, merged)):
                stmt = sa.select(sa.func.count()).where(
                    table.c.related_type == "account", table.c.related_id.in_(ids)
                )
                assert session.execute(stmt).scalar_one() == 0, table.name
            on_merged = sa.select(sa.func.count()).where(timeline_entries.c.account_id.in_(merged))
            assert session.execute(on_merged).scalar_one() == 0

    @invariant()
    def own_entries_once_and_decisions_final(self):
        with self.service.db.reading() as session:
            t = timeline_entries.c
            rows = session.execute(
                sa.select(t.event_type, t.record_id).where(t.source == "contacts")
            )
            counts = Counter((r.event_type, r.record_id) for r in rows if "created" in r.event_type)
            assert all(n == 1 for n in counts.values()), counts
            d = deletion_requests.c
            for request, status in self.decided.items():
                stmt = sa.select(d.status).where(d.id == uuid.UUID(request))
                assert session.execute(stmt).scalar_one() == status


def test_account_lifecycle_keeps_references_true(client, admin_headers, remote, service):
    from hypothesis.stateful import run_state_machine_as_test

    AccountLifecycle.env = (client, admin_headers, remote, service)
    run_state_machine_as_test(
        AccountLifecycle,
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
