"""Lead forms over REST (staff side): define, validate, read, change, embed."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from crm_marketing.api.forms import BASE as API

ORIGIN = "https://www.example.com"


def _create(client: Any, admin: dict[str, str], form_body: Any, **overrides: Any) -> dict[str, Any]:
    answer = client.post(f"{API}/forms", json=form_body(**overrides), headers=admin)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_form_is_defined_read_and_listed(client, admin, form_body):
    form = _create(client, admin, form_body)
    assert form["status"] == "active"
    assert form["allowed_origins"] == [ORIGIN]
    assert form["submit_url"].endswith(f"/api/marketing/v1/forms/{form['id']}/submissions")
    got = client.get(f"{API}/forms/{form['id']}", headers=admin)
    assert got.status_code == 200 and got.headers["ETag"] == '"1"'
    assert [f["name"] for f in got.get_json()["fields"]][:3] == ["first", "last", "mail"]
    listed = client.get(f"{API}/forms?status=active", headers=admin).get_json()
    assert [f["id"] for f in listed["items"]] == [form["id"]]
    assert client.get(f"{API}/forms?status=inactive", headers=admin).get_json()["items"] == []


def test_the_list_pages_by_cursor_in_either_order_and_refuses_other_sorts(client, admin, form_body):
    made = [_create(client, admin, form_body, name=f"Form {i}")["id"] for i in range(3)]
    first = client.get(f"{API}/forms?limit=2&sort=created_at", headers=admin).get_json()
    assert [f["id"] for f in first["items"]] == made[:2]
    cursor = first["next_cursor"]
    rest = client.get(f"{API}/forms?limit=2&sort=created_at&cursor={cursor}", headers=admin)
    assert [f["id"] for f in rest.get_json()["items"]] == made[2:]
    newest = client.get(f"{API}/forms?q=form 2", headers=admin).get_json()["items"]
    assert [f["id"] for f in newest] == [made[2]]
    assert client.get(f"{API}/forms?sort=name", headers=admin).status_code == 400


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"fields": [{"name": "x", "label": "X", "maps_to": "salary"}]}, "fields[0].maps_to"),
        ({"fields": [{"name": "x", "label": "X", "maps_to": "city"}]}, "fields[0].maps_to"),
        ({"fields": [{"name": "x", "label": "X"}]}, "fields"),
        ({"fields": []}, "fields"),
        ({"thank_you_url": "javascript:alert(1)"}, "thank_you_url"),
        ({"allowed_origins": ["https://a.example/path"]}, "allowed_origins[0]"),
        ({"min_fill_seconds": -1}, "min_fill_seconds"),
        ({"rate_limit_per_hour": 0}, "rate_limit_per_hour"),
    ],
)
def test_bad_definitions_are_422_naming_the_field(
    client, admin, form_body, service, overrides, field
):
    answer = client.post(f"{API}/forms", json=form_body(**overrides), headers=admin)
    assert answer.status_code == 422, answer.get_json()
    assert answer.content_type == "application/problem+json"
    assert field in [e["field"] for e in answer.get_json()["errors"]]
    assert client.get(f"{API}/forms", headers=admin).get_json()["items"] == []


def test_two_fields_mapped_to_one_lead_field_are_refused(client, admin, form_body):
    fields = [
        {"name": "a", "label": "A", "maps_to": "email", "type": "email"},
        {"name": "b", "label": "B", "maps_to": "email", "type": "email"},
    ]
    answer = client.post(f"{API}/forms", json=form_body(fields=fields), headers=admin)
    assert answer.status_code == 422
    assert "fields[1].maps_to" in [e["field"] for e in answer.get_json()["errors"]]


def test_an_unknown_lead_owner_or_campaign_is_refused(client, admin, form_body):
    body = form_body(lead_owner_id=str(uuid.uuid4()), campaign_id=str(uuid.uuid4()))
    answer = client.post(f"{API}/forms", json=body, headers=admin)
    assert answer.status_code == 422
    assert sorted(e["field"] for e in answer.get_json()["errors"]) == [
        "campaign_id",
        "lead_owner_id",
    ]


def test_patch_changes_status_and_fields_and_honours_if_match(client, admin, form_body):
    form = _create(client, admin, form_body)
    url = f"{API}/forms/{form['id']}"
    stale = client.patch(url, json={"status": "inactive"}, headers={**admin, "If-Match": '"9"'})
    assert stale.status_code == 412
    changed = client.patch(
        url,
        json={"status": "inactive", "min_fill_seconds": 5},
        headers={**admin, "If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert (body["status"], body["min_fill_seconds"], body["name"]) == (
        "inactive",
        5,
        "Trade show sign-up",
    )
    bad = client.patch(url, json={"fields": [{"name": "_x", "label": "X"}]}, headers=admin)
    assert bad.status_code == 422
    for nulled in ("name", "fields", "min_fill_seconds", "rate_limit_per_hour"):
        refused = client.patch(url, json={nulled: None}, headers=admin)
        assert refused.status_code == 422, (nulled, refused.get_json())
        assert nulled in [e["field"] for e in refused.get_json()["errors"]]
    assert client.get(url, headers=admin).get_json()["version"] == body["version"]


def test_the_embed_snippet_posts_to_the_public_endpoint_with_stamp_and_honeypot(
    client, admin, form_body
):
    form = _create(client, admin, form_body, name='<script>alert("x")</script>')
    answer = client.get(f"{API}/forms/{form['id']}/embed", headers=admin)
    assert answer.status_code == 200
    embed = answer.get_json()
    html = embed["html"]
    assert f'action="{embed["action"]}"' in html
    assert f'name="form_stamp" value="{embed["stamp"]}"' in html
    assert 'name="confirm_email_address"' in html and 'tabindex="-1"' in html
    assert 'name="mail" maxlength="255" required' in html
    assert "<script>" not in html


def test_staff_without_campaigns_access_get_403_and_others_forms_are_404(
    client, admin, form_body, token_factory
):
    form = _create(client, admin, form_body)
    nobody = {"Authorization": f"Bearer {token_factory.issue(str(uuid.uuid4()), perms=[])}"}
    assert client.get(f"{API}/forms", headers=nobody).status_code == 403
    assert client.post(f"{API}/forms", json={}, headers=nobody).status_code == 403
    viewer = token_factory.issue(str(uuid.uuid4()), perms=["campaigns.view"])
    other = client.get(f"{API}/forms/{form['id']}", headers={"Authorization": f"Bearer {viewer}"})
    assert other.status_code == 404


def test_a_campaign_the_caller_may_not_see_cannot_be_credited(
    client, service, token_factory, form_body, campaign_id
):
    from crm_access.model import PolicySnapshot

    rep = uuid.uuid4()
    service.access.store.save(
        PolicySnapshot.from_dict(
            {
                "version": 1,
                "users": [{"id": str(rep), "role_id": "r"}],
                "roles": [{"id": "r", "name": "r", "profile_ids": ["p"]}],
                "profiles": [
                    {
                        "id": "p",
                        "name": "P",
                        "modules": {"campaigns": ["view", "create", "edit"]},
                        "fields": {},
                    }
                ],
                "sharing_defaults": {"campaigns": "private"},
            }
        )
    )
    perms = ["campaigns.view", "campaigns.create", "campaigns.edit"]
    headers = {"Authorization": f"Bearer {token_factory.issue(str(rep), perms=perms)}"}
    answer = client.post(f"{API}/forms", json=form_body(campaign_id=campaign_id), headers=headers)
    assert answer.status_code == 422, answer.get_json()
    assert [e["field"] for e in answer.get_json()["errors"]] == ["campaign_id"]
    mine = client.post(f"{API}/forms", json=form_body(), headers=headers)
    assert mine.status_code == 201, mine.get_json()
