"""The printable invoice: a PDF drawn with ReportLab (pure Python, no system libraries).

One template: the company's details, the customer's billing address, the invoice's
number, dates and terms, its lines and totals, and the balance due.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from crm_billing.domain.invoices import Invoice
from crm_billing.domain.money import format_amount


@dataclass(frozen=True)
class Company:
    name: str
    address: str
    vat_id: str = ""
    email: str = ""


def render_invoice(invoice: Invoice, company: Company) -> bytes:
    """Return the invoice as PDF bytes."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Invoice {invoice.number}",
        author=company.name,
        # Identical input gives identical bytes (no creation-time noise in the file).
        invariant=1,
    )
    styles = getSampleStyleSheet()
    cur = invoice.currency

    def p(text: str, style: str = "Normal") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), styles[style])

    company_lines = [company.name, company.address, company.email]
    if company.vat_id:
        company_lines.append(f"VAT {company.vat_id}")
    bill_to = invoice.billing_address.lines() if invoice.billing_address else []
    story = [
        p(company.name, "Title"),
        p("\n".join(x for x in company_lines[1:] if x)),
        Spacer(1, 8 * mm),
        p(f"Invoice {invoice.number}", "Heading2"),
        Table(
            [
                ["Invoice date", invoice.invoice_date.isoformat(), "Bill to"],
                ["Due date", invoice.due_date.isoformat(), p("\n".join(bill_to) or "-")],
                ["Terms", invoice.payment_terms, ""],
                ["Status", invoice.status, ""],
            ],
            colWidths=[30 * mm, 50 * mm, 90 * mm],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (2, 1), (2, 3))]),
        ),
        Spacer(1, 6 * mm),
    ]
    if invoice.subject:
        story += [p(invoice.subject, "Heading4")]
    rows = [["#", "Description", "Qty", "Unit price", "Discount", "Tax %", "Net"]]
    for line in invoice.lines:
        rows.append(
            [
                str(line.position),
                p(line.description),
                str(line.quantity),
                str(line.unit_price),
                format_amount(line.discount_amount, cur),
                str(line.tax_percent),
                format_amount(line.net, cur),
            ]
        )
    table = Table(
        rows, colWidths=[8 * mm, 70 * mm, 16 * mm, 24 * mm, 20 * mm, 14 * mm, 24 * mm], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    t = invoice.totals
    totals = [
        ["Subtotal", format_amount(t.subtotal, cur)],
        ["Discount", f"-{format_amount(t.discount, cur)}"],
        ["Tax", format_amount(t.tax, cur)],
        ["Shipping", format_amount(t.shipping, cur)],
        ["Adjustment", format_amount(t.adjustment, cur)],
        [f"Total ({cur})", format_amount(t.total, cur)],
        ["Paid", format_amount(invoice.amount_paid, cur)],
        ["Credited", format_amount(invoice.amount_credited, cur)],
        [f"Balance due ({cur})", format_amount(invoice.balance, cur)],
    ]
    story += [
        table,
        Spacer(1, 4 * mm),
        Table(
            totals,
            colWidths=[40 * mm, 30 * mm],
            hAlign="RIGHT",
            style=TableStyle(
                [
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("FONTNAME", (0, 5), (-1, 5), "Helvetica-Bold"),
                    ("FONTNAME", (0, 8), (-1, 8), "Helvetica-Bold"),
                    ("LINEABOVE", (0, 5), (-1, 5), 0.5, colors.black),
                ]
            ),
        ),
    ]
    if invoice.terms_conditions:
        story += [
            Spacer(1, 6 * mm),
            p("Terms and conditions", "Heading5"),
            p(invoice.terms_conditions),
        ]
    doc.build(story)
    return buffer.getvalue()
