"""The 360 view of an account: what contacts holds, plus what sales, billing and support hold.

Remote parts are fetched in parallel (a thread each) with a deadline per call and one for
the whole view, so the answer takes as long as the slowest source up to the deadline, and
a source that is down or has no API yet costs its part only: each part says ``ok``,
``unavailable``, ``not_available_yet`` (or ``forbidden`` when that service refuses the caller).

The calls carry the caller's own bearer token, not a service account's: sales, billing and
support then apply the caller's access (module rights, record scope, field access) exactly
as if the user asked them directly, so the 360 view can never show more than the user may
see elsewhere, and contacts need not re-implement other services' rules. The cost is that a
user without rights on, say, invoices gets that part marked ``forbidden``, which is the point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar
from uuid import UUID

from crm_chassis import context
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Forbidden
from crm_chassis.logging import get_logger
from crm_chassis.pagination import ListParams
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.overview import (
    FORBIDDEN,
    OK,
    UNAVAILABLE,
    Answer,
    Remote,
    without_hidden_aggregates,
)
from crm_contacts.domain.ports import RemoteReader
from crm_contacts.domain.tasks import Task
from crm_contacts.domain.timeline import TimelineEntry
from crm_contacts.service.queries import ActivityQueries, Queries, TimelineQueries

log = get_logger(__name__)
T = TypeVar("T")

CLOSED_STAGES = frozenset({"Closed Won", "Closed Lost"})
CLOSED_TICKETS = frozenset({"Closed", "Resolved"})
RECENT = 10
INVOICES = "invoices"  # billing's access module (its field modes hide amounts)
#: The proto package of each source (a test points these at fakes).
PACKAGES: dict[str, str] = {
    "sales": "crm.sales.v1",
    "billing": "crm.billing.v1",
    "support": "crm.support.v1",
    "marketing": "crm.marketing.v1",
}


@dataclass(frozen=True)
class Sources:
    """Where the 360 view's remote parts come from (host:port per service)."""

    sales: str
    billing: str
    support: str
    timeout: float = 2.0
    marketing: str = "127.0.0.1:9106"

    def remote(self, service: str) -> Remote:
        target = getattr(self, service)
        name = f"{service.capitalize()}Service"
        package = PACKAGES[service]
        return Remote(
            package, name, target, (f"{package}.{service}_pb2", f"{package}.{service}_service_pb2")
        )


@dataclass(frozen=True)
class _Read:
    service: str
    methods: tuple[str, ...]
    request: dict[str, Any]
    keep: Callable[[dict[str, Any]], bool] = lambda item: True
    # Lists come oldest first (sync order); show this many of the newest.
    recent: int | None = None


def _reads(account_id: UUID) -> dict[str, _Read]:
    aid = str(account_id)
    return {
        "opportunities": _Read(
            "sales",
            ("ListOpportunities",),
            {"account_id": aid, "open_only": True, "page_size": 200},
            # Sales filters with open_only already; kept so a server ignoring it shows no
            # closed deal either.
            lambda o: o.get("sales_stage") not in CLOSED_STAGES,
        ),
        "quotes": _Read(
            "sales", ("ListQuotes",), {"account_id": aid, "page_size": 200}, recent=RECENT
        ),
        "orders": _Read(
            "sales",
            ("ListSalesOrders", "ListOrders"),
            {"account_id": aid, "page_size": 200},
            recent=RECENT,
        ),
        "invoices": _Read(
            "billing", ("ListInvoices",), {"account_id": aid, "page_size": 500}, recent=2 * RECENT
        ),
        "tickets": _Read(
            "support",
            ("ListTickets",),
            # Support keeps the open ones (not Closed); a "status" would name one status only.
            {"account_id": aid, "open_only": True, "page_size": 200},
            lambda t: t.get("status") not in CLOSED_TICKETS,
        ),
    }


