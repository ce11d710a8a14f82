"""Hidden campaign fields (a profile's field access): left out of answers and the ROI
report with what derives from them; a filter or sort on one is 403; q= does not match it."""

from __future__ import annotations

import uuid
from typing import Any

API = "/api/marketing/v1"
URL = f"{API}/campaigns"
ALL = ["view", "create", "edit", "delete", "export"]


def _snapshot(user: uuid.UUID, hidden: dict[str, str]) -> Any:
    from crm_access.model import PolicySnapshot

    return PolicySnapshot.from_dict(
        {
            "version": 1,
            "users": [{"id": str(user), "role_id": "rep", "active": True, "is_admin": False}],
            "roles": [{"id": "rep", "name": "Rep", "profile_ids": ["mkt"]}],
            "profiles": [
                {
                    "id": "mkt",
                    "name": "Marketing",
                    "modules": {"campaigns": ALL},
                    "fields": {"campaigns": hidden},
                }
            ],
            "groups": [],
            "sharing_defaults": {"campaigns": "public_read"},
        }
    )


def test_hidden_cost_and_sponsor(client, service, token_factory):
    admin = {"Authorization": f"Bearer {token_factory.admin(str(uuid.uuid4()))}"}
    body = {"name": "Fair", "actual_cost": "1000", "sponsor": "Secret Sponsor"}
    made = client.post(URL, json=body, headers=admin).get_json()
    rep = uuid.uuid4()
    service.access.store.save(_snapshot(rep, {"actual_cost": "hidden", "sponsor": "hidden"}))
    headers = {"Authorization": f"Bearer {token_factory.issue(str(rep), perms=[])}"}
    seen = client.get(f"{URL}/{made['id']}", headers=headers).get_json()
    assert "actual_cost" not in seen and "sponsor" not in seen and seen["name"] == "Fair"
    assert client.get(f"{URL}?q=secret", headers=headers).get_json()["items"] == []
    assert len(client.get(f"{URL}?q=fair", headers=headers).get_json()["items"]) == 1
    assert len(client.get(f"{URL}?q=secret", headers=admin).get_json()["items"]) == 1
    report = client.get(f"{API}/reports/campaign-roi", headers=headers).get_json()["items"]
    assert report and all(k not in report[0] for k in ("actual_cost", "roi", "cost_per_lead"))
    as_csv = client.get(f"{API}/reports/campaign-roi?format=csv", headers=headers)
    assert b"actual_cost" not in as_csv.data and b"1000" not in as_csv.data


def test_a_filter_or_sort_on_a_hidden_field_is_403(client, service, token_factory):
    rep = uuid.uuid4()
    service.access.store.save(_snapshot(rep, {"campaign_type": "hidden", "name": "hidden"}))
    headers = {"Authorization": f"Bearer {token_factory.issue(str(rep), perms=[])}"}
    refused = client.get(f"{URL}?campaign_type=Webinar", headers=headers)
    assert refused.status_code == 403 and "campaign_type" in refused.get_data(as_text=True)
    assert client.get(f"{URL}?sort=name", headers=headers).status_code == 403
    assert (
        client.get(f"{API}/reports/campaign-roi?campaign_type=Email", headers=headers).status_code
        == 403
    )
    assert client.get(URL, headers=headers).status_code == 200
