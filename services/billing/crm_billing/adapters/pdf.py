"""The printable invoice: a PDF drawn with ReportLab (pure Python, no system libraries).

One template: the company's details, the customer's billing address, the invoice's
number, dates and terms, its lines and totals, and the balance due.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from crm_billing.domain.invoices import Invoice
from crm_chassis.money import format_amount

LINE_COLUMNS = [8 * mm, 70 * mm, 16 * mm, 24 * mm, 20 * mm, 14 * mm, 24 * mm]
LINES_STYLE = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)
TOTALS_STYLE = TableStyle(
    [
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("FONTNAME", (0, 5), (-1, 5), "Helvetica-Bold"),
        ("FONTNAME", (0, 8), (-1, 8), "Helvetica-Bold"),
        ("LINEABOVE", (0, 5), (-1, 5), 0.5, colors.black),
    ]
)


@dataclass(frozen=True)
class Company:
    name: str
    address: str
    vat_id: str = ""
    email: str = ""


class PdfPrinter:
    """Prints invoices as PDF with the company's letterhead (the ``InvoicePrinter`` port)."""

    media_type = "application/pdf"

    def __init__(self, company: Company) -> None:
        self.company = company

    def render(self, invoice: Invoice) -> bytes:
        return render_invoice(invoice, self.company)


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
    write = _Writer(getSampleStyleSheet())
    story = [
        *_letterhead(write, invoice, company),
        *([write(invoice.subject, "Heading4")] if invoice.subject else []),
        _lines(write, invoice),
        Spacer(1, 4 * mm),
        _totals(invoice),
    ]
    if invoice.terms_conditions:
        story += [
            Spacer(1, 6 * mm),
            write("Terms and conditions", "Heading5"),
            write(invoice.terms_conditions),
        ]
    doc.build(story)
    return buffer.getvalue()


class _Writer:
    """Paragraphs of escaped text in one of the sample styles."""

    def __init__(self, styles: StyleSheet1) -> None:
        self.styles = styles

    def __call__(self, text: str, style: str = "Normal") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), self.styles[style])


def _letterhead(write: _Writer, invoice: Invoice, company: Company) -> list[Any]:
    company_lines = [company.name, company.address, company.email]
    if company.vat_id:
        company_lines.append(f"VAT {company.vat_id}")
    address = invoice.billing_address.lines() if invoice.billing_address else []
    # The customer first (case 14: a bill that does not name whom it bills is no bill).
    bill_to = [invoice.account_name or f"Account {invoice.account_id}", *address]
    return [
        write(company.name, "Title"),
        write("\n".join(x for x in company_lines[1:] if x)),
        Spacer(1, 8 * mm),
        write(f"Invoice {invoice.number}", "Heading2"),
        Table(
            [
                ["Invoice date", invoice.invoice_date.isoformat(), "Bill to"],
                ["Due date", invoice.due_date.isoformat(), write("\n".join(bill_to) or "-")],
                ["Terms", invoice.payment_terms, ""],
                ["Status", invoice.status, ""],
            ],
            colWidths=[30 * mm, 50 * mm, 90 * mm],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (2, 1), (2, 3))]),
        ),
        Spacer(1, 6 * mm),
    ]


def _lines(write: _Writer, invoice: Invoice) -> Table:
    cur = invoice.currency
    rows: list[list[Any]] = [["#", "Description", "Qty", "Unit price", "Discount", "Tax %", "Net"]]
    for line in invoice.lines:
        rows.append(
            [
                str(line.position),
                write(line.description),
                str(line.quantity),
                str(line.unit_price),
                format_amount(line.discount_amount, cur),
                str(line.tax_percent),
                format_amount(line.net, cur),
            ]
        )
    table = Table(rows, colWidths=LINE_COLUMNS, repeatRows=1)
    table.setStyle(LINES_STYLE)
    return table


def _totals(invoice: Invoice) -> Table:
    t, cur = invoice.totals, invoice.currency
    rows = [
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
    return Table(rows, colWidths=[40 * mm, 30 * mm], hAlign="RIGHT", style=TOTALS_STYLE)
