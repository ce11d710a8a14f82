"""Bodies of the portal's document pages: the customer's view of quotes, orders, invoices."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import Field

from crm_chassis.http import Schema
from crm_support.api.kb_schemas import Timestamp
from crm_support.domain.portal_documents import PortalDocument


class PortalListQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = Field(None, max_length=2048)


class DocumentLineOut(Schema):
    description: str
    quantity: str
    unit_price: str
    total: str


class PortalDocumentOut(Schema):
    """No owner, approver, internal approval state or dunning level: staff-only."""

    id: UUID
    kind: str = Field(description="quote, order or invoice")
    number: str
    status: str
    subject: str | None = None
    currency: str
    total: str = Field(description="Decimal string in currency")
    lines: list[DocumentLineOut]
    document_date: str | None = None
    due_date: str | None = None
    valid_until: str | None = None
    balance: str | None = Field(None, description="Invoices: what is still owed")
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


def document_out(d: PortalDocument) -> dict[str, Any]:
    return {
        "id": d.id,
        "kind": d.kind,
        "number": d.number,
        "status": d.status,
        "subject": d.subject,
        "currency": d.currency,
        "total": d.total,
        "lines": [
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "total": line.total,
            }
            for line in d.lines
        ],
        "document_date": d.document_date,
        "due_date": d.due_date,
        "valid_until": d.valid_until,
        "balance": d.balance,
        "created_at": d.created_at,
        "updated_at": d.updated_at,
    }
