"""Demo steps against a fake gateway: the portal link and the overdue invoice's dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from crm_ops.demo import billing, portal
from crm_ops.demo.client import Api, ApiError

TODAY = date.today()


class FakeApi(Api):
    """Answers from ``answers[(method, path)]`` (a value or a function of the body)."""

    def __init__(self, answers: dict[tuple[str, str], Any]) -> None:
        super().__init__("http://gateway.invalid", "token")
        self.answers = answers
        self.calls: list[tuple[str, str, Any, dict[str, Any]]] = []

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        self.calls.append((method, path, body, params))
        answer = self.answers[(method, path)]
        return answer(body) if callable(answer) else answer


def _linking(user: dict[str, Any]) -> FakeApi:
    def patched(body: dict[str, Any]) -> dict[str, Any]:
        user.update(body)
        return user

    return FakeApi(
        {
            ("GET", portal.USERS): {"items": [user], "next_cursor": None},
            ("PATCH", f"{portal.USERS}/{user['id']}"): patched,
        }
    )


def test_the_portal_user_is_linked_to_the_demo_account_and_contact_once() -> None:
    user = {"id": "u1", "email": portal.PORTAL_EMAIL, "account_id": "a-x", "contact_id": "c-x"}
    accounts = {portal.ACCOUNT: {"id": "a-globex"}}
    contacts = {portal.CONTACT: {"id": "c-oliver"}}
    api = _linking(user)

    portal.link(api, accounts, contacts)
    portal.link(api, accounts, contacts)  # a second run changes nothing

    patches = [c for c in api.calls if c[0] == "PATCH"]
    assert [p[2] for p in patches] == [{"account_id": "a-globex", "contact_id": "c-oliver"}]
    assert api.created == {"portal users linked": 1}


def test_no_portal_user_no_link() -> None:
    api = FakeApi({("GET", portal.USERS): {"items": [], "next_cursor": None}})
    portal.link(api, {portal.ACCOUNT: {"id": "a"}}, {portal.CONTACT: {"id": "c"}})
    assert [c[0] for c in api.calls] == ["GET"]


def _billing(newest: list[dict[str, str]]) -> FakeApi:
    """A billing whose newest invoices are ``newest``: it refuses dates before theirs."""
    floor = max((i["invoice_date"] for i in newest if i["status"] != "Cancelled"), default="")

    def create(body: dict[str, Any]) -> dict[str, Any]:
        if body["invoice_date"] < floor:
            raise ApiError(f"POST invoices: 422 invoice_date: must not be before {floor}")
        return {"id": "i1", **body}

    return FakeApi(
        {
            ("POST", f"{billing.API}/invoices"): create,
            ("GET", f"{billing.API}/invoices"): {"items": newest, "next_cursor": None},
        }
    )


def test_a_fresh_billing_takes_the_backdated_invoice() -> None:
    made = billing._backdated(_billing([]), {"subject": "s"}, 75)
    assert made["invoice_date"] == (TODAY - timedelta(days=75)).isoformat()
    assert made["due_date"] == (TODAY - timedelta(days=45)).isoformat()


def test_after_later_invoices_it_is_dated_and_due_on_the_newest_invoices_day() -> None:
    week_ago = (TODAY - timedelta(days=7)).isoformat()
    newest = [
        {"invoice_date": TODAY.isoformat(), "status": "Cancelled"},  # not counted by billing
        {"invoice_date": week_ago, "status": "Paid"},
    ]
    made = billing._backdated(_billing(newest), {"subject": "s"}, 75)
    # Past due already: the overdue check marks it Overdue now.
    assert (made["invoice_date"], made["due_date"]) == (week_ago, week_ago)
