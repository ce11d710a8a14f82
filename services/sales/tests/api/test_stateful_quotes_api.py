"""A stateful property test through the REST API on the service's database: random
revise/change/approve/order/status sequences on quote families, with billing's payment facts.

After every step, read back through the API: one current version per family, earlier ones
superseded; every approval event names exactly the earlier versions; orders only from
approved current versions, one per quote; order statuses only move forward, and an order
with money on its invoice is never cancelled.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from crm.billing.v1 import events_pb2 as billing_ev
from crm.sales.v1 import events_pb2 as ev
from crm_chassis.events.envelope import Envelope
from crm_sales.adapters.tables import event_tables
from crm_sales.domain.orders import ORDER_STATUS
from crm_sales.events.incoming import INVOICE_PAID, handlers

API = "/api/sales/v1"
RANK = {s: n for n, s in enumerate(ORDER_STATUS.statuses)}


class QuotesThroughTheApi(RuleBasedStateMachine):
    def __init__(self, client: Any, admin: dict, service: Any, account: str, product: str):
        super().__init__()
        self.client, self.admin, self.service = client, admin, service
        self.account, self.product = account, product
        self.families: list[list[str]] = []
        self.orders: dict[str, dict[str, Any]] = {}  # id -> {status, paid, quote_id}

    def _post(self, path: str, body: Any = None) -> Any:
        return self.client.post(f"{API}{path}", headers=self.admin, json=body or {})

    def _get(self, path: str) -> dict[str, Any]:
        resp = self.client.get(f"{API}{path}", headers=self.admin)
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()

    def _quote_id(self, f: int, v: int) -> str | None:
        if not self.families:
            return None
        family = self.families[f % len(self.families)]
        return family[v % len(family)]

    @initialize(quantity=st.integers(1, 9))
    def first(self, quantity: int) -> None:
        self.create(quantity)

    @rule(quantity=st.integers(1, 9))
    def create(self, quantity: int) -> None:
        lines = [{"product_id": self.product, "quantity": quantity}]
        resp = self._post("/quotes", {"account_id": self.account, "lines": lines})
        assert resp.status_code == 201, resp.get_json()
        self.families.append([resp.get_json()["id"]])

    @rule(f=st.integers(0, 5), v=st.integers(0, 5))
    def revise(self, f: int, v: int) -> None:
        quote_id = self._quote_id(f, v)
        if quote_id is None:
            return
        resp = self._post(f"/quotes/{quote_id}/revise")
        family = next(fam for fam in self.families if quote_id in fam)
        if quote_id == family[-1]:
            assert resp.status_code == 201, resp.get_json()
            family.append(resp.get_json()["id"])
        else:
            assert resp.status_code == 409

    @rule(f=st.integers(0, 5), v=st.integers(0, 5), quantity=st.integers(1, 9))
    def change(self, f: int, v: int, quantity: int) -> None:
        quote_id = self._quote_id(f, v)
        if quote_id is not None:
            body = {"lines": [{"product_id": self.product, "quantity": quantity}]}
            resp = self.client.patch(f"{API}/quotes/{quote_id}", headers=self.admin, json=body)
            assert resp.status_code in (200, 409)

    @rule(f=st.integers(0, 5), v=st.integers(0, 5))
    def approve(self, f: int, v: int) -> None:
        quote_id = self._quote_id(f, v)
        if quote_id is not None:
            assert self._post(f"/quotes/{quote_id}/approve").status_code in (200, 409)

    @rule(f=st.integers(0, 5), v=st.integers(0, 5))
    def order(self, f: int, v: int) -> None:
        quote_id = self._quote_id(f, v)
        if quote_id is None:
            return
        quote = self._get(f"/quotes/{quote_id}")
        resp = self._post("/sales-orders", {"quote_id": quote_id})
        ordered = any(o["quote_id"] == quote_id for o in self.orders.values())
        if quote["status"] == "Approved" and not ordered:
            assert resp.status_code == 201, resp.get_json()
            self.orders[resp.get_json()["id"]] = {"status": "Created", "quote_id": quote_id}
        else:
            assert resp.status_code == 409

    @rule(f=st.integers(0, 5))
    def approve_and_order_the_current_version(self, f: int) -> None:
        self.approve(f, -1)
        self.order(f, -1)

    @precondition(lambda self: self.orders)
    @rule(n=st.integers(0, 5), status=st.sampled_from(ORDER_STATUS.statuses))
    def set_status(self, n: int, status: str) -> None:
        order_id = list(self.orders)[n % len(self.orders)]
        resp = self.client.patch(
            f"{API}/sales-orders/{order_id}", headers=self.admin, json={"status": status}
        )
        seen = self.orders[order_id]
        if resp.status_code == 200:
            moved = resp.get_json()["status"] != seen["status"]
            assert not (moved and status == "Cancelled" and seen.get("paid"))
            seen["status"] = resp.get_json()["status"]
        else:
            assert resp.status_code == 409

    @precondition(lambda self: self.orders)
    @rule(n=st.integers(0, 5))
    def money_on_the_invoice(self, n: int) -> None:
        order_id = list(self.orders)[n % len(self.orders)]
        invoice_id = str(uuid.uuid4())
        paid = billing_ev.InvoicePaid(invoice_id=invoice_id)
        envelope = Envelope.build(
            type=INVOICE_PAID, source="billing", subject=invoice_id, data=paid
        )
        issued = billing_ev.InvoiceIssued(invoice_id=invoice_id, sales_order_id=order_id)
        first = Envelope.build(
            type="billing.invoice.issued.v1", source="billing", subject=invoice_id, data=issued
        )
        with self.service.db.transaction() as session:
            for e in (first, envelope):
                for handle in handlers(self.service)[e.type]:
                    handle(session, Envelope.from_json(e.to_json()))
        self.orders[order_id]["paid"] = True

    @invariant()
    def one_current_version_per_family(self) -> None:
        for family in self.families:
            quotes = [self._get(f"/quotes/{i}") for i in family]
            assert [q["superseded"] for q in quotes] == [True] * (len(family) - 1) + [False]

    @invariant()
    def approvals_name_the_earlier_versions(self) -> None:
        with self.service.db.reading() as session:
            rows = session.execute(
                sa.select(event_tables.outbox.c.body).where(
                    event_tables.outbox.c.type == "sales.quote.approved.v1"
                )
            ).all()
        for row in rows:
            message = Envelope.from_json(row.body).parse(ev.QuoteApproved)
            family = next((f for f in self.families if message.quote_id in f), None)
            if family is not None:
                earlier = family[: family.index(message.quote_id)]
                assert list(message.superseded_quote_ids) == earlier

    @invariant()
    def orders_move_forward_and_paid_ones_stay(self) -> None:
        for order_id, seen in self.orders.items():
            now = self._get(f"/sales-orders/{order_id}")
            assert RANK[now["status"]] >= RANK[seen["status"]]
            assert now["status"] == seen["status"]  # only our own calls change it
            assert now["invoice_paid"] == bool(seen.get("paid"))


def test_quote_families_and_orders_keep_their_invariants(
    client: Any, admin: dict, service: Any, directory: Any, product: Any
) -> None:
    account, product_id = str(directory.add("Acme")), product()["id"]
    run_state_machine_as_test(
        lambda: QuotesThroughTheApi(client, admin, service, account, product_id),
        settings=settings(max_examples=30, stateful_step_count=20, deadline=None),
    )
