"""The knowledge base over REST: writes, the status machine, versions, lists and portal reads."""

from __future__ import annotations

import uuid

import pytest

API = "/api/support/v1"
WRITER = ["knowledge_base.view", "knowledge_base.create", "knowledge_base.edit"]


@pytest.fixture
def staff(token_factory):
    token = token_factory.issue(str(uuid.uuid4()), perms=[*WRITER, "knowledge_base.delete"])
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def reader(token_factory):
    token = token_factory.issue(str(uuid.uuid4()), perms=["knowledge_base.view"])
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def portal(token_factory):
    token = token_factory.issue(
        str(uuid.uuid4()),
        typ="portal",
        scope="portal.tickets.read portal.knowledge_base.read",
        account_id=str(uuid.uuid4()),
        contact_id=str(uuid.uuid4()),
    )
    return {"Authorization": f"Bearer {token}"}


def _article(client, headers, **fields):
    body = {"title": "Reset a password", "body": "Open settings and choose reset.", **fields}
    response = client.post(f"{API}/articles", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _status(client, headers, article, status):
    return client.patch(f"{API}/articles/{article['id']}", json={"status": status}, headers=headers)


def _published(client, headers, **fields):
    article = _article(client, headers, **fields)
    assert _status(client, headers, article, "Reviewed").status_code == 200
    response = _status(client, headers, article, "Published")
    assert response.status_code == 200
    return response.get_json()


def test_an_article_starts_as_a_draft_with_its_first_version(client, staff):
    response = client.post(
        f"{API}/articles",
        json={"title": " VPN setup ", "body": "Install the client.", "keywords": ["vpn", "VPN"]},
        headers=staff,
    )
    assert response.status_code == 201
    article = response.get_json()
    assert response.headers["Location"] == f"{API}/articles/{article['id']}"
    assert response.headers["ETag"] == '"1"'
    assert (article["title"], article["status"], article["revision"]) == ("VPN setup", "Draft", 1)
    assert article["keywords"] == ["vpn"]
    versions = client.get(f"{API}/articles/{article['id']}/versions", headers=staff).get_json()
    assert [v["number"] for v in versions["items"]] == [1]


def test_a_status_the_machine_does_not_allow_is_409_naming_the_next_ones(client, staff):
    article = _article(client, staff)
    response = _status(client, staff, article, "Published")
    assert response.status_code == 409
    problem = response.get_json()
    assert problem["current_status"] == "Draft"
    assert problem["allowed_next"] == ["Reviewed", "Obsolete"]
    assert _status(client, staff, article, "Gone").status_code == 422
    assert client.get(f"{API}/articles/{article['id']}", headers=staff).get_json()["version"] == 1


def test_editing_a_published_article_makes_a_new_version_and_keeps_the_old(client, staff):
    article = _published(client, staff, body="Version one text.")
    changed = client.patch(
        f"{API}/articles/{article['id']}", json={"body": "Version two text."}, headers=staff
    )
    assert changed.status_code == 200
    assert (changed.get_json()["revision"], changed.get_json()["status"]) == (2, "Published")
    versions = client.get(f"{API}/articles/{article['id']}/versions", headers=staff).get_json()
    bodies = [(v["number"], v["body"], v["status"]) for v in versions["items"]]
    assert bodies == [(1, "Version one text.", "Published"), (2, "Version two text.", "Published")]


def test_editing_a_draft_rewrites_its_current_version(client, staff):
    article = _article(client, staff, body="First words.")
    client.patch(f"{API}/articles/{article['id']}", json={"body": "Better words."}, headers=staff)
    versions = client.get(f"{API}/articles/{article['id']}/versions", headers=staff).get_json()
    assert [(v["number"], v["body"]) for v in versions["items"]] == [(1, "Better words.")]


def test_an_obsolete_article_is_not_edited_and_a_stale_if_match_is_412(client, staff):
    article = _published(client, staff)
    stale = client.patch(
        f"{API}/articles/{article['id']}",
        json={"title": "New"},
        headers={**staff, "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    assert _status(client, staff, article, "Obsolete").status_code == 200
    response = client.patch(f"{API}/articles/{article['id']}", json={"title": "X"}, headers=staff)
    assert response.status_code == 409
    assert response.get_json()["allowed_next"] == []


def test_bad_input_is_422_naming_the_fields_and_writes_nothing(client, staff):
    response = client.post(
        f"{API}/articles", json={"title": "   ", "body": "x", "colour": "red"}, headers=staff
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} >= {"colour"}
    blank = client.post(f"{API}/articles", json={"title": "  ", "body": "x"}, headers=staff)
    assert blank.status_code == 422
    assert [e["field"] for e in blank.get_json()["errors"]] == ["title"]
    assert client.get(f"{API}/articles", headers=staff).get_json()["items"] == []


def test_a_reader_may_not_write_and_is_refused_before_validation(client, reader):
    assert client.post(f"{API}/articles", json={"nonsense": 1}, headers=reader).status_code == 403
    assert client.get(f"{API}/articles", headers=reader).status_code == 200


def test_lists_filter_search_and_page_by_cursor(client, staff):
    for n in range(3):
        _article(client, staff, title=f"Printer tip {n}", category="Hardware")
    _article(client, staff, title="Mail quota", body="Archive old mail.", category="Mail")
    first = client.get(f"{API}/articles?category=Hardware&limit=2&sort=title", headers=staff)
    page = first.get_json()
    assert [a["title"] for a in page["items"]] == ["Printer tip 0", "Printer tip 1"]
    rest = client.get(
        f"{API}/articles?category=Hardware&limit=2&sort=title&cursor={page['next_cursor']}",
        headers=staff,
    ).get_json()
    assert [a["title"] for a in rest["items"]] == ["Printer tip 2"]
    assert rest["next_cursor"] is None
    found = client.get(f"{API}/articles?q=archiving", headers=staff).get_json()["items"]
    assert [a["title"] for a in found] == ["Mail quota"]
    assert client.get(f"{API}/articles?sort=body", headers=staff).status_code == 400


def test_portal_callers_read_published_articles_only(client, staff, portal):
    draft = _article(client, staff, title="Internal printer notes")
    published = _published(client, staff, title="Printer setup for customers")
    listed = client.get(f"{API}/articles", headers=portal).get_json()["items"]
    assert [a["id"] for a in listed] == [published["id"]]
    drafts = client.get(f"{API}/articles?status=Draft", headers=portal).get_json()["items"]
    assert drafts == []
    assert client.get(f"{API}/articles/{draft['id']}", headers=portal).status_code == 404
    assert client.get(f"{API}/articles/{published['id']}", headers=portal).status_code == 200
    hits = client.get(f"{API}/articles/search?q=printer", headers=portal).get_json()["items"]
    assert [h["id"] for h in hits] == [published["id"]]
    versions = client.get(f"{API}/articles/{published['id']}/versions", headers=portal)
    assert versions.status_code == 403
    new = client.post(f"{API}/articles", json={"title": "t", "body": "b"}, headers=portal)
    assert new.status_code == 403


def test_suggestions_offer_published_articles_for_a_new_ticket(client, staff):
    _article(client, staff, title="Printer jams: draft notes", body="Printer printer printer.")
    answer = _published(client, staff, title="Clearing a paper jam", body="Open the tray.")
    _published(client, staff, title="Mail quota", body="Archive old mail.")
    response = client.get(
        f"{API}/articles/suggestions?title=The printer is jammed&description=paper stuck",
        headers=staff,
    )
    assert response.status_code == 200
    assert [h["id"] for h in response.get_json()["items"]] == [answer["id"]]
    assert client.get(f"{API}/articles/suggestions", headers=staff).status_code == 422


def test_delete_removes_the_article_and_its_history(client, staff):
    article = _article(client, staff)
    assert client.delete(f"{API}/articles/{article['id']}", headers=staff).status_code == 204
    assert client.get(f"{API}/articles/{article['id']}", headers=staff).status_code == 404
    assert client.get(f"{API}/articles/{article['id']}/versions", headers=staff).status_code == 404


class KnownProducts:
    """sales as the article's author sees it: only ``known`` products exist."""

    def __init__(self, *known: uuid.UUID) -> None:
        self.known = set(known)
        self.tokens: list[str | None] = []

    def account_exists(self, account_id, *, token):
        return True

    def get_contact(self, contact_id, *, token):
        return None

    def product_exists(self, product_id, *, token):
        self.tokens.append(token)
        return product_id in self.known


def test_an_articles_product_must_exist_for_its_author(settings, staff):
    from crm_access import token_verifier
    from crm_support.api.app import build_app
    from crm_support.bootstrap import bootstrap

    product = uuid.uuid4()
    products = KnownProducts(product)
    app = bootstrap(settings, references=products)
    client = build_app(app, token_verifier(settings, app.access.store)).test_client()
    try:
        body = {"title": "Gadget care", "body": "Dust it.", "product_id": str(uuid.uuid4())}
        refused = client.post(f"{API}/articles", json=body, headers=staff)
        assert refused.status_code == 422
        assert [e["field"] for e in refused.get_json()["errors"]] == ["product_id"]
        assert client.get(f"{API}/articles", headers=staff).get_json()["items"] == []
        made = _article(client, staff, product_id=str(product))
        assert made["product_id"] == str(product)
        moved = client.patch(
            f"{API}/articles/{made['id']}", json={"product_id": str(uuid.uuid4())}, headers=staff
        )
        assert moved.status_code == 422
        assert products.tokens[0] == staff["Authorization"].split(" ", 1)[1]
    finally:
        app.db.dispose()
