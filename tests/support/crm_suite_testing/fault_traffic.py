"""Traffic for the fault suite and the ledger that compares both sides of every flow.

:class:`Traffic` sends a steady stream of business units through the gateway (lead
conversions, quote approvals, payments, small imports) the way a careful client does:
each POST carries an Idempotency-Key and is retried on a connection error, 502/503/504 or
429 until it succeeds, so a fault may delay a unit but never lose or double it. A few bad
requests ride along and must stay 4xx whatever is broken.

:func:`ledger` then reads the databases: the events each producer wrote to its outbox
since the case began (sent), the ones its consumer recorded in its inbox (received; the
test's tap queue for imports, which no service consumes), and the effects counted per
business key (doubled: more than one invoice per quote, account per imported name, ...).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests
import sqlalchemy as sa

RETRY_STATUS = {429, 502, 503, 504}
SALES, BILLING, CONTACTS = "/api/sales/v1", "/api/billing/v1", "/api/contacts/v1"

#: flow -> (producer, event type, consumer or None for the tap)
FLOWS: dict[str, tuple[str, str, str | None]] = {
    "conversion": ("sales", "sales.lead.converted.v1", "contacts"),
    "approval": ("sales", "sales.quote.approved.v1", "billing"),
    "payment": ("billing", "billing.payment.received.v1", "contacts"),
    # Imports' and conversions' accounts; no service here consumes it: the broker's confirm.
    "account created": ("contacts", "contacts.account.created.v1", None),
}


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
    bad_input_503: int = 0  # only where the case allows it (see Traffic.bad_input_may_503)


class Traffic:
    """Sends units at ``rate`` per second from a few threads until :meth:`stop`."""

    def __init__(
        self,
        gw: str,
        headers: dict[str, str],
        tag: str,
        *,
        rate: float = 4.0,
        give_up: float = 180.0,
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

    # -- one request, retried like a careful client -------------------------------------------

    def call(
        self, method: str, path: str, body: Any = None, ok: tuple[int, ...] = (200, 201)
    ) -> Any:
        key = str(uuid.uuid4())
        deadline = time.monotonic() + self.give_up
        while True:
            started = time.monotonic()
            try:
                resp = requests.request(
                    method,
                    f"{self.gw}{path}",
                    json=body,
                    headers={**self.headers, "Idempotency-Key": key},
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

    def bad_input(self) -> None:
        """Requests that are wrong whatever is broken: they must stay 4xx."""
        self.stats.bad_input_sent += 2
        for method, path, body in (
            ("POST", f"{SALES}/leads", {"last_name": ""}),
            ("GET", f"{CONTACTS}/accounts/not-a-uuid", None),
        ):
            try:
                resp = requests.request(
                    method, f"{self.gw}{path}", json=body, headers=self.headers, timeout=20
                )
            except requests.RequestException as exc:
                self.stats.bad_input_not_4xx.append(f"{path}: {exc!r}")
                continue
            # Authentication comes before input checks (401 before 400), and contacts' needs
            # its own database (the deactivated-users deny-list): with that database down
            # too the caller cannot be authenticated, a 503 problem. Cases say when it may be.
            if resp.status_code == 503 and self.bad_input_may_503:
                self.stats.bad_input_503 += 1
            elif not 400 <= resp.status_code < 500 and resp.status_code not in (502, 504):
                self.stats.bad_input_not_4xx.append(f"{path}: {resp.status_code}")

    # -- the stream ----------------------------------------------------------------------------

    KINDS = ("conversion", "approval", "payment", "conversion", "approval", "payment", "import")

    def _next(self) -> tuple[str, int]:
        with self._lock:
            self._n += 1
            return self.KINDS[self._n % len(self.KINDS)], self._n

    def _unit(self) -> None:
        kind, n = self._next()
        self.stats.units[kind] += 1
        try:
            getattr(self, "import_" if kind == "import" else kind)(n)
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


# -- the ledger -------------------------------------------------------------------------------


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url, pool_size=1, max_overflow=0, connect_args={"connect_timeout": 3})


def outbox_ids(url: str, event_type: str, since: datetime) -> list[tuple[str, str]]:
    """(event id, subject) of ``event_type`` written since ``since``."""
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, subject FROM outbox WHERE type = :t AND created_at >= :s"),
                {"t": event_type, "s": since},
            ).all()
    finally:
        engine.dispose()
    return [(r[0], r[1]) for r in rows]


def inbox_ids(url: str, ids: list[str]) -> set[str]:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            found: set[str] = set()
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows = conn.execute(
                    sa.text(
                        "SELECT DISTINCT event_id FROM inbox WHERE event_id IN :ids"
                    ).bindparams(sa.bindparam("ids", expanding=True)),
                    {"ids": chunk},
                ).all()
                found.update(r[0] for r in rows)
    finally:
        engine.dispose()
    return found


def scalar(url: str, sql: str, **params: Any) -> int:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql), params).scalar() or 0)
    finally:
        engine.dispose()


_PER_SUBJECT = (
    "SELECT count(*) FROM (SELECT subject FROM outbox WHERE type = :t "
    "GROUP BY subject HAVING count(*) > 1) d"
)


def doubled_effects(db: dict[str, str], tag: str) -> dict[str, int]:
    """Business keys with more than one effect (each must be 0)."""
    like = f"FLT {tag} %"
    return {
        "leads per company": scalar(
            db["sales"],
            "SELECT count(*) FROM (SELECT company FROM leads WHERE company LIKE :p "
            "GROUP BY company HAVING count(*) > 1) d",
            p=like,
        ),
        "conversion events per lead": scalar(
            db["sales"],
            _PER_SUBJECT,
            t="sales.lead.converted.v1",
        ),
        "approval events per quote": scalar(
            db["sales"],
            _PER_SUBJECT,
            t="sales.quote.approved.v1",
        ),
        "accounts per name": scalar(
            db["contacts"],
            "SELECT count(*) FROM (SELECT name FROM accounts WHERE name LIKE :p OR name LIKE :q "
            "GROUP BY name HAVING count(*) > 1) d",
            p=like,
            q=f"FLTI {tag} %",
        ),
        "invoices per quote": scalar(
            db["billing"],
            "SELECT count(*) FROM (SELECT quote_id FROM invoices WHERE quote_id IS NOT NULL "
            "GROUP BY quote_id HAVING count(*) > 1) d",
        ),
        "payment events per payment": scalar(
            db["billing"],
            _PER_SUBJECT,
            t="billing.payment.received.v1",
        ),
    }


def column(url: str, sql: str, **params: Any) -> set[str]:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return {str(r[0]) for r in conn.execute(sa.text(sql), params)}
    finally:
        engine.dispose()


def half_written(db: dict[str, str], tag: str) -> dict[str, Any]:
    """Records a fault left half done (each must be 0 once the flows completed)."""
    like = f"FLT {tag} %"
    leads = column(db["sales"], "SELECT id FROM leads WHERE company LIKE :p", p=like)
    converted = column(
        db["sales"], "SELECT id FROM leads WHERE company LIKE :p AND converted", p=like
    )
    in_contacts = column(db["contacts"], "SELECT lead_id FROM lead_conversions") & leads
    partial_imports = scalar(
        db["contacts"],
        "SELECT count(*) FROM (SELECT substring(name from '^(FLTI [^ ]+ i[0-9]+) ') k "
        "FROM accounts WHERE name LIKE :p GROUP BY k HAVING count(*) <> 5) d",
        p=f"FLTI {tag} %",
    )
    return {
        "matched in contacts, lead not converted": sorted(in_contacts - converted),
        "lead converted, nothing in contacts": sorted(converted - in_contacts),
        "imports not all rows": partial_imports,
    }
