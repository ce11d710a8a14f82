"""Repositories of the catalogue (products, price books) and of documents with lines
(quotes, sales orders), over one session; the shared mechanics are ``repositories``'."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_sales.adapters import rows
from crm_sales.adapters import tables as t
from crm_sales.adapters.repositories import Repository
from crm_sales.domain.catalog import PriceBook, Product
from crm_sales.domain.orders import SalesOrder
from crm_sales.domain.quotes import Line, Quote


class ProductRepository(Repository):
    table, cls = t.products, Product

    def code_taken(self, code: str, exclude: UUID | None = None) -> bool:
        stmt = sa.select(t.products.c.id).where(t.products.c.code == code)
        if exclude:
            stmt = stmt.where(t.products.c.id != exclude)
        return self.session.execute(stmt).first() is not None

    def many(self, ids: set[UUID]) -> dict[UUID, Product]:
        if not ids:
            return {}
        found = self.session.execute(sa.select(t.products).where(t.products.c.id.in_(ids)))
        return {r.id: rows.build(Product, r) for r in found}


class PriceBookRepository(Repository):
    table, cls = t.price_books, PriceBook

    def set_price(self, book_id: UUID, product_id: UUID, price: Any, now: Any) -> None:
        e = t.price_book_entries
        updated = self.session.execute(
            sa.update(e)
            .where(e.c.price_book_id == book_id, e.c.product_id == product_id)
            .values(list_price=str(price), updated_at=now)
        )
        if updated.rowcount == 0:
            self.session.execute(
                sa.insert(e).values(
                    price_book_id=book_id,
                    product_id=product_id,
                    list_price=str(price),
                    updated_at=now,
                )
            )

    def prices(self, book_id: UUID, product_ids: set[UUID]) -> dict[UUID, str]:
        e = t.price_book_entries
        found = self.session.execute(
            sa.select(e.c.product_id, e.c.list_price).where(
                e.c.price_book_id == book_id, e.c.product_id.in_(product_ids)
            )
        )
        return {r.product_id: r.list_price for r in found}


def load_lines(
    session: Session, table: sa.Table, document_ids: list[UUID]
) -> dict[UUID, list[Line]]:
    out: dict[UUID, list[Line]] = {i: [] for i in document_ids}
    if not document_ids:
        return out
    found = session.execute(
        sa.select(table)
        .where(table.c.document_id.in_(document_ids))
        .order_by(table.c.document_id, table.c.position)
    )
    for r in found:
        out[r.document_id].append(rows.build(Line, r))
    return out


class _DocumentRepository(Repository):
    lines_table: sa.Table

    def _build(self, row: Any) -> Any:
        lines = load_lines(self.session, self.lines_table, [row.id])[row.id]
        return rows.build(self.cls, row, lines=lines)

    def _after_write(self, doc: Any, *, new: bool) -> None:
        lt = self.lines_table
        if not new:
            self.session.execute(sa.delete(lt).where(lt.c.document_id == doc.id))
        if doc.lines:
            self.session.execute(
                sa.insert(lt), [rows.values(ln, lt, document_id=doc.id) for ln in doc.lines]
            )


class QuoteRepository(_DocumentRepository):
    table, cls, lines_table = t.quotes, Quote, t.quote_lines

    def earlier_versions(self, number: str, quote_version: int) -> tuple[UUID, ...]:
        """Ids of the quote's earlier versions (same number), oldest first."""
        q = t.quotes
        found = self.session.execute(
            sa.select(q.c.id)
            .where(q.c.number == number, q.c.quote_version < quote_version)
            .order_by(q.c.quote_version)
        )
        return tuple(found.scalars())


class SalesOrderRepository(_DocumentRepository):
    table, cls, lines_table = t.sales_orders, SalesOrder, t.order_lines

    def for_quote(self, quote_id: UUID) -> UUID | None:
        row = self.session.execute(
            sa.select(t.sales_orders.c.id).where(t.sales_orders.c.quote_id == quote_id)
        ).first()
        return None if row is None else row.id
