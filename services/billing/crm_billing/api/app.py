"""The Flask app of the web role (the JSON API plus the invoice PDF)."""

from __future__ import annotations

from uuid import UUID

from flask import Flask, Response, request

from crm_billing.adapters.pdf import Company, render_invoice
from crm_billing.adapters.tables import idempotency_keys
from crm_billing.api import build_api
from crm_billing.bootstrap import Billing
from crm_billing.service.access import INVOICES
from crm_chassis import context
from crm_chassis.auth.tokens import TokenVerifier, bearer_token
from crm_chassis.errors import BadRequest, FieldError
from crm_chassis.http import create_app

PDF_PATH = "/api/billing/v1/invoices/<invoice_id>/pdf"


def build_app(service: Billing, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""

    def add_pdf(app: Flask) -> None:
        # A binary answer, so a plain Flask view; it authenticates and checks access the
        # same way (errors still go through the chassis's problem+json handlers).
        def invoice_pdf(invoice_id: str) -> Response:
            principal = verifier.verify(bearer_token(request.headers.get("Authorization")))
            context.set_principal(principal)
            service.access.policy.check(principal, INVOICES, "view")
            try:
                wanted = UUID(invoice_id)
            except ValueError:
                raise BadRequest(
                    f"'{invoice_id}' is not a valid id.",
                    errors=[FieldError("invoice_id", "must be a UUID")],
                ) from None
            invoice = service.queries.get(INVOICES, principal, wanted)
            settings = service.settings
            body = render_invoice(
                invoice,
                Company(
                    settings.company_name,
                    settings.company_address,
                    settings.company_vat_id,
                    settings.company_email,
                ),
            )
            response = Response(body, content_type="application/pdf")
            response.headers["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
            response.headers["ETag"] = f'"{invoice.version}"'
            return response

        app.add_url_rule(PDF_PATH, endpoint="invoice_pdf", view_func=invoice_pdf, methods=["GET"])

    return create_app(
        service.settings,
        build_api(service),
        db=service.db,
        verifier=verifier,
        access=service.access.policy,
        idempotency_table=idempotency_keys,
        init=add_pdf,
    )
