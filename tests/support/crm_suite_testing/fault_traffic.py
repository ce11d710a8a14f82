"""Traffic for the fault suite: a steady stream of business units through the gateway.

:class:`Traffic` sends lead conversions, quote approvals, payments, small imports, and
support's and marketing's units (:mod:`crm_suite_testing.fault_units`: tickets, web-form
leads, mailings unsubscribed from) the way a careful client does: each POST carries an
Idempotency-Key and is retried on a connection error, 502/503/504 or 429 until it
succeeds, so a fault may delay a unit but never lose or double it. A few bad requests ride
along, one or two per service, and must stay 4xx whatever is broken. Both sides of every
flow are then compared by :mod:`crm_suite_testing.fault_ledger`.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from crm_suite_testing.fault_units import MailBox, SupportMarketingUnits

RETRY_STATUS = {429, 502, 503, 504}
SALES, BILLING, CONTACTS = "/api/sales/v1", "/api/billing/v1", "/api/contacts/v1"


@dataclass
class Stats:
    units: Counter[str] = field(default_factory=Counter)
    done: Counter[str] = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)  # unit gave up or got a 5xx/unexpected
    retried: int = 0
    retry_log: list[str] = field(default_factory=list)  # the first retries: what and why
    statuses_5xx: Counter[int] = field(default_factory=Counter)  # answered, then retried
    slowest_503_s: float = 0.0
    bad_input_not_4xx: list[str] = field(default_factory=list)
    bad_input_sent: int = 0
    bad_input_retried: int = 0  # a 502/504 from the gateway, asked again
    bad_input_503: int = 0  # only where the case allows it (see Traffic.bad_input_may_503)


class Traffic(SupportMarketingUnits):
    """Sends units at ``rate`` per second from a few threads until :meth:`stop`."""

    def __init__(
        self,
        gw: str,
        headers: dict[str, str],
        tag: str,
        *,
        rate: float = 4.0,
        give_up: float = 180.0,
        mail_dir: Path | None = None,
    ) -> None:
        self.gw, self.headers, self.tag = gw, headers, tag
        self.rate, self.give_up = rate, give_up
        self.stats = Stats()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._n = 0
        self._lock = threading.Lock()
        self.account_id = ""
        self.product_id = ""
        self.session = requests.Session()
        self.bad_input_may_503 = False
        self.mailbox = MailBox(mail_dir) if mail_dir is not None else None

    # -- one request, retried like a careful client -------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        ok: tuple[int, ...] = (200, 201),
        headers: dict[str, str] | None = None,
    ) -> Any:
        """``headers`` replace the caller's token ({}: a public endpoint, no token)."""
        key = str(uuid.uuid4())
        headers = self.headers if headers is None else headers
        deadline = time.monotonic() + self.give_up
        while True:
            started = time.monotonic()
            try:
                resp = requests.request(
                    method,
                    f"{self.gw}{path}",
                    json=body,
                    headers={**headers, "Idempotency-Key": key},
                    timeout=20,
                )
            except requests.RequestException:
                resp = None
            # A key still reserved by a request that died is no answer yet (a convert's 409
            # "already converted" is): the first run counted it done and left a lead half
            # converted, the client's bug and not the suite's.
            in_progress = resp is not None and resp.status_code == 409 and "progress" in resp.text
            if resp is not None and resp.status_code in ok and not in_progress:
                return resp
            if resp is not None and resp.status_code == 503:
                self.stats.slowest_503_s = max(self.stats.slowest_503_s, time.monotonic() - started)
            if resp is not None and resp.status_code >= 500:
                self.stats.statuses_5xx[resp.status_code] += 1
            if resp is not None and resp.status_code not in RETRY_STATUS and not in_progress:
                return resp  # a real answer: the caller decides
            if time.monotonic() > deadline:
                raise RuntimeError(f"{method} {path} still failing after {self.give_up}s")
            self.stats.retried += 1
            if len(self.stats.retry_log) < 20:
                why = resp.status_code if resp is not None else "no answer"
                self.stats.retry_log.append(f"{method} {path} {why}")
            time.sleep(0.5)

    # -- units ---------------------------------------------------------------------------------

    def setup(self) -> None:
        account = self.call("POST", f"{CONTACTS}/accounts", {"name": f"FLT base {self.tag}"})
        product = self.call(
            "POST",
            f"{SALES}/products",
            {
                "code": f"F{self.tag}",
                "name": "Fault meter",
                "unit_price": "10.00",
                "currency": "EUR",
            },
        )
        _expect(account, 201)
        _expect(product, 201)
        self.account_id, self.product_id = account.json()["id"], product.json()["id"]

    def conversion(self, n: int) -> None:
        company = f"FLT {self.tag} c{n}"
        lead = self.call("POST", f"{SALES}/leads", {"last_name": f"L{n}", "company": company})
        _expect(lead, 201)
        done = self.call("POST", f"{SALES}/leads/{lead.json()['id']}/convert", {}, ok=(201, 409))
        _expect(done, 201, 409)  # 409: a retry found it converted by the first try

    def approval(self, n: int) -> None:
        quote = self.call(
            "POST",
            f"{SALES}/quotes",
            {
                "account_id": self.account_id,
                "lines": [{"product_id": self.product_id, "quantity": 1 + n % 3}],
            },
        )
        _expect(quote, 201)
        done = self.call("POST", f"{SALES}/quotes/{quote.json()['id']}/approve", {}, ok=(200, 409))
        _expect(done, 200, 409)

    def payment(self, n: int) -> None:
        body = {
            "account_id": self.account_id,
            "amount": "1.00",
            "currency": "EUR",
            "client_reference": f"flt-{self.tag}-{n}",
        }
        _expect(self.call("POST", f"{BILLING}/payments", body, ok=(201, 409)), 201, 409)

    def import_(self, n: int) -> None:
        rows = "".join(f"FLTI {self.tag} i{n} r{r}\n" for r in range(5))
        body = {"entity": "accounts", "csv": "Company\n" + rows, "mapping": {"Company": "name"}}
        _expect(self.call("POST", f"{CONTACTS}/imports", body), 201)

    def big_import(self, name: str, rows: int) -> int:
        """One import of ``rows`` accounts in the request (killed mid-way by a case)."""
        lines = "".join(f"FLTB {self.tag} {name} r{r}\n" for r in range(rows))
        body = {"entity": "accounts", "csv": "Company\n" + lines, "mapping": {"Company": "name"}}
        resp = self.call("POST", f"{CONTACTS}/imports", body)
        _expect(resp, 201)
        return int(resp.json()["created_count"])

    #: Requests that are wrong whatever is broken, one or two per service: they stay 4xx.
    BAD_INPUT: tuple[tuple[str, str, Any], ...] = (
        ("POST", f"{SALES}/leads", {"last_name": ""}),
        ("GET", f"{CONTACTS}/accounts/not-a-uuid", None),
        ("POST", f"{CONTACTS}/accounts", {"name": ""}),
        ("POST", f"{BILLING}/payments", {"amount": "lots", "currency": "EUR"}),
        ("POST", "/api/support/v1/tickets", {"title": ""}),
        ("POST", "/api/marketing/v1/campaigns", {"name": ""}),
    )

    def bad_input(self) -> None:
        """Send :attr:`BAD_INPUT`; anything but a 4xx is counted (a 503 only where the case
        allows it: see :attr:`bad_input_may_503`)."""
        for method, path, body in self.BAD_INPUT:
            self.stats.bad_input_sent += 1
            status, detail = self._bad_answer(method, path, body)
            if status == 503 and self.bad_input_may_503:
                self.stats.bad_input_503 += 1
            elif not (isinstance(status, int) and 400 <= status < 500):
                # The problem's detail says which dependency was missing (database, keys).
                self.stats.bad_input_not_4xx.append(f"{method} {path}: {status} {detail}")

    def _bad_answer(self, method: str, path: str, body: Any) -> tuple[int | str, str]:
        """The service's own answer. A 502/504 is the gateway's (no process there to answer:
        a web worker killed, restarting), so it is asked again for a while, as a client would;
        what it finally says is the answer."""
        deadline = time.monotonic() + 30
        while True:
            try:
                resp = requests.request(
                    method, f"{self.gw}{path}", json=body, headers=self.headers, timeout=20
                )
                status: int | str = resp.status_code
                detail = resp.text[:200] if resp.status_code >= 500 else ""
            except requests.RequestException as exc:
                status, detail = repr(exc)[:120], ""
            if status not in (502, 504) or time.monotonic() > deadline:
                return status, detail
            self.stats.bad_input_retried += 1
            time.sleep(0.5)

    # -- the stream ----------------------------------------------------------------------------

    KINDS = (
        "conversion",
        "approval",
        "payment",
        "ticket",
        "form_lead",
        "conversion",
        "approval",
        "payment",
        "import_",
        "unsubscribe",
    )

    def _next(self) -> tuple[str, int]:
        with self._lock:
            self._n += 1
            return self.KINDS[self._n % len(self.KINDS)], self._n

    def _unit(self) -> None:
        kind, n = self._next()
        self.stats.units[kind] += 1
        try:
            getattr(self, kind)(n)
            self.stats.done[kind] += 1
        except Exception as exc:
            self.stats.failed.append(f"{kind} {n}: {exc}"[:300])
        if n % 10 == 0:
            self.bad_input()

    def _loop(self, interval: float) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            self._unit()
            self._stop.wait(max(0.0, interval - (time.monotonic() - started)))

    def start(self, threads: int = 4) -> Traffic:
        if not self.account_id:
            self.setup()
        if not self.form_id:
            self.setup_support_marketing()
        interval = threads / self.rate
        self._threads = [
            threading.Thread(target=self._loop, args=(interval,), daemon=True)
            for _ in range(threads)
        ]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Stop sending; units in flight finish (their retries included)."""
        self._stop.set()
        for thread in self._threads:
            thread.join(self.give_up + 30)


def _expect(resp: Any, *statuses: int) -> None:
    if resp.status_code not in statuses:
        raise RuntimeError(
            f"{resp.request.method} {resp.url}: {resp.status_code} {resp.text[:200]}"
        )
