"""The 360 view's remote parts: where each is read, and what a read answered.

Pure values; :mod:`crm_contacts.adapters.overview_clients` reads them over gRPC
(:class:`~crm_contacts.domain.ports.RemoteReader`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_AVAILABLE_YET = "not_available_yet"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"  # a single-record read: no such record (or not visible)


@dataclass(frozen=True)
class Remote:
    """Where a service's read API lives: its proto package and gRPC service name."""

    package: str  # "crm.sales.v1"
    service: str  # "SalesService"
    target: str  # "host:port"
    modules: tuple[str, ...]  # generated modules that may declare it

    @property
    def full_name(self) -> str:
        return f"{self.package}.{self.service}"


@dataclass
class Answer:
    """One part of the 360 view as fetched: its status, items and extra facts."""

    status: str
    items: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    # The whole answer (for facts beyond the items, such as a balance); never shown as is.
    response: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status}
        if self.status == OK:
            out["items"] = self.items
            out.update(self.extra)
        elif self.reason:
            out["reason"] = self.reason
        return out


#: The invoice fields the 360 view's open balance is summed from (or reveals).
BALANCE_FIELDS = frozenset(
    {"balance", "balance_due", "total", "grand_total", "amount_paid", "amount_credited"}
)


def without_hidden_aggregates(
    parts: dict[str, dict[str, Any]], hidden_invoice_fields: frozenset[str]
) -> dict[str, dict[str, Any]]:
    """``parts`` without an aggregate that would reveal a hidden amount: the invoices'
    open balance goes when the caller may not see an invoice amount it is made from."""
    invoices = parts.get("invoices")
    if not invoices or not hidden_invoice_fields & BALANCE_FIELDS:
        return parts
    trimmed = {k: v for k, v in invoices.items() if k not in ("balance", "balance_complete")}
    return {**parts, "invoices": trimmed}
