"""Issue 12, case 2, sales, through the gateway: a hidden field is hidden everywhere.

An administrator gives a rep a profile that hides the opportunity amount and the lead's
e-mail and score. The rep's reports, stage history and lists never show the amount; a
filter or sort on a hidden field is 403 naming it; ``q=`` does not match a hidden e-mail.
The administrator still sees everything.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

IDENTITY = "/api/identity/v1"
SALES = "/api/sales/v1"
PASSWORD = "Corr3ct-horse-battery"
SECRET = "98765.43"


def _post(gw: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    resp = requests.post(f"{gw}{path}", json=body, headers=headers, timeout=10)
    assert resp.status_code == 201, (path, resp.status_code, resp.text)
    return resp.json()


def _rep(
    gw: str, admin: dict[str, str], sign_in: Callable[..., Any], tag: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """A new rep whose profile hides the opportunity amount and the lead's e-mail and score."""
    work = ["view", "create", "edit", "export"]
    profile = _post(
        gw,
        f"{IDENTITY}/profiles",
        {
            "name": f"E2E Hidden Sales {tag}",
            "modules": {"leads": work, "opportunities": work},
            "fields": {
                "opportunities": {"amount": "hidden"},
                "leads": {"email": "hidden", "score": "hidden"},
            },
        },
        admin,
    )
    roles = requests.get(f"{gw}{IDENTITY}/roles", params={"limit": 500}, headers=admin, timeout=10)
    ceo = next(r["id"] for r in roles.json()["items"] if r["name"] == "CEO")
    role = _post(
        gw,
        f"{IDENTITY}/roles",
        {"name": f"E2E Hidden Rep {tag}", "parent_id": ceo, "profile_ids": [profile["id"]]},
        admin,
    )
    email = f"hidden.rep.{tag}@e2e.test"
    user = _post(
        gw,
        f"{IDENTITY}/users",
        {"email": email, "display_name": f"Rep {tag}", "password": PASSWORD, "role_id": role["id"]},
        admin,
    )
    return user, {"Authorization": f"Bearer {sign_in(email, PASSWORD)['access_token']}"}


@pytest.fixture(scope="module")
def world(
    gw: str, admin: dict[str, str], sign_in: Callable[..., Any], eventually: Callable[..., Any]
) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:8]
    user, rep = _rep(gw, admin, sign_in, tag)
    deal_body = {
        "name": f"Secret deal {tag}",
        "amount": {"amount": SECRET, "currency": "EUR"},
        "expected_close_date": "2027-03-31",
        "owner_id": user["id"],
    }

    def make_deal() -> Any:
        # Sales knows the new user (an owner must be active) once identity's event arrives.
        resp = requests.post(
            f"{gw}{SALES}/opportunities", json=deal_body, headers=admin, timeout=10
        )
        return resp.json() if resp.status_code == 201 else None

    deal = eventually(make_deal, timeout=20, interval=0.3)
    moved = requests.patch(
        f"{gw}{SALES}/opportunities/{deal['id']}",
        json={"sales_stage": "Qualification"},
        headers=admin,
        timeout=10,
    )
    assert moved.status_code == 200, moved.text
    lead_email = f"ada.{tag}@analytical.example"
    lead = _post(
        gw,
        f"{SALES}/leads",
        {"last_name": f"Lovelace{tag}", "email": lead_email, "owner_id": user["id"]},
        admin,
    )

    def rep_sees_the_profile() -> bool:
        got = requests.get(f"{gw}{SALES}/opportunities/{deal['id']}", headers=rep, timeout=10)
        return got.status_code == 200 and "amount" not in got.json()

    eventually(rep_sees_the_profile, timeout=20, interval=0.3)
    return {
        "gw": gw,
        "rep": rep,
        "admin": admin,
        "deal": deal,
        "lead": lead,
        "tag": tag,
        "lead_email": lead_email,
    }


def _get(w: dict[str, Any], who: str, path: str, **params: Any) -> requests.Response:
    return requests.get(f"{w['gw']}{SALES}{path}", params=params, headers=w[who], timeout=10)


def _forbidden_naming(resp: requests.Response, param: str, field: str) -> None:
    assert resp.status_code == 403, resp.text
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    body = resp.json()
    assert body["errors"][0]["field"] == param and f"'{field}'" in body["detail"]


def test_a_hidden_amount_is_in_no_report_history_or_list(world: dict[str, Any]) -> None:
    for report in ("pipeline", "forecast"):
        resp = _get(world, "rep", f"/reports/{report}")
        assert resp.status_code == 200, resp.text
        rows = resp.json()["items"]
        assert rows and all("amount" not in r and "weighted_amount" not in r for r in rows)
        assert SECRET not in resp.text
        exported = _get(world, "rep", f"/reports/{report}", format="csv")
        assert exported.status_code == 200 and SECRET not in exported.text
        assert "amount" not in next(csv.reader(io.StringIO(exported.text)))
    kpis = _get(world, "rep", "/reports/kpis")
    assert kpis.status_code == 200 and "average_deal_size" not in kpis.json()
    history = _get(world, "rep", f"/opportunities/{world['deal']['id']}/stage-history")
    assert history.status_code == 200 and SECRET not in history.text
    assert [h["to_stage"] for h in history.json()["items"]] == ["Prospecting", "Qualification"]
    listed = _get(world, "rep", "/opportunities")
    assert world["deal"]["id"] in listed.text and SECRET not in listed.text


def test_the_administrator_still_sees_the_amount(world: dict[str, Any]) -> None:
    assert SECRET in _get(world, "admin", "/reports/pipeline").text
    history = _get(world, "admin", f"/opportunities/{world['deal']['id']}/stage-history")
    assert SECRET in history.text


def test_filters_and_sorts_on_hidden_lead_fields_are_403_naming_them(
    world: dict[str, Any],
) -> None:
    _forbidden_naming(_get(world, "rep", "/leads", min_score=0), "min_score", "score")
    _forbidden_naming(_get(world, "rep", "/leads", sort="-score"), "sort", "score")
    resp = _get(world, "rep", "/leads", email=world["lead_email"])
    _forbidden_naming(resp, "email", "email")
    assert _get(world, "rep", "/leads", sort="last_name").status_code == 200


def test_q_does_not_find_a_lead_by_its_hidden_email(world: dict[str, Any]) -> None:
    lead_id = world["lead"]["id"]
    by_email = _get(world, "rep", "/leads", q=world["lead_email"])
    assert by_email.status_code == 200 and by_email.json()["items"] == []
    by_name = _get(world, "rep", "/leads", q=f"lovelace{world['tag']}")
    assert [x["id"] for x in by_name.json()["items"]] == [lead_id]
    assert "email" not in by_name.json()["items"][0]
    admin = _get(world, "admin", "/leads", q=world["lead_email"])
    assert [x["id"] for x in admin.json()["items"]] == [lead_id]
