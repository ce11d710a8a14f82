"""Mailings over REST: drafts, the status machine's 409, the sender's access to the
audience, the send list and statistics; the public links without login (one-click
unsubscribe once, open and click counted once, foreign targets refused)."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from email import policy
from typing import Any
from uuid import UUID, uuid4

import pytest

from crm_access import token_verifier
from crm_marketing.adapters.mailing_fakes import AUDIENCE, TEMPLATE, audience, templates
from crm_marketing.api.app import build_app
from crm_marketing.bootstrap import Marketing, bootstrap
from crm_marketing.config import Settings

API = "/api/marketing/v1"
MAILING = {
    "name": "Spring offer",
    "template_id": str(TEMPLATE),
    "audience_kind": "list",
    "audience_id": str(AUDIENCE),
    "from_address": "news@example.org",
    "from_name": "Example News",
}
MARKETER = ("campaigns.view", "campaigns.create", "campaigns.edit")
#: Owns the stored template and list the mailings name (record-level access: a mailing
#: names only a template and audience its creator may see).
OWNER = UUID(int=300)


class Unsubscribes:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def unsubscribe(self, address: str, **_: Any) -> None:
        self.calls.append(address)


@pytest.fixture
def unsubscribes() -> Unsubscribes:
    return Unsubscribes()


@pytest.fixture
def app(settings: Settings, unsubscribes: Unsubscribes) -> Iterator[Marketing]:
    wired = bootstrap(
        settings, recipients=audience(3), templates=templates(), unsubscriber=unsubscribes
    )
    _store_references(wired)
    yield wired
    wired.db.dispose()


def _store_references(app: Marketing) -> None:
    """The fakes' template and list as rows (what a new mailing is checked against)."""
    from datetime import UTC, datetime

    from crm_marketing.adapters.list_store import ListStore
    from crm_marketing.adapters.template_store import TemplateStore
    from crm_marketing.domain.mailing_lists import MailingList
    from crm_marketing.domain.templates import MailTemplate, TemplateFields

    now = datetime.now(UTC)
    fields = TemplateFields(name="Offer", subject="Hi", html="<p>Hi</p>", owner_id=OWNER)
    with app.db.transaction() as session:
        TemplateStore(session).add(MailTemplate.create(id=TEMPLATE, fields=fields, by="u", now=now))
        ListStore(session).add_list(
            MailingList.create(
                id=AUDIENCE, name="Readers", description=None, by="u", now=now, owner_id=OWNER
            )
        )


@pytest.fixture
def api(app: Marketing, settings: Settings) -> Any:
    return build_app(app, token_verifier(settings, app.access.store)).test_client()


@pytest.fixture
def admin(token_factory: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_factory.admin(str(uuid4()))}"}


def headers(token_factory: Any, *perms: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_factory.issue(str(uuid4()), perms=list(perms))}"}


def created(api: Any, who: dict[str, str], **changes: Any) -> dict[str, Any]:
    answer = api.post(f"{API}/mailings", json={**MAILING, **changes}, headers=who)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_draft_is_created_edited_and_listed(api, admin):
    mailing = created(api, admin, per_minute=100)
    assert (mailing["status"], mailing["allowed_next"]) == ("Draft", ["Scheduled", "Cancelled"])
    url = f"{API}/mailings/{mailing['id']}"
    edited = api.patch(url, json={"name": "Summer offer", "track_opens": False}, headers=admin)
    assert edited.status_code == 200, edited.get_json()
    assert (edited.get_json()["name"], edited.get_json()["track_opens"]) == ("Summer offer", False)
    listed = api.get(f"{API}/mailings?status=Draft", headers=admin).get_json()
    assert [m["id"] for m in listed["items"]] == [mailing["id"]]


def test_bad_input_is_a_422_naming_fields_and_stores_nothing(api, admin):
    bad = {**MAILING, "audience_kind": "everyone", "from_address": "not an address", "x": 1}
    answer = api.post(f"{API}/mailings", json=bad, headers=admin)
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.get_json()["errors"]}
    assert {"audience_kind", "x"} <= fields
    answer = api.post(f"{API}/mailings", json={**MAILING, "from_address": "a b@c"}, headers=admin)
    assert answer.status_code == 422
    assert api.get(f"{API}/mailings", headers=admin).get_json()["items"] == []


def test_the_status_machine_refuses_with_409_and_allowed_next(api, admin):
    mailing = created(api, admin)
    url = f"{API}/mailings/{mailing['id']}"
    assert api.post(f"{url}/pause", headers=admin).status_code == 409
    sent = api.post(f"{url}/send", headers=admin)
    assert sent.status_code == 200 and sent.get_json()["status"] == "Scheduled"
    again = api.patch(url, json={"name": "Late"}, headers=admin)
    assert again.status_code == 409
    cancelled = api.post(f"{url}/cancel", headers=admin).get_json()
    assert cancelled["status"] == "Cancelled" and cancelled["allowed_next"] == []
    refused = api.post(f"{url}/send", headers=admin)
    assert refused.status_code == 409
    assert refused.get_json()["current_status"] == "Cancelled"
    assert refused.get_json()["allowed_next"] == []


def test_authorisation_comes_first_and_the_sender_must_see_the_audience(api, token_factory):
    nobody = headers(token_factory, "leads.view")
    assert api.post(f"{API}/mailings", json={"junk": 1}, headers=nobody).status_code == 403
    marketer = headers_of(token_factory, OWNER, *MARKETER)
    mailing = created(api, marketer)
    refused = api.post(f"{API}/mailings/{mailing['id']}/send", headers=marketer)
    assert refused.status_code == 403
    assert refused.get_json()["module"] == "contacts"
    both = headers(token_factory, *MARKETER, "contacts.view", "leads.view")
    hidden = api.get(f"{API}/mailings/{mailing['id']}", headers=both)
    assert hidden.status_code in (200, 404)