def newest(items: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The ``count`` most recently changed records, newest first (RFC 3339 sorts as text)."""

    def stamp(item: dict[str, Any]) -> str:
        return str(item.get("updated_at") or item.get("created_at") or "")

    return sorted(items, key=stamp, reverse=True)[:count]


def balance_of(invoices: list[dict[str, Any]], response: dict[str, Any]) -> list[dict[str, str]]:
    """The open balance per currency: billing's own figure when it gives one, else the sum
    of the listed invoices' open amounts (decimal strings, never floats)."""
    given = response.get("balance") or response.get("balances")
    if isinstance(given, dict):
        return [given]
    if isinstance(given, list):
        return given
    totals: dict[str, Decimal] = {}
    for invoice in invoices:
        if invoice.get("status") == "Cancelled":
            continue
        raw = invoice.get("balance_due", invoice.get("balance"))
        currency = invoice.get("currency", "")
        if isinstance(raw, dict):
            raw, currency = raw.get("amount"), raw.get("currency", currency)
        try:
            amount = Decimal(str(raw)) if raw not in (None, "") else None
        except InvalidOperation:
            amount = None
        if amount is not None:
            totals[currency] = totals.get(currency, Decimal(0)) + amount
    return [{"amount": str(v), "currency": c} for c, v in sorted(totals.items())]


class Overview:
    """Gathers the remote parts of the 360 view, in parallel, each by its deadline."""

    def __init__(self, sources: Sources, reads: RemoteReader) -> None:
        self.sources = sources
        self.reads = reads
        self._pool: ThreadPoolExecutor | None = None

    def _executor(self) -> ThreadPoolExecutor:
        # Built on first use, in the serving process (after gunicorn forks).
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="overview")
        return self._pool

    def remote_parts(
        self, principal: Principal, account_id: UUID, token: str
    ) -> dict[str, dict[str, Any]]:
        """Fetch every remote part in parallel; each part answers by the deadline."""
        reads = _reads(account_id)
        cid = context.correlation_id()
        futures: dict[str, Future[Answer]] = {
            name: self._executor().submit(self._fetch, read, token, cid)
            for name, read in reads.items()
        }
        wait(futures.values(), timeout=self.sources.timeout + 0.5)
        parts: dict[str, dict[str, Any]] = {}
        for name, future in futures.items():
            if not future.done():
                future.cancel()
                answer = Answer(UNAVAILABLE, reason="no answer before the deadline")
            else:
                answer = future.result()
            if answer.status == OK:
                answer.items = [i for i in answer.items if reads[name].keep(i)]
                if name == "invoices":
                    answer.extra["balance"] = balance_of(answer.items, answer.response)
                    # More invoices than one page: the balance covers the first page only.
                    answer.extra["balance_complete"] = not answer.response.get("next_page_token")
                if reads[name].recent is not None:
                    answer.items = newest(answer.items, reads[name].recent)
            parts[name] = answer.as_dict()
        log.info(
            "overview.gathered",
            account_id=str(account_id),
            parts={k: v["status"] for k, v in parts.items()},
        )
        return parts

    def _fetch(self, read: _Read, token: str, correlation_id: str | None) -> Answer:
        context.set_correlation(correlation_id)
        try:
            return self.reads.read(
                self.sources.remote(read.service),
                read.methods,
                read.request,
                token=token,
                timeout=self.sources.timeout,
            )
        except Exception as exc:  # noqa: BLE001 - one source's failure costs its part only
            log.warning("overview.part_failed", service=read.service, error=repr(exc))
            return Answer(UNAVAILABLE, reason="the service could not be read")
        finally:
            context.clear()

    def generated_at(self) -> str:
        return utcnow().isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Part(Generic[T]):
    """One local part of the 360 view: its records, or ``forbidden`` for this caller."""

    status: str
    items: tuple[T, ...] = ()


@dataclass(frozen=True)
class AccountOverview:
    """The 360 view of one account: local parts, and remote parts as their services said."""

    account: Account
    contacts: Part[Contact]
    open_tasks: Part[Task]
    timeline: Part[TimelineEntry]
    remote: Mapping[str, Mapping[str, Any]]
    generated_at: str


def _local(read: Callable[[], list[T]]) -> Part[T]:
    # A caller without rights on one module gets that part marked, not a failed view.
    try:
        return Part(OK, tuple(read()))
    except Forbidden:
        return Part(FORBIDDEN)


class AccountOverviews:
    """Answers the 360 view: what contacts holds, plus what other services hold."""

    def __init__(
        self,
        queries: Queries,
        activities: ActivityQueries,
        timeline: TimelineQueries,
        remote: Overview,
    ) -> None:
        self.queries = queries
        self.activities = activities
        self.timeline = timeline
        self.remote = remote

    def of_account(self, caller: Principal, account_id: UUID, token: str) -> AccountOverview:
        """The account (404 unless visible) with every part around it."""
        account = self.queries.get_account(caller, account_id)
        at_account = ListParams(limit=50, filters={"account_id": account_id})
        open_tasks = ListParams(
            limit=50, filters={"related_type": "account", "related_id": account_id, "open": True}
        )
        return AccountOverview(
            account=account,
            contacts=_local(lambda: self.queries.list_contacts(caller, at_account)[0]),
            open_tasks=_local(lambda: self.activities.list_tasks(caller, open_tasks)[0]),
            timeline=_local(
                lambda: self.timeline.for_account(caller, account_id, limit=RECENT, cursor=None)[0]
            ),
            remote=without_hidden_aggregates(
                self.remote.remote_parts(caller, account_id, token),
                self.queries.access.fields(caller, INVOICES).hidden,
            ),
            generated_at=self.remote.generated_at(),
        )
