"""Customer base fields (issue 5): codes, hierarchy, receptionist search, contact details."""

import uuid

API = "/api/contacts/v1"


def _ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_customer_codes_are_generated_in_sequence_or_kept_when_given(client, create_account):
    first = create_account(name="One")
    second = create_account(name="Two")
    assert first["customer_code"] == "ACC-000001" and second["customer_code"] == "ACC-000002"
    given = create_account(name="Three", customer_code="vip-7")
    assert given["customer_code"] == "VIP-7"


def test_a_taken_customer_code_is_409_and_writes_nothing(client, admin_headers, create_account):
    create_account(name="One", customer_code="ACC-000009")
    response = client.post(
        f"{API}/accounts",
        json={"name": "Dup", "customer_code": "acc-000009"},
        headers=admin_headers,
    )
    assert response.status_code == 409
    assert response.get_json()["errors"][0]["field"] == "customer_code"
    assert _ids(client.get(f"{API}/accounts?q=dup", headers=admin_headers)) == []
    other = create_account(name="Other")
    response = client.patch(
        f"{API}/accounts/{other['id']}",
        json={"customer_code": "ACC-000009"},
        headers=admin_headers,
    )
    assert response.status_code == 409


def test_generated_codes_skip_numbers_taken_by_hand(create_account):
    create_account(name="Manual", customer_code="ACC-000001")
    assert create_account(name="Auto")["customer_code"] == "ACC-000002"


def test_a_malformed_customer_code_is_422(client, admin_headers):
    response = client.post(
        f"{API}/accounts", json={"name": "X", "customer_code": "no spaces"}, headers=admin_headers
    )
    assert response.status_code == 422


def test_parent_accounts_form_a_hierarchy_without_loops(client, admin_headers, create_account):
    group = create_account(name="Holding")
    child = create_account(name="Subsidiary", parent_id=group["id"])
    grandchild = create_account(name="Branch", parent_id=child["id"])
    assert child["parent_id"] == group["id"]
    listed = _ids(client.get(f"{API}/accounts?parent_id={group['id']}", headers=admin_headers))
    assert listed == [child["id"]]
    loop = client.patch(
        f"{API}/accounts/{group['id']}",
        json={"parent_id": grandchild["id"]},
        headers=admin_headers,
    )
    assert loop.status_code == 422 and loop.get_json()["errors"][0]["field"] == "parent_id"
    missing = client.post(
        f"{API}/accounts",
        json={"name": "Orphan", "parent_id": str(uuid.uuid4())},
        headers=admin_headers,
    )
    assert missing.status_code == 422


def test_a_receptionist_finds_accounts_by_name_code_area_phone_email_and_tag(
    client, admin_headers, create_account
):
    target = create_account(
        name="Brontë Logistics",
        area="Yorkshire North",
        phone="+44 113 496 0000",
        email="desk@bronte.example",
        tags=["haulage"],
        account_type="Customer",
        industry="Transportation",
        rating="Active",
        fax="0113 496 0001",
        shipping_address={"street": "1 Dock Rd", "city": "Hull", "country": "GB"},
    )
    create_account(name="Somebody Else", area="Kent", phone="020 7946 0000")
    code = target["customer_code"]
    for query in (
        "q=bront",
        f"q={code.lower()}",
        "q=yorkshire",
        "q=1134960000",
        "q=desk@bronte",
        f"customer_code={code.lower()}",
        "area=yorkshire%20north",
        "phone=0113-496-0000",
        "email=DESK@bronte.example",
        "tag=HAULAGE",
        "web_domain=bronte.example",
    ):
        assert _ids(client.get(f"{API}/accounts?{query}", headers=admin_headers)) == [
            target["id"]
        ], query
    assert target["shipping_address"]["city"] == "Hull" and target["rating"] == "Active"


def test_contacts_carry_their_details_and_reporting_line(client, admin_headers, create_contact):
    boss = create_contact(first_name="Ada", last_name="Byron")
    contact = create_contact(
        first_name="Charles",
        last_name="Babbage",
        title="Engineer",
        department="R&D",
        reports_to_id=boss["id"],
        secondary_email="cb@home.example",
        other_phone="555 0100",
        birthday="1791-12-26",
        portal_access=True,
        do_not_call=True,
        email_opt_out=True,
        lead_source="Trade Show",
        mailing_address={"city": "London"},
    )
    assert contact["birthday"] == "1791-12-26" and contact["portal_access"] is True
    assert contact["reports_to_id"] == boss["id"]
    assert _ids(
        client.get(f"{API}/contacts?reports_to_id={boss['id']}", headers=admin_headers)
    ) == [contact["id"]]
    assert _ids(client.get(f"{API}/contacts?q=cb@home", headers=admin_headers)) == [contact["id"]]
    assert _ids(client.get(f"{API}/contacts?phone=555-0100", headers=admin_headers)) == [
        contact["id"]
    ]
    loop = client.patch(
        f"{API}/contacts/{boss['id']}",
        json={"reports_to_id": contact["id"]},
        headers=admin_headers,
    )
    assert loop.status_code == 422
    bad = client.post(
        f"{API}/contacts", json={"last_name": "X", "birthday": "1791-13-40"}, headers=admin_headers
    )
    assert bad.status_code == 422
