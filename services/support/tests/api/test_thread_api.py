"""Comments and attachments over REST: public/internal, reopen window, size and type checks,
downloads served as attachments to those who may see the ticket."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from crm_support.adapters import tables as t

API = "/api/support/v1"


def _age_closing(service: Any, ticket_id: str, days: float) -> None:
    """Move the ticket's closing ``days`` into the past (the reopen window's clock)."""
    with service.db.transaction() as session:
        row = session.execute(
            sa.select(t.tickets.c.closed_at).where(t.tickets.c.id == uuid.UUID(ticket_id))
        ).one()
        session.execute(
            sa.update(t.tickets)
            .where(t.tickets.c.id == uuid.UUID(ticket_id))
            .values(closed_at=row.closed_at - timedelta(days=days))
        )


def test_staff_comments_are_public_or_internal_and_stamp_the_first_response(client, admin, ticket):
    tk = ticket()
    url = f"{API}/tickets/{tk['id']}/comments"
    internal = client.post(url, json={"body": "check the fuser", "is_public": False}, headers=admin)
    assert internal.status_code == 201
    got = client.get(f"{API}/tickets/{tk['id']}", headers=admin).get_json()
    assert got["first_response_at"] is None
    public = client.post(url, json={"body": "We are on it"}, headers=admin)
    assert public.status_code == 201 and public.get_json()["author_kind"] == "staff"
    got = client.get(f"{API}/tickets/{tk['id']}", headers=admin).get_json()
    assert got["first_response_at"] == public.get_json()["created_at"]
    thread = client.get(url, headers=admin).get_json()["items"]
    assert [c["is_public"] for c in thread] == [False, True]
    assert client.post(url, json={"body": ""}, headers=admin).status_code == 422


def test_a_customer_answer_reopens_within_the_window_else_opens_a_linked_ticket(
    client, admin, ticket, portal, references, service
):
    account = references.account()
    contact = references.contact(account)
    customer = portal(account, contact)
    tk = ticket(account_id=str(account), contact_id=str(contact))
    url = f"{API}/tickets/{tk['id']}"
    client.patch(url, json={"status": "Closed"}, headers=admin)
    answer = client.post(f"{url}/comments", json={"body": "still broken"}, headers=customer)
    assert answer.status_code == 201 and answer.get_json()["new_ticket"] is False
    assert client.get(url, headers=admin).get_json()["status"] == "Open"
    client.patch(url, json={"status": "Closed"}, headers=admin)
    _age_closing(service, tk["id"], days=8)
    late = client.post(f"{url}/comments", json={"body": "again"}, headers=customer)
    assert late.status_code == 201 and late.get_json()["new_ticket"] is True
    new_id = late.get_json()["ticket_id"]
    assert new_id != tk["id"]
    new = client.get(f"{API}/tickets/{new_id}", headers=admin).get_json()
    assert new["parent_ticket_id"] == tk["id"] and new["status"] == "Open"
    assert client.get(url, headers=admin).get_json()["status"] == "Closed"


def test_the_reopen_window_is_an_admin_setting(client, admin, user, ticket, service):
    assert client.get(f"{API}/ticket-settings", headers=admin).get_json()["reopen_window_days"] == 7
    resp = client.put(f"{API}/ticket-settings", json={"reopen_window_days": 30}, headers=admin)
    assert resp.status_code == 200 and resp.get_json()["reopen_window_days"] == 30
    bad = client.put(f"{API}/ticket-settings", json={"reopen_window_days": -1}, headers=admin)
    assert bad.status_code == 422
    staff = user(uuid.uuid4())
    denied = client.put(f"{API}/ticket-settings", json={"reopen_window_days": 1}, headers=staff)
    assert denied.status_code == 403


def test_attachments_are_checked_stored_and_served_as_attachments(client, admin, ticket, upload):
    tk = ticket()
    url = f"{API}/tickets/{tk['id']}/attachments"
    resp = upload(url, admin, b"%PDF-1.4 hello", "../../etc/report.pdf", "application/pdf")
    assert resp.status_code == 201, resp.get_json()
    att = resp.get_json()
    assert (att["filename"], att["size"], att["content_type"]) == (
        "report.pdf",
        14,
        "application/pdf",
    )
    listed = client.get(url, headers=admin).get_json()["items"]
    assert [a["id"] for a in listed] == [att["id"]]
    down = client.get(f"{url}/{att['id']}", headers=admin)
    assert down.status_code == 200 and down.data == b"%PDF-1.4 hello"
    assert down.headers["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert down.headers["X-Content-Type-Options"] == "nosniff"
    assert down.headers["Content-Type"].startswith("application/pdf")


def test_too_large_is_413_and_a_refused_type_415_and_nothing_is_stored(
    client, admin, ticket, settings, service, upload
):
    tk = ticket()
    url = f"{API}/tickets/{tk['id']}/attachments"
    html = upload(url, admin, b"<script>alert(1)</script>", "x.html", "text/html")
    assert html.status_code == 415
    assert html.headers["Content-Type"].startswith("application/problem+json")
    big = b"x" * (settings.attachment_max_bytes + 1)
    too_big = upload(url, admin, big, "big.txt", "text/plain")
    assert too_big.status_code == 413
    not_multipart = client.post(url, data=b"abc", headers={**admin, "Content-Type": "text/plain"})
    assert not_multipart.status_code == 415
    with service.db.reading() as session:
        assert (
            session.execute(sa.select(sa.func.count()).select_from(t.ticket_attachments)).scalar()
            == 0
        )


def test_attachments_on_comments_and_of_unknown_tickets(client, admin, ticket, upload):
    tk = ticket()
    comment = client.post(
        f"{API}/tickets/{tk['id']}/comments", json={"body": "log attached"}, headers=admin
    ).get_json()
    url = f"{API}/tickets/{tk['id']}/comments/{comment['id']}/attachments"
    resp = upload(url, admin, b"log line", "app.log", "text/plain")
    assert resp.status_code == 201 and resp.get_json()["comment_id"] == comment["id"]
    missing = f"{API}/tickets/{uuid.uuid4()}/attachments"
    assert upload(missing, admin, b"x", "a.txt", "text/plain").status_code == 404
    other = f"{API}/tickets/{tk['id']}/comments/{uuid.uuid4()}/attachments"
    assert upload(other, admin, b"x", "a.txt", "text/plain").status_code == 404
