"""Odd input never gets a 5xx (issue 12, case 3), sales' share: a tampered cursor is 400
naming ``cursor``; far dates and integers past 64 bits are 422 naming the parameter."""

from crm_chassis.testing.inputs import FAR_DATES, tampered_cursor

API = "/api/sales/v1"


def test_a_tampered_cursor_far_dates_and_huge_integers_are_4xx(client, admin, lead):
    lead(last_name="One")
    lead(last_name="Two")
    first = client.get(f"{API}/leads?limit=1", headers=admin).get_json()
    bad = client.get(
        f"{API}/leads?limit=1&cursor={tampered_cursor(first['next_cursor'])}", headers=admin
    )
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["field"] == "cursor"
    for value in FAR_DATES:
        far = client.get(f"{API}/leads?updated_since={value}", headers=admin)
        assert far.status_code == 422, far.get_json()
        assert far.get_json()["errors"][0]["field"] == "updated_since"
    huge = client.get(f"{API}/leads?min_score={2**64}", headers=admin)
    assert huge.status_code == 422 and huge.get_json()["errors"][0]["field"] == "min_score"
