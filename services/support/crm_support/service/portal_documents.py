"""The portal's documents: a customer's own quotes, sales orders and invoices (reads).

Only portal users ask (staff read them in sales and billing). Each read goes to the owning
service with the portal user's own token, so its access rule (the user's own account) is
the one that decides; what comes back is checked again here
(:func:`~crm_support.domain.portal_documents.shown_to_customer`): another account's
record or an internal draft is 404, exactly like a missing one.
"""

from __future__ import annotations

from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden, RecordNotFound, Unauthenticated
from crm_support.domain.portal_documents import (
    INVOICE,
    ORDER,
    QUOTE,
    PortalDocument,
    PrintedDocument,
    shown_to_customer,
)
from crm_support.domain.ports import PortalDocuments
from crm_support.service.access import INVOICES, QUOTES, SALES_ORDERS

MODULE = {QUOTE: QUOTES, ORDER: SALES_ORDERS, INVOICE: INVOICES}
WHAT = {QUOTE: "Quote", ORDER: "Sales order", INVOICE: "Invoice"}


class PortalDocumentQueries:
    def __init__(self, documents: PortalDocuments, access: RecordAccess) -> None:
        self.documents = documents
        self.access = access

    def _check(self, principal: Principal, kind: str, token: str | None) -> str:
        if principal.kind != "portal":
            raise Forbidden("The portal's documents are for portal users.")
        self.access.require(principal, MODULE[kind], "view")
        if not token:
            raise Unauthenticated("An access token is required.")
        return token

    def page(
        self,
        principal: Principal,
        kind: str,
        *,
        token: str | None,
        limit: int,
        cursor: str | None,
    ) -> tuple[list[PortalDocument], str | None]:
        """One page of the customer's documents (drafts left out, so a page may be short)."""
        token = self._check(principal, kind, token)
        found, next_token = self.documents.page(kind, token=token, size=limit, page_token=cursor)
        mine = principal.claims.get("account_id")
        return [d for d in found if shown_to_customer(d, mine)], next_token

    def get(
        self, principal: Principal, kind: str, document_id: UUID, *, token: str | None
    ) -> PortalDocument:
        token = self._check(principal, kind, token)
        found = self.documents.get(kind, document_id, token=token)
        if found is None or not shown_to_customer(found, principal.claims.get("account_id")):
            raise RecordNotFound(WHAT[kind], document_id)
        return found

    def invoice_pdf(
        self, principal: Principal, invoice_id: UUID, *, token: str | None
    ) -> PrintedDocument:
        """The invoice's PDF, once the invoice itself is shown to this customer."""
        self.get(principal, INVOICE, invoice_id, token=token)
        printed = self.documents.invoice_pdf(invoice_id, token=token or "")
        if printed is None:
            raise RecordNotFound("Invoice", invoice_id)
        return printed