def _sent_mailing(api: Any, app: Marketing, admin: dict[str, str], **changes: Any) -> str:
    from crm_marketing.service.mass_mail import MassMailer

    mailing = created(api, admin, **changes)
    assert api.post(f"{API}/mailings/{mailing['id']}/send", headers=admin).status_code == 200
    job = MassMailer(
        db=app.db,
        sender=Capture(),
        recipients=app.recipients,
        templates=app.templates,
        links=app.mail_links,
        domain="m.test",
    )
    job.run_until_done(UUID(mailing["id"]))
    return mailing["id"]


class Capture:
    """An SMTP server in memory: the messages handed off."""

    sent: list[Any] = []

    def connect(self) -> Any:
        from contextlib import nullcontext

        return nullcontext(self)

    def hand_off_raw(self, sender: str, recipients: list[str], data: bytes) -> str:
        Capture.sent.append(email.message_from_bytes(data, policy=policy.default))
        return "250 OK queued"


def _links(message: Any) -> dict[str, str]:
    body = message.get_body(("html",)).get_content()
    found = dict.fromkeys(("o", "c"), "")
    for kind, token in re.findall(r"/api/marketing/v1/t/(o|c)/([A-Za-z0-9_.\-]+)", body):
        found[kind] = token
    unsub = re.search(r"/unsubscribe/([A-Za-z0-9_.\-]+)>", str(message["List-Unsubscribe"]))
    found["u"] = unsub.group(1) if unsub else ""
    return found


def test_one_click_unsubscribe_open_and_click_count_once(api, app, admin, unsubscribes):
    Capture.sent = []
    mailing_id = _sent_mailing(api, app, admin)
    assert len(Capture.sent) == 3
    links = _links(Capture.sent[0])
    page = api.get(f"{API}/unsubscribe/{links['u']}")
    assert page.status_code == 200 and page.get_json()["unsubscribed"] is False
    html = api.get(f"{API}/unsubscribe/{links['u']}", headers={"Accept": "text/html"})
    assert html.content_type.startswith("text/html") and b'method="post"' in html.data
    one_click = {"List-Unsubscribe": "One-Click"}
    first = api.post(f"{API}/unsubscribe/{links['u']}", data=one_click)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["changed"] is True
    second = api.post(
        f"{API}/unsubscribe/{links['u']}", data=one_click, content_type="multipart/form-data"
    )  # RFC 8058 allows either form encoding
    assert second.status_code == 200, second.get_json()
    assert second.get_json() == {**first.get_json(), "changed": False}
    assert len(unsubscribes.calls) == 1
    for _ in range(2):
        pixel = api.get(f"{API}/t/o/{links['o']}")
        assert pixel.content_type == "image/gif" and "no-store" in pixel.headers["Cache-Control"]
        click = api.get(f"{API}/t/c/{links['c']}")
        assert click.status_code == 302
        assert click.headers["Location"] == "https://shop.example.com/offer?a=1&b=2"
    stats = api.get(f"{API}/mailings/{mailing_id}/statistics", headers=admin).get_json()
    assert (stats["sent"], stats["opened"], stats["clicked"], stats["unsubscribed"]) == (3, 1, 1, 1)
    csv = api.get(f"{API}/mailings/{mailing_id}/statistics?format=csv", headers=admin)
    assert csv.content_type.startswith("text/csv") and b"unsubscribed" in csv.data


def test_forged_tokens_and_foreign_targets_are_refused(api, app, admin):
    Capture.sent = []
    mailing_id = _sent_mailing(api, app, admin)
    links = _links(Capture.sent[0])
    assert api.get(f"{API}/t/c/{links['c'][:-3]}abc").status_code == 404
    assert api.post(f"{API}/unsubscribe/{links['o']}").status_code == 404  # another kind
    row = api.get(f"{API}/mailings/{mailing_id}/recipients", headers=admin).get_json()["items"][0]
    foreign = app.mail_links.click_token(
        UUID(mailing_id),
        UUID(row["id"]),
        "https://evil.example",
    )
    refused = api.get(f"{API}/t/c/{foreign}")
    assert refused.status_code == 404 and "Location" not in refused.headers
    stats = api.get(f"{API}/mailings/{mailing_id}/statistics", headers=admin).get_json()
    assert stats["clicked"] == 0


def test_a_mailing_credits_only_a_campaign_the_caller_can_see(api, app, token_factory):
    from crm_chassis.auth.principal import Principal
    from crm_marketing.domain.campaigns import CampaignFields
    from crm_marketing.domain.commands import CreateCampaign

    rep = OWNER
    mine = headers_of(token_factory, rep, *MARKETER)
    other = Principal(subject=str(uuid4()), kind="user", permissions=frozenset(MARKETER))
    hidden = app.run(
        CreateCampaign(CampaignFields(name="Not yours", campaign_type="Email")), caller=other
    )
    own = app.run(
        CreateCampaign(CampaignFields(name="Yours", campaign_type="Email")),
        caller=Principal(subject=str(rep), kind="user", permissions=frozenset(MARKETER)),
    )
    for campaign in (uuid4(), hidden.id):
        refused = api.post(
            f"{API}/mailings", json={**MAILING, "campaign_id": str(campaign)}, headers=mine
        )
        assert refused.status_code == 422, refused.get_json()
        assert [e["field"] for e in refused.get_json()["errors"]] == ["campaign_id"]
    made = created(api, mine, campaign_id=str(own.id))
    assert made["campaign_id"] == str(own.id)


def headers_of(token_factory: Any, sub: Any, *perms: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_factory.issue(str(sub), perms=list(perms))}"}
