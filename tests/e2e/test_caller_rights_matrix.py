"""Issue 12 case 1 through the gateway: the caller's rights travel with every cross-service read.

Two reps, A and B, peers under one manager, every module private. B owns the account X, a
contact at it and business on it (an opportunity, an approved quote, its order, an enquiry,
an invoice). Wherever one service reads another's records on A's behalf, A gets for X (or
B's record) exactly the answer an id nobody has gets: the same status and problem+json
shape, nothing of X in it; a lead conversion never lands on X. ``CROSS_SERVICE_PATHS`` names
every cross-service gRPC read in services/*/ with the cases proving it; a test scans the
code and fails on a read the matrix does not cover ("any path added later").
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
import requests

from crm_suite_testing.deputy import (
    BILLING,
    CONTACTS,
    IDENTITY,
    SALES,
    World,
    b_business,
    invoice_line,
    organisation,
    problem_shape,
)
from crm_suite_testing.marketing_rights import MARKETING_PATHS
from crm_suite_testing.rights_scan import calls_in_code, proof_exists

ROOT = Path(__file__).resolve().parents[2]
ACTIVITIES = {"tasks": {"title": "Call back"}, "notes": {"body": "Spoke to them"}}
ACTIVITIES["events"] = {"kind": "call", "title": "Call", "start": "2027-01-05T10:00:00Z"}
RELATED = ("lead", "opportunity", "quote", "sales_order", "invoice")

# Proofs kept in other modules: "<path from the repository root>::<test>[<parametrised id>]".
_SUPPORT = "tests/e2e/test_caller_rights_support.py"
_SUPPORT_CASE = f"{_SUPPORT}::test_the_secret_record_answers_like_an_id_nobody_has[{{}}]"
_PORTAL = "tests/e2e/test_support_portal_and_360.py"
_PORTAL_DOCUMENTS = (f"{_PORTAL}::test_each_portal_user_sees_only_their_own_documents",)
#: Service-credential jobs (docs/architecture.md, "Service credentials"): svc-support holds
#: only its jobs' scopes, and each job's token asks for one scope alone.
_SVC_SUPPORT = (
    "services/identity/tests/unit/test_system_scopes.py::"
    "test_support_holds_the_policy_fetch_contact_reads_and_the_catalogue_only",
    "services/support/tests/unit/test_service_credentials.py::"
    "test_the_mail_channel_asks_for_contact_reads_alone",
    "services/support/tests/unit/test_service_credentials.py::"
    "test_reference_checks_ask_each_service_for_one_scope",
)

#: (calling service, called service, RPC) -> the cases below (or tests elsewhere, named by
#: path) that prove the caller's rights.
#: (``order_create`` reads nothing of contacts today: an order copies its quote; its case
#: stays in the matrix so a read added there is covered from the start.)
CROSS_SERVICE_PATHS: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("sales", "contacts", "GetAccount"): (
        "quote_create_account",
        "quote_change_account",
        "enquiry_create_account",
        "enquiry_quote",
        "opportunity_create_account",
        "opportunity_change_account",
    ),
    ("sales", "contacts", "GetContact"): (
        "quote_create_contact",
        "quote_change_contact",
        "enquiry_create_contact",
    ),
    ("sales", "contacts", "ConvertLead"): (
        "convert_by_account_id",
        "match:company_name",
        "match:email_domain",
        "match:contact_email",
    ),
    ("billing", "contacts", "GetAccount"): (
        "invoice_create_user",
        "payment_create_user",
        "invoice_create_service",
        "payment_create_service",
        "invoice_pdf",
        "pdf_customer_name",
    ),
    ("contacts", "sales", "ListOpportunities"): ("overview", "overview_sections"),
    ("contacts", "sales", "ListQuotes"): ("overview", "overview_sections"),
    ("contacts", "sales", "ListSalesOrders"): ("overview", "overview_sections"),
    ("contacts", "billing", "ListInvoices"): ("overview", "overview_sections"),
    ("contacts", "sales", "GetLead"): tuple(f"{a}_on_lead" for a in ACTIVITIES),
    ("contacts", "sales", "GetOpportunity"): tuple(f"{a}_on_opportunity" for a in ACTIVITIES),
    ("contacts", "sales", "GetQuote"): tuple(f"{a}_on_quote" for a in ACTIVITIES),
    ("contacts", "sales", "GetSalesOrder"): tuple(f"{a}_on_sales_order" for a in ACTIVITIES),
    ("contacts", "billing", "GetInvoice"): tuple(f"{a}_on_invoice" for a in ACTIVITIES),
    ("contacts", "sales", "GetAccountActivity"): ("account_delete",),
    ("contacts", "billing", "GetAccountBalance"): ("account_delete",),
    # support (issue 13): a ticket's account and contact, a contract's account, with A's token
    ("support", "contacts", "GetAccount"): (
        _SUPPORT_CASE.format("ticket_create_account"),
        _SUPPORT_CASE.format("ticket_change_account"),
        _SUPPORT_CASE.format("contract_create_account"),
    ),
    # ... and svc-support's own token, asked for contacts.contacts.read alone (the e-mail
    # channel; a portal ticket's contact)
    ("support", "contacts", "GetContact"): (
        _SUPPORT_CASE.format("ticket_create_contact"),
        _SUPPORT_CASE.format("ticket_change_contact"),
        *_SVC_SUPPORT,
    ),
    ("support", "contacts", "SearchContacts"): _SVC_SUPPORT,
    # products are unowned; svc-support asks with sales.products.read alone (portal tickets)
    ("support", "sales", "GetProduct"): _SVC_SUPPORT,
    # the portal's documents, always with the portal user's own token
    ("support", "sales", "GetQuote"): _PORTAL_DOCUMENTS,
    ("support", "sales", "GetSalesOrder"): _PORTAL_DOCUMENTS,
    ("support", "sales", "ListQuotes"): _PORTAL_DOCUMENTS,
    ("support", "sales", "ListSalesOrders"): _PORTAL_DOCUMENTS,
    ("support", "billing", "GetInvoice"): _PORTAL_DOCUMENTS,
    ("support", "billing", "ListInvoices"): _PORTAL_DOCUMENTS,
    ("support", "billing", "GetInvoicePdf"): (
        f"{_PORTAL}::test_each_portal_user_prints_only_their_own_invoice",
    ),
    ("contacts", "support", "GetTicket"): tuple(
        _SUPPORT_CASE.format(f"{a}_on_ticket") for a in ACTIVITIES
    ),
    ("contacts", "support", "ListTickets"): (
        _SUPPORT_CASE.format("overview"),
        f"{_SUPPORT}::test_the_360_view_never_lists_b_tickets_on_a_own_account",
        f"{_PORTAL}::test_a_ticket_shows_in_the_360_view_and_on_the_timeline",
    ),
}
# Marketing runs in its own suites: its paths and proofs live in crm_suite_testing.
CROSS_SERVICE_PATHS.update(MARKETING_PATHS)


@pytest.fixture(scope="module")
def w(gw: str, admin: dict, sign_in: Callable[..., Any], eventually: Callable[..., Any]) -> Any:
    world = World(gw, admin)
    for module in ("accounts", "opportunities", "quotes", "sales_orders", "enquiries"):
        resp = world.call(
            "admin", "PUT", f"{IDENTITY}/sharing-defaults/{module}", {"access": "private"}
        )
        assert resp.status_code == 200, resp.text
    organisation(world, sign_in)
    product = {"code": f"DP-{world.tag}", "name": "Widget", "unit_price": "10.00"}
    product |= {"currency": "EUR", "tax_percent": "19"}
    world.ids["product"] = world.made("admin", f"{SALES}/products", product)["id"]
    b_business(world, eventually)
    world.ids["y"] = world.made("a", f"{CONTACTS}/accounts", {"name": f"Open {world.tag}"})["id"]
    y = world.ids["y"]
    quote = {"account_id": y, "lines": world.lines()}
    world.ids["a_quote"] = world.made("a", f"{SALES}/quotes", quote)["id"]
    opp = {"name": f"Mine {world.tag}", "account_id": y}
    world.ids["a_opp"] = world.made("a", f"{SALES}/opportunities", opp)["id"]
    assert (
        world.call("a", "GET", f"{CONTACTS}/accounts/{world.secret['account']}").status_code == 404
    )
    return world


# -- the matrix: X (or B's record) against an id nobody has --------------------------------

Case = Callable[[World, str], requests.Response]


def _invoice_as(who: str) -> Case:
    def ask(w: World, t: str) -> requests.Response:
        body = {"account_id": t, "currency": "EUR", "lines": [invoice_line()]}
        return w.call(who, "POST", f"{BILLING}/invoices", {**body, "owner_id": w.ids["a"]})

    return ask


def _payment_as(who: str) -> Case:
    def ask(w: World, t: str) -> requests.Response:
        body = {"account_id": t, "amount": "10.00", "currency": "EUR", "owner_id": w.ids["a"]}
        return w.call(who, "POST", f"{BILLING}/payments", body)

    return ask


def _related(activity: str, kind: str) -> Case:
    def ask(w: World, t: str) -> requests.Response:
        body = {**ACTIVITIES[activity], "related_type": kind, "related_id": t}
        return w.call("a", "POST", f"{CONTACTS}/{activity}", body)

    return ask


def _quote(w: World, **refs: str) -> requests.Response:
    return w.call(
        "a", "POST", f"{SALES}/quotes", {"account_id": w.ids["y"], "lines": w.lines(), **refs}
    )


def _enquiry(w: World, **refs: str) -> requests.Response:
    body = {"account_id": w.ids["y"], "product_id": w.ids["product"], "quantity": 1}
    return w.call("a", "POST", f"{SALES}/enquiries", {**body, **refs})


CASES: dict[str, tuple[str, Case]] = {
    "quote_create_account": ("account", lambda w, t: _quote(w, account_id=t)),
    "quote_create_contact": ("contact", lambda w, t: _quote(w, contact_id=t)),
    "quote_change_account": (
        "account",
        lambda w, t: w.call("a", "PATCH", f"{SALES}/quotes/{w.ids['a_quote']}", {"account_id": t}),
    ),
    "quote_change_contact": (
        "contact",
        lambda w, t: w.call("a", "PATCH", f"{SALES}/quotes/{w.ids['a_quote']}", {"contact_id": t}),
    ),
    "order_create": (
        "quote",
        lambda w, t: w.call("a", "POST", f"{SALES}/sales-orders", {"quote_id": t}),
    ),
    "enquiry_create_account": ("account", lambda w, t: _enquiry(w, account_id=t)),
    "enquiry_create_contact": ("contact", lambda w, t: _enquiry(w, contact_id=t)),
    "enquiry_quote": ("enquiry", lambda w, t: w.call("a", "POST", f"{SALES}/enquiries/{t}/quote")),
    "opportunity_create_account": (
        "account",
        lambda w, t: w.call("a", "POST", f"{SALES}/opportunities", {"name": "N", "account_id": t}),
    ),
    "opportunity_change_account": (
        "account",
        lambda w, t: w.call(
            "a", "PATCH", f"{SALES}/opportunities/{w.ids['a_opp']}", {"account_id": t}
        ),
    ),
    "convert_by_account_id": (
        "account",
        lambda w, t: w.call("a", "POST", f"{SALES}/leads/{w.lead()}/convert", {"account_id": t}),
    ),
    "invoice_create_user": ("account", _invoice_as("a")),
    "payment_create_user": ("account", _payment_as("a")),
    "invoice_create_service": ("account", _invoice_as("erp")),
    "payment_create_service": ("account", _payment_as("erp")),
    "invoice_pdf": ("invoice", lambda w, t: w.call("a", "GET", f"{BILLING}/invoices/{t}/pdf")),
    "overview": ("account", lambda w, t: w.call("a", "GET", f"{CONTACTS}/accounts/{t}/overview")),
    "account_delete": ("account", lambda w, t: w.call("a", "DELETE", f"{CONTACTS}/accounts/{t}")),
    **{f"{a}_on_{k}": (k, _related(a, k)) for a in ACTIVITIES for k in RELATED},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_secret_record_answers_like_an_id_nobody_has(w: World, case: str) -> None:
    kind, ask = CASES[case]
    secret, nobody = w.secret[kind], str(uuid.uuid4())
    theirs, random = ask(w, secret), ask(w, nobody)
    assert 400 <= theirs.status_code < 500, (case, theirs.status_code, theirs.text)
    assert theirs.headers["Content-Type"].startswith("application/problem+json"), theirs.text
    assert problem_shape(theirs, secret) == problem_shape(random, nobody), (
        case,
        theirs.text,
        random.text,
    )
    for value in w.revealing():
        assert value not in theirs.text, (case, value)


# -- conversion matching never lands on X ----------------------------------------------------

MATCHING: dict[str, Callable[[World], dict[str, str]]] = {
    "company_name": lambda w: {"company": f"SECRETIVE {w.tag} holdings", "last_name": "Match"},
    "email_domain": lambda w: {
        "company": f"Unrelated {w.tag}",
        "last_name": "Domain",
        "email": f"someone@secretive-{w.tag}.example",
    },
    "contact_email": lambda w: {
        "company": f"Other {w.tag}",
        "last_name": "Same",
        "email": f"boss@secretive-{w.tag}.example",
    },
}


@pytest.mark.parametrize("how", sorted(MATCHING))
def test_conversion_never_matches_onto_the_secret_account(w: World, how: str) -> None:
    lead = w.made("a", f"{SALES}/leads", MATCHING[how](w))
    resp = w.call("a", "POST", f"{SALES}/leads/{lead['id']}/convert", {})
    assert resp.status_code in (201, 409), resp.text
    assert w.secret["account"] not in resp.text and w.secret["contact"] not in resp.text
    for value in w.revealing():
        assert value not in resp.text
    if resp.status_code == 409:  # the documented answer: a match A may not see, unnamed
        assert resp.headers["Content-Type"].startswith("application/problem+json")
        assert "cannot see" in resp.json()["detail"]
        resp = w.call(
            "a",
            "POST",
            f"{SALES}/leads/{lead['id']}/convert",
            {"create_new_account": True, "create_new_contact": True},
        )
        assert resp.status_code == 201, resp.text
    assert resp.json()["account_id"] != w.secret["account"]
    assert resp.json()["contact_id"] != w.secret["contact"]


# -- what other services show A through contacts and billing ---------------------------------


def test_the_360_view_of_an_account_shows_only_what_the_caller_may_read(
    w: World, eventually
) -> None:
    """B's deal, quote and invoice on A's own account Y (put there by the administrator) are
    in the administrator's 360 view of Y and never in A's."""
    y, b = w.ids["y"], w.ids["b"]
    deal = w.made(
        "admin",
        f"{SALES}/opportunities",
        {"name": f"B on Y {w.tag}", "account_id": y, "owner_id": b},
    )
    quote = w.made("admin", f"{SALES}/quotes", {"account_id": y, "lines": w.lines(), "owner_id": b})
    body = {"account_id": y, "currency": "EUR", "lines": [invoice_line()], "owner_id": b}
    invoice = w.made("admin", f"{BILLING}/invoices", body)
    theirs = (deal["id"], quote["id"], invoice["id"])
    url = f"{CONTACTS}/accounts/{y}/overview"

    def complete(who: str) -> Any:
        got = w.call(who, "GET", url)
        body = got.json()
        ok = all(body[p]["status"] == "ok" for p in ("opportunities", "quotes", "invoices"))
        return got.status_code == 200 and ok and got

    assert all(i in eventually(lambda: complete("admin"), timeout=20).text for i in theirs)
    mine = eventually(lambda: complete("a"), timeout=20)
    assert all(i not in mine.text for i in theirs), mine.text
    assert w.ids["a_opp"] in mine.text  # A's own deal on Y is there


def test_an_invoice_pdf_names_only_a_customer_the_caller_may_read(w: World, eventually) -> None:
    """A quote on X given to A becomes A's invoice (billing keeps no name for it); its PDF
    asks contacts with A's token: X's name is printed for the administrator, not for A."""
    body = {"account_id": w.secret["account"], "lines": w.lines(), "owner_id": w.ids["a"]}
    quote = w.made("admin", f"{SALES}/quotes", body)
    assert w.call("admin", "POST", f"{SALES}/quotes/{quote['id']}/approve").status_code == 200

    def invoice() -> Any:
        found = w.call("a", "GET", f"{BILLING}/invoices?quote_id={quote['id']}").json()
        return found.get("items") and found["items"][0]["id"]

    pdf = f"{BILLING}/invoices/{eventually(invoice, timeout=20)}/pdf"
    printed, seen_by_admin = w.call("a", "GET", pdf), w.call("admin", "GET", pdf)
    assert printed.status_code == 200 and seen_by_admin.status_code == 200
    assert f"Secretive {w.tag}" in _pdf_text(seen_by_admin.content)
    assert w.secret["account"] in _pdf_text(printed.content)  # the id stands in for the name
    assert f"Secretive {w.tag}" not in _pdf_text(printed.content)


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_service_account_reads_accounts_only_with_contacts_scope(w: World) -> None:
    """Billing asks contacts with the service account's own token: without
    contacts.accounts.read every account is unknown to it (the matrix), with it X is found."""
    made = _invoice_as("erp_reader")(w, w.secret["account"])
    assert made.status_code == 201, made.text
    paid = _payment_as("erp_reader")(w, w.secret["account"])
    assert paid.status_code == 201, paid.text


# -- every cross-service read is in the matrix ------------------------------------------------


def test_every_cross_service_read_is_in_the_matrix() -> None:
    in_code = calls_in_code(ROOT)
    assert ("billing", "contacts", "GetAccount") in in_code  # the scan sees what it must
    assert in_code - set(CROSS_SERVICE_PATHS) == set(), "add these paths to the matrix"
    assert set(CROSS_SERVICE_PATHS) - in_code == set(), "paths no longer in the code"
    proved = set(CASES) | {f"match:{m}" for m in MATCHING}
    proved |= {"overview_sections", "pdf_customer_name"}
    for path, cases in CROSS_SERVICE_PATHS.items():
        assert cases, path
        here = {c for c in cases if "::" not in c}
        assert here <= proved, (path, here - proved)
        for elsewhere in set(cases) - here:
            assert proof_exists(ROOT, elsewhere), (
                path,
                elsewhere,
                "no such test: the proof vanished",
            )
