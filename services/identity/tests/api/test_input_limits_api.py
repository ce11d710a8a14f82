"""Odd input never gets a 5xx (issue 12, case 3), identity's share: a tampered cursor is
400 naming ``cursor``, a far date 422, and deeply nested JSON on the unauthenticated token
endpoint a 400 problem+json."""

from crm_chassis.testing.inputs import FAR_DATES, deep_json, tampered_cursor

API = "/api/identity/v1"


def test_a_tampered_cursor_and_far_dates_are_4xx(client, admin_headers, new_user):
    new_user()
    new_user()
    first = client.get(f"{API}/users?limit=1", headers=admin_headers).get_json()
    bad = client.get(
        f"{API}/users?limit=1&cursor={tampered_cursor(first['next_cursor'])}",
        headers=admin_headers,
    )
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["field"] == "cursor"
    for value in FAR_DATES:
        far = client.get(f"{API}/users?updated_since={value}", headers=admin_headers)
        assert far.status_code == 422, far.get_json()
        assert far.get_json()["errors"][0]["field"] == "updated_since"


def test_deep_json_on_the_token_endpoint_is_a_400_problem(client):
    resp = client.post(
        f"{API}/auth/token", data=deep_json(), headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"
