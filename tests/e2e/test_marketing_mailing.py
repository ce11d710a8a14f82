"""A mailing through the running suite: a list of contacts (one opted out, one do not
contact) mailed by the marketing worker to a real SMTP server, one message per recipient
with the RFC 8058 headers; one-click unsubscribe through the gateway without a token;
opens and clicks counted once; a foreign redirect target refused."""

from __future__ import annotations

import email
import re
import uuid
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import requests

from crm_chassis.smtp import SmtpListener
from crm_suite_testing.suite import MARKETING_ADMIN_EMAIL as ADMIN_EMAIL
from crm_suite_testing.suite import MARKETING_ADMIN_PASSWORD as ADMIN_PASSWORD
from crm_suite_testing.suite import Suite, password_headers

MARKETING = "/api/marketing/v1"
CONTACTS = "/api/contacts/v1"
HTML = (
    "<html><body><p>Hello {{ contact.first_name }}</p>"
    '<a href="https://shop.example.com/spring">Spring offer</a></body></html>'
)


@pytest.fixture(scope="module")
def outbox(marketing_outbox: tuple[SmtpListener, Path]) -> tuple[SmtpListener, Path]:
    return marketing_outbox


@pytest.fixture(scope="module")
def mailing_suite(marketing_suite: Suite) -> Suite:
    """The session's suite with marketing (tests/e2e/conftest.py)."""
    return marketing_suite


@pytest.fixture(scope="module")
def gw(mailing_suite: Suite) -> str:
    return mailing_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


def _post(gw: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    resp = requests.post(f"{gw}{path}", json=body, headers=headers, timeout=15)
    assert resp.status_code in (200, 201), resp.text
    return resp.json()


def _contacts(gw: str, admin: dict[str, str], tag: str) -> list[dict[str, Any]]:
    people = []
    # (number, e-mail opt-out, do not contact)
    people_flags = ((1, False, False), (2, False, False), (3, True, False), (4, False, True))
    for i, opted_out, never in people_flags:
        body = {
            "last_name": f"Reader{i}",
            "first_name": f"Ann{i}",
            "email": f"reader{i}.{tag}@customer.example",
            "email_opt_out": opted_out,
            "do_not_contact": never,
        }
        people.append(_post(gw, f"{CONTACTS}/contacts", body, admin))
    return people


def _received(folder: Path, tag: str) -> list[EmailMessage]:
    found = [
        email.message_from_bytes(f.read_bytes(), policy=policy.default)
        for f in sorted(folder.glob("*.eml"))
    ]
    return [m for m in found if tag in str(m["To"])]  # type: ignore[misc]


def _mailing(gw: str, admin: dict[str, str], tag: str) -> dict[str, Any]:
    """A draft mailing of a template to a list of four contacts (one opted out, one do not
    contact)."""
    people = _contacts(gw, admin, tag)
    listed = _post(gw, f"{MARKETING}/mailing-lists", {"name": f"Readers {tag}"}, admin)
    ids = {"contact_ids": [p["id"] for p in people]}
    _post(gw, f"{MARKETING}/mailing-lists/{listed['id']}/members", ids, admin)
    template = _post(
        gw,
        f"{MARKETING}/templates",
        {"name": f"Spring {tag}", "subject": "Spring", "html": HTML},
        admin,
    )
    return _post(
        gw,
        f"{MARKETING}/mailings",
        {
            "name": f"Spring {tag}",
            "template_id": template["id"],
            "audience_kind": "list",
            "audience_id": listed["id"],
            "from_address": "news@crm.example",
        },
        admin,
    )


def _links(message: EmailMessage) -> tuple[str, str, str]:
    """The unsubscribe, open-pixel and click paths of a received message."""
    unsubscribe = re.search(
        r"<(https?://[^>]+/unsubscribe/[^>]+)>", str(message["List-Unsubscribe"])
    )
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    opened = re.search(r'src="[^"]*(/api/marketing/v1/t/o/[^"]+)"', html)
    clicked = re.search(r'href="[^"]*(/api/marketing/v1/t/c/[^"]+)"', html)
    assert unsubscribe and opened and clicked and "Hello Ann" in html
    return (
        "/api/marketing" + unsubscribe.group(1).split("/api/marketing", 1)[1],
        opened.group(1),
        clicked.group(1),
    )


def test_a_mailing_to_a_list_through_the_gateway(
    gw: str, admin: dict[str, str], outbox: tuple[SmtpListener, Path], eventually: Any
) -> None:
    tag = uuid.uuid4().hex[:8]
    mailing = _mailing(gw, admin, tag)
    sent = _post(gw, f"{MARKETING}/mailings/{mailing['id']}/send", {}, admin)
    assert sent["status"] == "Scheduled"

    def done() -> dict[str, Any] | None:
        got = requests.get(f"{gw}{MARKETING}/mailings/{mailing['id']}", headers=admin, timeout=10)
        return got.json() if got.json()["status"] == "Sent" else None

    eventually(done, timeout=60)
    messages = _received(outbox[1], tag)
    assert sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in messages) == [
        f"reader1.{tag}@customer.example",
        f"reader2.{tag}@customer.example",
    ]  # one each; the opted-out and the do-not-contact contacts are never mailed
    skipped = requests.get(
        f"{gw}{MARKETING}/mailings/{mailing['id']}/recipients?status=skipped",
        headers=admin,
        timeout=10,
    ).json()["items"]
    assert sorted((r["address"].split(".")[0], r["reason"]) for r in skipped) == [
        ("reader3", "email_opt_out"),
        ("reader4", "do_not_contact"),
    ]
    assert messages[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe, opened, clicked = _links(messages[0])
    for _ in range(2):  # one-click, no token; the second changes nothing
        resp = requests.post(
            f"{gw}{unsubscribe}", data={"List-Unsubscribe": "One-Click"}, timeout=10
        )
        assert resp.status_code == 200, resp.text
    for _ in range(2):
        pixel = requests.get(f"{gw}{opened}", timeout=10)
        assert pixel.headers["Content-Type"] == "image/gif"
        click = requests.get(f"{gw}{clicked}", allow_redirects=False, timeout=10)
        assert click.status_code == 302
        assert click.headers["Location"] == "https://shop.example.com/spring"
    forged = clicked[:-4] + "abcd"
    refused = requests.get(f"{gw}{forged}", allow_redirects=False, timeout=10)
    assert refused.status_code == 404 and "Location" not in refused.headers

    stats = requests.get(
        f"{gw}{MARKETING}/mailings/{mailing['id']}/statistics", headers=admin, timeout=10
    ).json()
    assert (stats["sent"], stats["skipped"]) == (2, 2)
    assert (stats["opened"], stats["clicked"], stats["unsubscribed"]) == (1, 1, 1)
