"""The tag lookup rows follow a lead's tags: rewritten when they change, kept otherwise."""

from __future__ import annotations

from typing import Any

API = "/api/sales/v1"


def _tagged(client: Any, admin: dict, tag: str) -> list[str]:
    items = client.get(f"{API}/leads?tag={tag}", headers=admin).get_json()["items"]
    return [i["last_name"] for i in items]


def test_a_lead_is_found_by_its_new_tags_and_not_its_old_ones(
    client: Any, admin: dict, lead: Any
) -> None:
    created = lead(last_name="Tagged", tags=["old"])
    resp = client.patch(
        f"{API}/leads/{created['id']}",
        headers={**admin, "If-Match": '"1"'},
        json={"tags": ["new", "Other"]},
    )
    assert resp.status_code == 200
    assert _tagged(client, admin, "old") == []
    assert _tagged(client, admin, "new") == ["Tagged"]
    assert _tagged(client, admin, "other") == ["Tagged"]


def test_a_change_that_keeps_the_tags_keeps_the_lead_found_by_them(
    client: Any, admin: dict, lead: Any
) -> None:
    created = lead(last_name="Kept", tags=["keep"])
    resp = client.patch(
        f"{API}/leads/{created['id']}",
        headers={**admin, "If-Match": '"1"'},
        json={"lead_status": "Contacted"},
    )
    assert resp.status_code == 200
    assert _tagged(client, admin, "keep") == ["Kept"]
