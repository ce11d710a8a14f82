"""The portal's documents over REST, with sales and billing replaced by a recording fake.

The fake answers whatever it holds (as a misconfigured service might): support must still
show a portal user only their own account's documents, hide internal drafts, forward the
user's own token, and refuse staff.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from crm_access import token_verifier
from crm_support.api.app import build_app
from crm_support.bootstrap import bootstrap
from crm_support.domain.portal_documents import (
    INVOICE,
    ORDER,
    QUOTE,
    DocumentLine,
    PortalDocument,
    PrintedDocument,
)

API = "/api/support/v1/portal"
MINE, THEIRS = uuid.uuid4(), uuid.uuid4()
SCOPES = "portal.quotes.read portal.sales_orders.read portal.invoices.read"


def _doc(kind: str, account: uuid.UUID, status: str = "Sent", **kw: Any) -> PortalDocument:
    line = DocumentLine("Widget", "2", "10.00", "20.00")
    return PortalDocument(
        kind=kind,
        id=uuid.uuid4(),
        number=f"{kind.upper()}-{uuid.uuid4().hex[:6]}",
        status=status,
        account_id=account,
        currency="EUR",
        total="20.00",
        lines=(line,),
        **kw,
    )


class FakeDocuments:
    def __init__(self) -> None:
        self.docs: dict[str, list[PortalDocument]] = {QUOTE: [], ORDER: [], INVOICE: []}
        self.tokens: list[str] = []

    def page(self, kind, *, token, size, page_token):
        self.tokens.append(token)
        return list(self.docs[kind])[:size], None

    def get(self, kind, document_id, *, token):
        self.tokens.append(token)
        return next((d for d in self.docs[kind] if d.id == document_id), None)

    def invoice_pdf(self, invoice_id, *, token):
        self.tokens.append(token)
        return PrintedDocument("INV-1", "application/pdf", b"%PDF-1.4 fake", 3)


@pytest.fixture
def fake() -> FakeDocuments:
    return FakeDocuments()


@pytest.fixture
def portal_client(settings, fake) -> Iterator[Any]:
    app = bootstrap(settings, documents=fake)
    yield build_app(app, token_verifier(settings, app.access.store)).test_client()
    app.db.dispose()


def _portal(token_factory, account=MINE, scope=SCOPES):
    token = token_factory.issue(
        str(uuid.uuid4()), typ="portal", scope=scope, account_id=str(account),
        contact_id=str(uuid.uuid4()),
    )  # fmt: skip
    return token, {"Authorization": f"Bearer {token}"}


def test_a_customer_sees_only_their_own_issued_invoices(portal_client, fake, token_factory):
    mine, draft = _doc(INVOICE, MINE, balance="20.00"), _doc(INVOICE, MINE, "Created")
    theirs = _doc(INVOICE, THEIRS)
    fake.docs[INVOICE] = [mine, draft, theirs]
    token, headers = _portal(token_factory)
    listed = portal_client.get(f"{API}/invoices", headers=headers).get_json()
    assert [d["id"] for d in listed["items"]] == [str(mine.id)]
    body = portal_client.get(f"{API}/invoices/{mine.id}", headers=headers).get_json()
    assert body["balance"] == "20.00" and "owner_id" not in body
    for hidden in (draft, theirs):
        assert portal_client.get(f"{API}/invoices/{hidden.id}", headers=headers).status_code == 404
        pdf = portal_client.get(f"{API}/invoices/{hidden.id}/pdf", headers=headers)
        assert pdf.status_code == 404
    pdf = portal_client.get(f"{API}/invoices/{mine.id}/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert set(fake.tokens) == {token}


def test_quotes_show_once_approved_and_current(portal_client, fake, token_factory):
    shown = _doc(QUOTE, MINE, "Delivered")
    fake.docs[QUOTE] = [
        shown,
        _doc(QUOTE, MINE, "Created", approved=False),
        _doc(QUOTE, MINE, "Delivered", superseded=True),
    ]
    fake.docs[ORDER] = [_doc(ORDER, MINE, "Approved"), _doc(ORDER, THEIRS, "Approved")]
    _, headers = _portal(token_factory)
    quotes = portal_client.get(f"{API}/quotes", headers=headers).get_json()["items"]
    assert [q["id"] for q in quotes] == [str(shown.id)]
    orders = portal_client.get(f"{API}/orders", headers=headers).get_json()["items"]
    assert [o["id"] for o in orders] == [str(fake.docs[ORDER][0].id)]


def test_staff_and_portal_users_without_the_scope_are_refused(portal_client, token_factory):
    staff = token_factory.issue(str(uuid.uuid4()), perms=["invoices.view", "quotes.view"])
    headers = {"Authorization": f"Bearer {staff}"}
    assert portal_client.get(f"{API}/invoices", headers=headers).status_code == 403
    _, kb_only = _portal(token_factory, scope="portal.knowledge_base.read")
    assert portal_client.get(f"{API}/quotes", headers=kb_only).status_code == 403
    assert portal_client.get(f"{API}/orders/not-a-uuid", headers=kb_only).status_code == 403
