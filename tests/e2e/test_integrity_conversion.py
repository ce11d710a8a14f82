"""Lead conversion through the gateway: the issue's cases 3, 5, 6 and 7, reproduced and fixed.

3. A conversion-mapping row to a contact field reaches the contact; a row whose target
   cannot be written is refused when saved (422 naming the row).
5. Two leads of one company converted at the same moment give one account (contacts matches
   and creates in one transaction that serialises conversions of the same company).
6. Leads of different companies on the same free-mail provider give different accounts.
7. A lead that duplicates a contact converts onto that contact, not into a second one.

And the conversion follow-ups: matching never puts a rep's lead onto an account the rep cannot
see (409, nothing revealed; ``create_new_account`` then works), and the lead's tasks,
calls/meetings and notes move to its contact and show on the account's and contact's timeline.

Runs on the session suite (identity, contacts, sales, billing).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

IDENTITY = "/api/identity/v1"
SALES = "/api/sales/v1"
CONTACTS = "/api/contacts/v1"
PASSWORD = "Conversion-follow-ups-2026"


def _post(gw: str, path: str, headers: dict, body: Any = None) -> requests.Response:
    return requests.post(f"{gw}{path}", json=body or {}, headers=headers, timeout=20)


def _get(gw: str, path: str, headers: dict, **params: Any) -> requests.Response:
    return requests.get(f"{gw}{path}", headers=headers, params=params, timeout=20)


def _lead(gw: str, admin: dict, **fields: Any) -> dict[str, Any]:
    resp = _post(gw, f"{SALES}/leads", admin, {"last_name": "Doe", **fields})
    assert resp.status_code == 201, resp.text
    return resp.json()


def _convert(gw: str, admin: dict, lead: dict[str, Any], **body: Any) -> requests.Response:
    return _post(gw, f"{SALES}/leads/{lead['id']}/convert", admin, body)


@pytest.fixture
def mapping(gw: str, admin: dict) -> Iterator[list[dict[str, Any]]]:
    """The mapping in force; put back afterwards (the suite is shared)."""
    rows = _get(gw, f"{SALES}/conversion-mapping", admin).json()["rows"]
    yield rows
    restored = requests.put(
        f"{gw}{SALES}/conversion-mapping", json={"rows": rows}, headers=admin, timeout=20
    )
    assert restored.status_code == 200, restored.text


def test_case_3_mapping_rows_are_applied_or_refused_when_saved(
    gw: str, admin: dict, mapping: list[dict[str, Any]]
) -> None:
    bad = [*mapping, {"lead_field": "product_interest", "contact_field": "interest"}]
    refused = requests.put(
        f"{gw}{SALES}/conversion-mapping", json={"rows": bad}, headers=admin, timeout=20
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in refused.json()["errors"]] == [f"rows.{len(mapping)}.contact_field"]
    read_only = [{"lead_field": "email", "account_field": "owner_id"}]
    refused = requests.put(
        f"{gw}{SALES}/conversion-mapping", json={"rows": read_only}, headers=admin, timeout=20
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == (
        "rows.0.account_field"
    )
    good = [*mapping, {"lead_field": "product_interest", "contact_field": "department"}]
    saved = requests.put(
        f"{gw}{SALES}/conversion-mapping", json={"rows": good}, headers=admin, timeout=20
    )
    assert saved.status_code == 200, saved.text
    tag = uuid.uuid4().hex[:6]
    lead = _lead(gw, admin, company=f"Mapped {tag}", product_interest="Flow meters")
    converted = _convert(gw, admin, lead)
    assert converted.status_code == 201, converted.text
    contact = _get(gw, f"{CONTACTS}/contacts/{converted.json()['contact_id']}", admin)
    assert contact.status_code == 200, contact.text
    assert contact.json()["department"] == "Flow meters"


def test_case_5_two_conversions_of_one_company_at_once_give_one_account(
    gw: str, admin: dict
) -> None:
    tag = uuid.uuid4().hex[:6]
    leads = [
        _lead(gw, admin, last_name="First", company=f"Simultan {tag} Ltd"),
        _lead(gw, admin, last_name="Second", company=f"SIMULTAN {tag}, Inc."),
    ]
    answers: list[requests.Response] = []
    barrier = threading.Barrier(2)

    def convert(lead: dict[str, Any]) -> None:
        barrier.wait()
        answers.append(_convert(gw, admin, lead))

    threads = [threading.Thread(target=convert, args=(lead,)) for lead in leads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
    bodies = [a.json() for a in answers]
    assert bodies[0]["account_id"] == bodies[1]["account_id"]
    assert sorted(b["existing_account"] for b in bodies) == [False, True]
    found = _get(gw, f"{CONTACTS}/accounts", admin, q=f"simultan {tag}").json()["items"]
    assert [a["id"] for a in found] == [bodies[0]["account_id"]]


def test_case_6_free_mail_domains_do_not_merge_strangers(gw: str, admin: dict) -> None:
    tag = uuid.uuid4().hex[:6]
    alpha = _lead(gw, admin, company=f"Alpha Corp {tag}", email=f"alice.{tag}@gmail.com")
    beta = _lead(gw, admin, company=f"Beta Industries {tag}", email=f"bob.{tag}@gmail.com")
    first, second = _convert(gw, admin, alpha), _convert(gw, admin, beta)
    assert first.status_code == second.status_code == 201, (first.text, second.text)
    assert first.json()["account_id"] != second.json()["account_id"]
    assert second.json()["existing_account"] is False
    # A company's own domain still matches: a colleague at Alpha joins Alpha's account.
    colleague = _lead(
        gw, admin, company=f"Alpha Corp {tag}", email=f"carol.{tag}@gmail.com", last_name="Roe"
    )
    third = _convert(gw, admin, colleague)
    assert third.json()["account_id"] == first.json()["account_id"]
    assert third.json()["existing_account"] is True


def test_case_7_a_duplicate_lead_converts_onto_the_existing_contact(gw: str, admin: dict) -> None:
    tag = uuid.uuid4().hex[:6]
    email = f"dup.{tag}@duplicate-{tag}.example"
    first = _lead(gw, admin, first_name="Dana", last_name="Dup", company=f"Dup {tag}", email=email)
    done = _convert(gw, admin, first)
    assert done.status_code == 201 and done.json()["existing_contact"] is False
    twin = _lead(gw, admin, first_name="Dana", last_name="Dup", company=f"Dup {tag}", email=email)
    assert twin["possible_duplicate"] is True
    again = _convert(gw, admin, twin)
    assert again.status_code == 201, again.text
    assert again.json()["contact_id"] == done.json()["contact_id"]
    assert again.json()["existing_contact"] is True
    assert again.json()["account_id"] == done.json()["account_id"]
    found = _get(gw, f"{CONTACTS}/contacts", admin, email=email).json()["items"]
    assert [c["id"] for c in found] == [done.json()["contact_id"]]
    # The caller may still ask for a new contact.
    third = _lead(gw, admin, first_name="Dana", last_name="Dup", company=f"Dup {tag}", email=email)
    fresh = _convert(gw, admin, third, create_new_contact=True)
    assert fresh.status_code == 201 and fresh.json()["existing_contact"] is False
    assert fresh.json()["contact_id"] != done.json()["contact_id"]


def _rep(gw: str, admin: dict, sign_in: Callable[..., Any], tag: str, who: str) -> dict:
    roles = _get(gw, f"{IDENTITY}/roles", admin, limit=500).json()["items"]
    role = next(r["id"] for r in roles if r["name"] == "Sales Rep")
    email = f"{who}.{tag}@conversion.test"
    made = _post(
        gw,
        f"{IDENTITY}/users",
        admin,
        {"email": email, "display_name": f"{who} {tag}", "password": PASSWORD, "role_id": role},
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {sign_in(email, PASSWORD)['access_token']}"}


def test_a_rep_cannot_convert_onto_another_reps_private_account(
    gw: str, admin: dict, sign_in: Callable[..., Any]
) -> None:
    tag = uuid.uuid4().hex[:6]
    alice, bob = _rep(gw, admin, sign_in, tag, "alice"), _rep(gw, admin, sign_in, tag, "bob")
    hers = _convert(gw, alice, _lead(gw, alice, company=f"Private {tag} Ltd"))
    assert hers.status_code == 201, hers.text
    lead = _lead(gw, bob, last_name="Bobson", company=f"PRIVATE {tag}")
    refused = _convert(gw, bob, lead)
    assert refused.status_code == 409, refused.text
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert "cannot see" in refused.json()["detail"]
    assert "create_new_account" in refused.json()["detail"]
    assert hers.json()["account_id"] not in refused.text
    assert _get(gw, f"{SALES}/leads/{lead['id']}", bob).json()["converted"] is False
    mine = _convert(gw, bob, lead, create_new_account=True)
    assert mine.status_code == 201, mine.text
    assert mine.json()["account_id"] != hers.json()["account_id"]
    assert mine.json()["existing_account"] is False
    assert _get(gw, f"{CONTACTS}/accounts/{mine.json()['account_id']}", bob).status_code == 200


def test_the_leads_activities_move_to_its_contact_and_timeline(gw: str, admin: dict) -> None:
    tag = uuid.uuid4().hex[:6]
    lead = _lead(gw, admin, company=f"Activities {tag}")
    about = {"related_type": "lead", "related_id": lead["id"]}
    made = [
        _post(gw, f"{CONTACTS}/tasks", admin, {"title": f"Brochure {tag}", **about}),
        _post(
            gw,
            f"{CONTACTS}/events",
            admin,
            {"kind": "call", "title": f"Discovery {tag}", "start": "2026-01-05T10:00:00Z", **about},
        ),
        _post(gw, f"{CONTACTS}/notes", admin, {"body": f"Budget {tag}", **about}),
    ]
    assert [m.status_code for m in made] == [201, 201, 201], [m.text for m in made]
    done = _convert(gw, admin, lead)
    assert done.status_code == 201, done.text
    contact_id, account_id = done.json()["contact_id"], done.json()["account_id"]
    for path, made_one in zip(("tasks", "events", "notes"), made, strict=True):
        moved = _get(gw, f"{CONTACTS}/{path}/{made_one.json()['id']}", admin).json()
        assert (moved["related_type"], moved["related_id"]) == ("contact", contact_id)
    ids = {m.json()["id"] for m in made}
    for owner in (f"accounts/{account_id}", f"contacts/{contact_id}"):
        entries = _get(gw, f"{CONTACTS}/{owner}/timeline", admin, limit=100).json()["items"]
        assert sorted(e["record_id"] for e in entries if e["record_id"] in ids) == sorted(ids)
