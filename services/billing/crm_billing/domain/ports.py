"""What billing needs from the outside world, as protocols adapters implement.

Bootstrap chooses the implementations (``adapters/pdf.py`` prints invoices).
"""

from __future__ import annotations

from typing import Protocol

from crm_billing.domain.invoices import Invoice


class InvoicePrinter(Protocol):
    """Renders the printable document of an invoice."""

    media_type: str

    def render(self, invoice: Invoice) -> bytes:
        """The invoice as a document (identical input gives identical bytes)."""
        ...
