"""Portal callers (``portal.quotes.read``, ``portal.sales_orders.read``) read their own
account's quotes and orders, without the staff-only fields (issue 13, support's portal)."""

from __future__ import annotations

import uuid
from typing import Any

API = "/api/sales/v1"
STAFF_ONLY = {"owner_id", "approved_by", "approved_at", "approval_path", "awaiting_approval_by"}


def _portal(tokens: Any, account: str) -> dict[str, str]:
    token = tokens.issue(
        str(uuid.uuid4()),
        typ="portal",
        scope="portal.quotes.read portal.sales_orders.read",
        account_id=account,
        contact_id=str(uuid.uuid4()),
    )
    return {"Authorization": f"Bearer {token}"}


def _quote(client: Any, admin: dict, account: str, product_id: str, approve: bool = True) -> dict:
    line = {"product_id": product_id, "quantity": 2}
    resp = client.post(
        f"{API}/quotes", headers=admin, json={"account_id": account, "lines": [line]}
    )
    assert resp.status_code == 201, resp.get_json()
    if not approve:
        return resp.get_json()
    approved = client.post(f"{API}/quotes/{resp.get_json()['id']}/approve", headers=admin)
    assert approved.status_code == 200, approved.get_json()
    return approved.get_json()


def test_a_portal_user_reads_own_documents_without_staff_only_fields(
    client: Any, admin: dict, product: Any, directory: Any, tokens: Any
) -> None:
    mine_account, their_account = (str(directory.add(n)) for n in ("Mine Ltd", "Theirs Ltd"))
    item = product(code=f"P-{uuid.uuid4().hex[:4]}")
    mine, theirs = (_quote(client, admin, a, item["id"]) for a in (mine_account, their_account))
    assert STAFF_ONLY & set(mine)
    order = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": mine["id"]})
    assert order.status_code == 201, order.get_json()
    portal = _portal(tokens, mine_account)
    got = client.get(f"{API}/quotes/{mine['id']}", headers=portal).get_json()
    assert got["grand_total"] == mine["grand_total"] and got["approval_status"] == "Approved"
    assert not STAFF_ONLY & set(got)
    assert client.get(f"{API}/quotes/{theirs['id']}", headers=portal).status_code == 404
    listed = client.get(f"{API}/quotes", headers=portal).get_json()["items"]
    assert [q["id"] for q in listed] == [mine["id"]]
    orders = client.get(f"{API}/sales-orders", headers=portal).get_json()["items"]
    assert [o["id"] for o in orders] == [order.get_json()["id"]]
    assert "owner_id" not in orders[0] and "created_by" not in orders[0]
    assert client.get(f"{API}/leads", headers=portal).status_code == 403


def test_a_portal_user_never_sees_a_draft_quote(
    client: Any, admin: dict, product: Any, directory: Any, tokens: Any
) -> None:
    account = str(directory.add("Mine Ltd"))
    item = product(code=f"P-{uuid.uuid4().hex[:4]}")
    draft = _quote(client, admin, account, item["id"], approve=False)
    approved = _quote(client, admin, account, item["id"])
    portal = _portal(tokens, account)
    assert client.get(f"{API}/quotes/{draft['id']}", headers=portal).status_code == 404
    listed = client.get(f"{API}/quotes", headers=portal).get_json()["items"]
    assert [q["id"] for q in listed] == [approved["id"]]
    assert client.get(f"{API}/quotes/{draft['id']}", headers=admin).status_code == 200
