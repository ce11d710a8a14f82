"""Odd input never gets a 5xx (issue 12, case 3): a tampered cursor is 400 naming
``cursor``; a far date is 422 naming the parameter; on REST and gRPC."""

from crm_chassis.testing.inputs import FAR_DATES, deep_json
from crm_chassis.testing.inputs import tampered_cursor as tampered

API = "/api/contacts/v1"


def test_a_tampered_cursor_and_far_dates_are_4xx(client, admin_headers, create_account):
    create_account(name="One")
    create_account(name="Two")
    first = client.get(f"{API}/accounts?limit=1&sort=name", headers=admin_headers).get_json()
    bad = client.get(
        f"{API}/accounts?limit=1&sort=name&cursor={tampered(first['next_cursor'])}",
        headers=admin_headers,
    )
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["field"] == "cursor"
    for value in FAR_DATES:
        far = client.get(f"{API}/accounts?updated_since={value}", headers=admin_headers)
        assert far.status_code == 422, far.get_json()
        assert far.get_json()["errors"][0]["field"] == "updated_since"
    huge = client.post(
        f"{API}/accounts",
        data='{"name": "Acme", "employees": 123456789012345678901234567890}',
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert huge.status_code == 422 and huge.get_json()["errors"][0]["field"] == "employees"
    deep = client.post(
        f"{API}/accounts",
        data=deep_json(),
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert deep.status_code == 400 and deep.mimetype == "application/problem+json"
