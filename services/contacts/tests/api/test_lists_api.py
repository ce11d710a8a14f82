import uuid
from datetime import UTC, datetime, timedelta

API = "/api/contacts/v1"


def collect(client, headers, url):
    items, cursor, pages = [], None, 0
    while True:
        sep = "&" if "?" in url else "?"
        response = client.get(url + (f"{sep}cursor={cursor}" if cursor else ""), headers=headers)
        assert response.status_code == 200, response.get_json()
        data = response.get_json()
        assert set(data) == {"items", "next_cursor"}  # lists never count
        items.extend(data["items"])
        pages += 1
        cursor = data["next_cursor"]
        if cursor is None:
            return items, pages


def test_keyset_paging_visits_every_account_once_in_order(client, admin_headers, create_account):
    names = [f"Company {i:02d}" for i in range(23)]
    for name in reversed(names):
        create_account(name=name)
    items, pages = collect(client, admin_headers, f"{API}/accounts?limit=5&sort=name")
    assert [a["name"] for a in items] == names
    assert pages == 5
    items, _ = collect(client, admin_headers, f"{API}/accounts?limit=4&sort=-name")
    assert [a["name"] for a in items] == names[::-1]


def test_paging_by_updated_at_has_no_duplicates_or_gaps(client, admin_headers, create_account):
    created = {create_account(name=f"N{i}")["id"] for i in range(12)}
    items, _ = collect(client, admin_headers, f"{API}/accounts?limit=5&sort=updated_at")
    ids = [a["id"] for a in items]
    assert len(ids) == len(set(ids)) and set(ids) == created
    stamps = [a["updated_at"] for a in items]
    assert stamps == sorted(stamps)


def test_filters_are_named_after_fields(client, admin_headers, create_account, add_owner):
    other = add_owner()
    create_account(
        name="A", account_type="Customer", industry="Banking", tags=["VIP"], email="Info@A.example"
    )
    create_account(name="B", account_type="Partner", owner_id=str(other.id))
    create_account(name="C", account_type="Customer", industry="Energy")

    def names(query):
        response = client.get(f"{API}/accounts?{query}", headers=admin_headers)
        assert response.status_code == 200, response.get_json()
        return [a["name"] for a in response.get_json()["items"]]

    assert names("account_type=Customer") == ["A", "C"]
    assert names("account_type=Customer&industry=Energy") == ["C"]
    assert names(f"owner_id={other.id}") == ["B"]
    assert names("tag=vip") == ["A"]
    assert names("email=info@a.example") == ["A"]
    since = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    assert names(f"updated_since={since}") == []


def test_q_searches_name_email_phone_and_website(client, admin_headers, create_account):
    create_account(name="Globex Corporation", website="globex.example")
    create_account(name="Initech", email="sales@initech.example", phone="+1 (555) 010-0999")
    create_account(name="Hooli")

    def names(q):
        response = client.get(f"{API}/accounts", query_string={"q": q}, headers=admin_headers)
        return [a["name"] for a in response.get_json()["items"]]

    assert names("GLOBEX") == ["Globex Corporation"]
    assert names("globex.example") == ["Globex Corporation"]
    assert names("sales@initech") == ["Initech"]
    assert names("5550100999") == ["Initech"]
    assert names("555) 010") == ["Initech"]
    assert names("%") == []  # LIKE wildcards are literal


def test_contacts_list_filters_by_account_and_searches_names(
    client, admin_headers, create_account, create_contact
):
    account = create_account()
    create_contact(first_name="Ada", last_name="Lovelace", account_id=account["id"])
    create_contact(first_name="Charles", last_name="Babbage", email="cb@engine.example")
    create_contact(first_name="Grace", last_name="Hopper", mobile="+1 202 555 0199")

    def names(**query):
        response = client.get(f"{API}/contacts", query_string=query, headers=admin_headers)
        assert response.status_code == 200, response.get_json()
        return [c["last_name"] for c in response.get_json()["items"]]

    assert names() == ["Babbage", "Hopper", "Lovelace"]
    assert names(account_id=account["id"]) == ["Lovelace"]
    assert names(q="ada love") == ["Lovelace"]
    assert names(q="engine.example") == ["Babbage"]
    assert names(q="2025550199") == ["Hopper"]
    assert names(email="CB@engine.example") == ["Babbage"]


def test_a_malformed_cursor_is_400(client, admin_headers):
    response = client.get(f"{API}/accounts?cursor=not-a-cursor", headers=admin_headers)
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "cursor"


def test_a_cursor_from_another_sort_is_400(client, admin_headers, create_account):
    for i in range(3):
        create_account(name=f"S{i}")
    cursor = client.get(f"{API}/accounts?limit=1", headers=admin_headers).get_json()["next_cursor"]
    response = client.get(
        f"{API}/accounts?limit=1&sort=created_at&cursor={cursor}", headers=admin_headers
    )
    assert response.status_code == 400


def test_an_unknown_sort_or_limit_out_of_range_is_refused(client, admin_headers):
    assert client.get(f"{API}/accounts?sort=phone", headers=admin_headers).status_code == 400
    assert client.get(f"{API}/accounts?limit=501", headers=admin_headers).status_code == 422
    assert client.get(f"{API}/accounts?owner_id=x", headers=admin_headers).status_code == 422
    assert client.get(f"{API}/accounts?bogus=1", headers=admin_headers).status_code == 422


def test_bad_uuid_in_path_is_400(client, admin_headers):
    response = client.get(f"{API}/accounts/not-a-uuid", headers=admin_headers)
    assert response.status_code == 400
    response = client.get(f"{API}/contacts/{uuid.uuid4().hex[:10]}", headers=admin_headers)
    assert response.status_code == 400


def test_a_search_pages_through_its_matches_in_order(client, admin_headers, create_account):
    # Pages of 3 out of 10 matches: on PostgreSQL the first pages come from the probe in
    # list order (search_probe.SEARCH_PROBE), the last one, short, from the trigram index path.
    matches = [f"Match {i:02d}" for i in range(10)]
    for name in reversed(matches):
        create_account(name=name)
    for i in range(7):
        create_account(name=f"Other {i:02d}")
    items, pages = collect(client, admin_headers, f"{API}/accounts?limit=3&sort=name&q=match")
    assert [a["name"] for a in items] == matches
    assert pages == 4
    items, _ = collect(client, admin_headers, f"{API}/accounts?limit=3&sort=-name&q=match")
    assert [a["name"] for a in items] == matches[::-1]
