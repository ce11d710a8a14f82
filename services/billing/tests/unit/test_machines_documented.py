"""docs/domain.md shows each billing machine as the code declares it."""

from pathlib import Path

import pytest

from crm_billing.domain.credit_notes import CREDIT_NOTE_STATUS
from crm_billing.domain.invoices import INVOICE_STATUS
from crm_billing.domain.payments import PAYMENT_STATUS
from crm_billing.domain.purchase_orders import PO_STATUS

DOC = Path(__file__).resolve().parents[4] / "docs" / "domain.md"


@pytest.mark.parametrize(
    "machine", [INVOICE_STATUS, CREDIT_NOTE_STATUS, PAYMENT_STATUS, PO_STATUS], ids=lambda m: m.name
)
def test_the_domain_doc_holds_the_machine(machine):
    assert machine.as_markdown() in DOC.read_text(encoding="utf-8")
