"""Duplicates (normalised name, e-mail, phone, web domain) and field-by-field merges."""

import uuid

API = "/api/contacts/v1"


def test_duplicates_are_found_by_each_normalised_key(client, admin_headers, create_account):
    a = create_account(name="ACME, Ltd.", website="https://www.acme.example/about")
    b = create_account(name="Acme Limited")
    c = create_account(name="Wile E", email="wile@acme.example", phone="+44 113 496 0000")
    d = create_account(name="Coyote", phone="0113 4960000")
    create_account(name="Unrelated", email="x@gmail.com")
    create_account(name="Also Unrelated", email="y@gmail.com")
    response = client.get(f"{API}/duplicates?entity=accounts", headers=admin_headers)
    assert response.status_code == 200
    groups = {
        g["matched_on"]: {r["id"] for r in g["records"]} for g in response.get_json()["items"]
    }
    assert groups["name"] == {a["id"], b["id"]}
    assert groups["web_domain"] == {a["id"], c["id"]}
    assert groups["phone"] == {c["id"], d["id"]}
    assert "email" not in groups  # free-mail domains are not organisations

    twins = client.get(
        f"{API}/duplicates?entity=accounts&record_id={a['id']}", headers=admin_headers
    ).get_json()["items"]
    assert {g["matched_on"] for g in twins} == {"name", "web_domain"}


def test_contact_duplicates_match_names_in_any_order_and_emails(
    client, admin_headers, create_contact
):
    a = create_contact(first_name="Ada", last_name="Lovelace", email="ada@x.example")
    b = create_contact(first_name="lovelace", last_name="ADA")
    c = create_contact(last_name="Other", email="ADA@x.example")
    items = client.get(f"{API}/duplicates?entity=contacts", headers=admin_headers).get_json()[
        "items"
    ]
    groups = {g["matched_on"]: {r["id"] for r in g["records"]} for g in items}
    assert groups == {"name": {a["id"], b["id"]}, "email": {a["id"], c["id"]}}


def test_duplicates_only_show_records_the_caller_may_see(client, org, create_account):
    org.save()
    mine = create_account(name="Twin Co", owner_id=str(org.north))
    create_account(name="Twin Co.", owner_id=str(org.south))
    items = client.get(f"{API}/duplicates", headers=org.headers(org.north)).get_json()["items"]
    assert items == []
    manager = client.get(f"{API}/duplicates", headers=org.headers(org.manager)).get_json()
    assert any(mine["id"] in {r["id"] for r in g["records"]} for g in manager["items"])
    other = client.get(f"{API}/duplicates?record_id={uuid.uuid4()}", headers=org.headers(org.north))
    assert other.status_code == 404


def test_merging_accounts_keeps_chosen_fields_and_repoints_references(
    client, admin_headers, create_account, create_contact, service
):
    survivor = create_account(name="Acme", phone="111", tags=["a"])
    twin = create_account(name="ACME Ltd", phone="222", website="acme.example", tags=["b"])
    child = create_account(name="Acme Branch", parent_id=twin["id"])
    contact = create_contact(account_id=twin["id"])
    response = client.post(
        f"{API}/merges",
        json={
            "entity": "accounts",
            "survivor_id": survivor["id"],
            "merged_ids": [twin["id"]],
            "fields": {"phone": twin["id"]},
        },
        headers=admin_headers,
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    merged = body["survivor"]
    assert merged["id"] == survivor["id"] and merged["name"] == "Acme"
    assert merged["phone"] == "222" and merged["website"] == "acme.example"  # chosen, gap filled
    assert sorted(merged["tags"]) == ["a", "b"]
    assert merged["customer_code"] == survivor["customer_code"]
    # (moved also counts tasks, events, notes and timeline entries now: case 11)
    assert {k: body["moved"][k] for k in ("contacts", "child_accounts")} == {
        "contacts": 1,
        "child_accounts": 1,
    }

    # The merged-away id resolves to the survivor; lists no longer show it.
    got = client.get(f"{API}/accounts/{twin['id']}", headers=admin_headers)
    assert got.status_code == 200 and got.get_json()["id"] == survivor["id"]
    assert got.headers["Content-Location"] == f"{API}/accounts/{survivor['id']}"
    listed = client.get(f"{API}/accounts?q=acme", headers=admin_headers).get_json()["items"]
    assert twin["id"] not in {a["id"] for a in listed}
    moved = client.get(f"{API}/contacts/{contact['id']}", headers=admin_headers).get_json()
    assert moved["account_id"] == survivor["id"]
    branch = client.get(f"{API}/accounts/{child['id']}", headers=admin_headers).get_json()
    assert branch["parent_id"] == survivor["id"]
    # A merged record cannot be merged or changed again.
    again = client.post(
        f"{API}/merges",
        json={"entity": "accounts", "survivor_id": survivor["id"], "merged_ids": [twin["id"]]},
        headers=admin_headers,
    )
    assert again.status_code == 404

    from crm_contacts.adapters.tables import event_tables

    with service.db.reading() as session:
        types = [r.type for r in session.execute(event_tables.outbox.select())]
    assert "contacts.account.merged.v1" in types


def test_merging_contacts_emits_contact_merged(client, admin_headers, create_contact, service):
    from crm_contacts.adapters.tables import event_tables

    a = create_contact(first_name="Ada", last_name="Lovelace")
    b = create_contact(first_name="Ada", last_name="Lovelace", email="ada@x.example")
    response = client.post(
        f"{API}/merges",
        json={"entity": "contacts", "survivor_id": a["id"], "merged_ids": [b["id"]]},
        headers=admin_headers,
    )
    assert response.status_code == 200
    assert response.get_json()["survivor"]["email"] == "ada@x.example"
    with service.db.reading() as session:
        rows = [
            r
            for r in session.execute(event_tables.outbox.select())
            if r.type == "contacts.contact.merged.v1"
        ]
    assert len(rows) == 1


def test_a_bad_merge_is_refused_and_changes_nothing(client, admin_headers, create_account, org):
    a = create_account(name="One")
    b = create_account(name="Two")
    for body, status in (
        ({"entity": "accounts", "survivor_id": a["id"], "merged_ids": [a["id"]]}, 409),
        (
            {
                "entity": "accounts",
                "survivor_id": a["id"],
                "merged_ids": [b["id"]],
                "fields": {"name": str(uuid.uuid4())},
            },
            422,
        ),
        (
            {
                "entity": "accounts",
                "survivor_id": a["id"],
                "merged_ids": [b["id"]],
                "fields": {"customer_code": b["id"]},
            },
            422,
        ),
        ({"entity": "accounts", "survivor_id": a["id"], "merged_ids": []}, 422),
    ):
        response = client.post(f"{API}/merges", json=body, headers=admin_headers)
        assert response.status_code == status, (body, response.get_json())
    assert (
        client.get(f"{API}/accounts/{b['id']}", headers=admin_headers).get_json()["id"] == b["id"]
    )
    org.save()
    peer = client.post(
        f"{API}/merges",
        json={"entity": "accounts", "survivor_id": a["id"], "merged_ids": [b["id"]]},
        headers=org.headers(org.north),
    )
    assert peer.status_code == 404
