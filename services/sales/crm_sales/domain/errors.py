"""Sales' own errors, each one of the chassis's transport-neutral kinds.

The common ones (InvalidFields, RecordNotFound, VersionMismatch) are the chassis's
(crm_chassis.errors).
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis.errors import Conflict


class LeadAlreadyConverted(Conflict):
    def __init__(self, lead_id: object) -> None:
        super().__init__(f"Lead {lead_id} is already converted; it is read-only.")


class QuoteNotEditable(Conflict):
    def __init__(self, quote_id: object, why: str, status: str | None = None) -> None:
        extra = {"current_status": status} if status else None
        super().__init__(f"Quote {quote_id} cannot change: {why}.", extra=extra)


class QuoteNotApprovable(Conflict):
    def __init__(self, quote_id: object, why: str, status: str | None = None) -> None:
        extra = {"current_status": status} if status else None
        super().__init__(f"Quote {quote_id} cannot be approved: {why}.", extra=extra)


class InvalidState(Conflict):
    """The record's state does not allow this action."""


class OrderExists(Conflict):
    def __init__(self, quote_id: UUID, order_id: UUID) -> None:
        super().__init__(
            f"Quote {quote_id} already has sales order {order_id}.",
            extra={"sales_order_id": str(order_id)},
        )


class ProductCodeTaken(Conflict):
    def __init__(self, code: str) -> None:
        super().__init__(f"A product with code {code} exists already.")
