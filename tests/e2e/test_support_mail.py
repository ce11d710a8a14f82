"""The support e-mail channel through the running suite: a customer's mail reaches the
worker's SMTP listener and becomes a ticket visible through the gateway, matched to the
contact over gRPC (support asking as itself); a public comment made through REST goes
out by SMTP to the customer, an internal one does not."""

from __future__ import annotations

import email
import smtplib
import uuid
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import requests

from crm_chassis.smtp import SmtpListener
from crm_chassis.smtp.sink import sink
from crm_chassis.testing.processes import free_port
from crm_suite_testing.suite import Suite, password_headers, running_suite

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "mail-admin@e2e.test"
ADMIN_PASSWORD = "mail-admin-password-1"
SUPPORT = "/api/support/v1"
CONTACTS = "/api/contacts/v1"


@pytest.fixture(scope="module")
def outbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SmtpListener, Path]]:
    folder = tmp_path_factory.mktemp("mail")
    listener = sink("127.0.0.1", free_port(), folder)
    yield listener, folder
    listener.stop()


@pytest.fixture(scope="module")
def mail_suite(
    tmp_path_factory: pytest.TempPathFactory, outbox: tuple[SmtpListener, Path]
) -> Iterator[Suite]:
    with running_suite(
        ROOT,
        ["identity", "contacts", "support"],
        tmp_path_factory.mktemp("mail-suite"),
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        env={
            "SUPPORT_SMTP_PORT": str(outbox[0].port),
            "SUPPORT_MAIL_SEND_SECONDS": "0.3",
            "SUPPORT_SALES_GRPC_TARGET": f"127.0.0.1:{free_port()}",
        },
        vhost_prefix="crm-e2e-mail",
    ) as running:
        yield running


@pytest.fixture(scope="module")
def gw(mail_suite: Suite) -> str:
    return mail_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def customer(gw: str, admin: dict[str, str]) -> dict[str, Any]:
    account = requests.post(
        f"{gw}{CONTACTS}/accounts", json={"name": "Mail Customer Ltd"}, headers=admin, timeout=10
    )
    assert account.status_code == 201, account.text
    address = f"ann.{uuid.uuid4().hex[:6]}@customer.example"
    contact = requests.post(
        f"{gw}{CONTACTS}/contacts",
        json={
            "last_name": "Customer",
            "first_name": "Ann",
            "email": address,
            "account_id": account.json()["id"],
        },
        headers=admin,
        timeout=10,
    )
    assert contact.status_code == 201, contact.text
    return contact.json()


def mail_in(suite: Suite, sender: str, subject: str, body: str = "The PDF does not open.") -> None:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "support@crm.local"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@customer.example>"
    msg.set_content(body)
    port = suite.ports["support-smtp"]
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(msg)


def mails_to(folder: Path, address: str) -> list[EmailMessage]:
    found = [
        email.message_from_bytes(f.read_bytes(), policy=policy.default)
        for f in sorted(folder.glob("*.eml"))
    ]
    return [m for m in found if m["To"] == address]


def test_mail_in_ticket_through_rest_answer_mailed_out(
    gw: str,
    admin: dict[str, str],
    customer: dict[str, Any],
    mail_suite: Suite,
    outbox: tuple[SmtpListener, Path],
    eventually: Any,
) -> None:
    folder = outbox[1]
    subject = f"Invoice problem {uuid.uuid4().hex[:6]}"
    mail_in(mail_suite, customer["email"], subject)

    def ticket() -> dict[str, Any] | None:
        resp = requests.get(
            f"{gw}{SUPPORT}/tickets", params={"q": subject}, headers=admin, timeout=10
        )
        assert resp.status_code == 200, resp.text
        items = resp.json()["items"]
        return items[0] if items else None

    found = eventually(ticket)
    assert found["channel"] == "email"
    assert found["contact_id"] == customer["id"]
    assert found["account_id"] == customer["account_id"]
    number = found["number"]
    # The acknowledgement reaches the customer with the thread token.
    acks = eventually(lambda: mails_to(folder, customer["email"]), timeout=20)
    assert acks[0]["Subject"] == f"[{number}] {subject}"

    for body, public in (
        ("Internal: check the PDF renderer.", False),
        ("Please try again now.", True),
    ):
        resp = requests.post(
            f"{gw}{SUPPORT}/tickets/{found['id']}/comments",
            json={"body": body, "is_public": public},
            headers=admin,
            timeout=10,
        )
        assert resp.status_code == 201, resp.text
    answers = eventually(
        lambda: [m for m in mails_to(folder, customer["email"]) if m["Subject"].startswith("Re: ")],
        timeout=20,
    )
    assert [a["Subject"] for a in answers] == [f"Re: [{number}] {subject}"]
    assert "Please try again now." in answers[0].get_content()
    assert all("Internal" not in m.get_content() for m in mails_to(folder, customer["email"]))

    # The customer's reply by mail, with the token, lands on the ticket as a public comment.
    mail_in(mail_suite, customer["email"], f"Re: [{number}] {subject}", "Works now, thanks!")

    def comments() -> list[dict[str, Any]]:
        resp = requests.get(
            f"{gw}{SUPPORT}/tickets/{found['id']}/comments", headers=admin, timeout=10
        )
        assert resp.status_code == 200, resp.text
        return [c for c in resp.json()["items"] if c["body"] == "Works now, thanks!"]

    [reply] = eventually(comments)
    assert (reply["author_kind"], reply["is_public"]) == ("customer", True)
