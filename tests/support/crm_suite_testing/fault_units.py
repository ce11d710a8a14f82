"""Support's and marketing's units of the fault traffic, and their side of the ledger.

Mixed into :class:`crm_suite_testing.fault_traffic.Traffic` (which sends, retries and
counts): a ticket opened on the traffic's account (support -> contacts' timeline), a public
web-form submission (marketing -> a lead in sales, the campaign's ROI copy in marketing),
and a mailing to one new contact and one new lead whose messages' one-click unsubscribe
links are followed (marketing's send job over SMTP -> the opt-outs in contacts and sales).
Every request goes through the gateway the way a client or a mail reader would.
"""

from __future__ import annotations

import email
import re
import threading
import time
from collections import Counter
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

SUPPORT, MARKETING = "/api/support/v1", "/api/marketing/v1"
CONTACTS, SALES = "/api/contacts/v1", "/api/sales/v1"
MAIL_DOMAIN = "faults.example"
UNSUBSCRIBE_LINK = re.compile(r"<https?://[^>]*(/api/marketing/v1/unsubscribe/[^>]+)>")


class MailBox:
    """The SMTP sink's folder, indexed by recipient as messages arrive (shared by threads)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seen: set[str] = set()
        self._by_rcpt: dict[str, EmailMessage] = {}
        self._count: Counter[str] = Counter()  # a mail sent twice (SMTP is at least once)
        self._lock = threading.Lock()

    def _scan(self) -> None:
        for path in sorted(self.folder.glob("*.eml")):
            if path.name in self._seen:
                continue
            self._seen.add(path.name)
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            rcpt = str(message["To"]).split("<")[-1].rstrip(">").strip().lower()
            self._by_rcpt[rcpt] = message  # type: ignore[assignment]
            self._count[rcpt] += 1

    def doubled(self, prefix: str) -> int:
        """Recipients starting with ``prefix`` that got more than one message."""
        with self._lock:
            self._scan()
            return sum(1 for rcpt, n in self._count.items() if rcpt.startswith(prefix) and n > 1)

    def wait_for(self, address: str, timeout: float) -> EmailMessage | None:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                self._scan()
                found = self._by_rcpt.get(address.lower())
            if found is not None or time.monotonic() > deadline:
                return found
            time.sleep(0.3)


class SupportMarketingUnits:
    """Units of support and marketing; needs ``call``, ``tag``, ``account_id`` and
    ``give_up`` of the traffic it is mixed into, and ``mailbox`` for the mailing unit."""

    mailbox: MailBox | None = None
    campaign_id = form_id = form_stamp = template_id = ""

    def setup_support_marketing(self) -> None:
        call: Any = self.call  # type: ignore[attr-defined]
        tag = self.tag  # type: ignore[attr-defined]
        campaign = call(
            "POST", f"{MARKETING}/campaigns", {"name": f"FLT {tag} campaign", "currency": "EUR"}
        )
        self.campaign_id = _created(campaign)["id"]
        form = call("POST", f"{MARKETING}/forms", form_body(tag, self.campaign_id))
        self.form_id = _created(form)["id"]
        embed = call("GET", f"{MARKETING}/forms/{self.form_id}/embed", ok=(200,))
        self.form_stamp = embed.json()["stamp"]
        template = {
            "name": f"FLT {tag}",
            "subject": "News",
            "html": '<p>Hello</p><a href="https://shop.faults.example/">Shop</a>',
        }
        self.template_id = _created(call("POST", f"{MARKETING}/templates", template))["id"]

    def ticket(self, n: int) -> None:
        """A ticket on the traffic's account: support checks it over contacts' gRPC."""
        body = {
            "title": f"FLT {self.tag} t{n}",  # type: ignore[attr-defined]
            "account_id": self.account_id,  # type: ignore[attr-defined]
            "channel": "api",
        }
        _created(self.call("POST", f"{SUPPORT}/tickets", body))  # type: ignore[attr-defined]

    def form_lead(self, n: int) -> None:
        """A visitor's submission (public, no token); the submission key makes a retry the
        same submission."""
        tag = self.tag  # type: ignore[attr-defined]
        body = {
            "last": f"F{n}",
            "mail": f"flt-{tag}-f{n}@{MAIL_DOMAIN}",
            "org": f"FLT {tag} f{n}",
            "form_stamp": self.form_stamp,
            "submission_key": f"flt-{tag}-f{n}",
        }
        path = f"{MARKETING}/forms/{self.form_id}/submissions"
        _created(self.call("POST", path, body, headers={}))  # type: ignore[attr-defined]

    def unsubscribe(self, n: int) -> None:
        """A mailing to a new contact and a new lead; both follow the one-click link."""
        call: Any = self.call  # type: ignore[attr-defined]
        tag = self.tag  # type: ignore[attr-defined]
        to_contact, to_lead = (f"flt-{tag}-u{n}-{k}@{MAIL_DOMAIN}" for k in ("c", "l"))
        contact = call("POST", f"{CONTACTS}/contacts", {"last_name": f"U{n}", "email": to_contact})
        lead = call("POST", f"{SALES}/leads", {"last_name": f"U{n}", "email": to_lead})
        listed = _created(call("POST", f"{MARKETING}/mailing-lists", {"name": f"FLT {tag} u{n}"}))
        members = {"contact_ids": [_created(contact)["id"]], "lead_ids": [_created(lead)["id"]]}
        call("POST", f"{MARKETING}/mailing-lists/{listed['id']}/members", members, ok=(200, 201))
        mailing = {
            "name": f"FLT {tag} u{n}",
            "template_id": self.template_id,
            "audience_kind": "list",
            "audience_id": listed["id"],
            "from_address": f"news@{MAIL_DOMAIN}",
        }
        mailing_id = _created(call("POST", f"{MARKETING}/mailings", mailing))["id"]
        call("POST", f"{MARKETING}/mailings/{mailing_id}/send", {}, ok=(200,))
        assert self.mailbox is not None, "the mailing unit needs the SMTP sink's folder"
        for address in (to_contact, to_lead):
            message = self.mailbox.wait_for(address, self.give_up)  # type: ignore[attr-defined]
            if message is None:
                raise RuntimeError(f"no mail to {address} within the give-up time")
            link = UNSUBSCRIBE_LINK.search(str(message["List-Unsubscribe"]))
            if link is None:
                raise RuntimeError(f"no unsubscribe link in the mail to {address}")
            # RFC 8058 one-click: a POST with no token; recorded once, 200 every time.
            call("POST", link.group(1), None, ok=(200,), headers={})


def form_body(tag: str, campaign_id: str) -> dict[str, Any]:
    return {
        "name": f"FLT {tag} form",
        "fields": [
            {"name": "last", "label": "Last name", "required": True, "maps_to": "last_name"},
            {"name": "mail", "label": "E-mail", "type": "email", "maps_to": "email"},
            {"name": "org", "label": "Company", "maps_to": "company"},
        ],
        "campaign_id": campaign_id,
        "min_fill_seconds": 0,
        "rate_limit_per_hour": 100_000,
    }


def _created(resp: Any) -> dict[str, Any]:
    if resp.status_code not in (200, 201):
        raise RuntimeError(
            f"{resp.request.method} {resp.url}: {resp.status_code} {resp.text[:200]}"
        )
    return dict(resp.json())
