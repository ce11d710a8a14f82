"""Billing's own errors; the common ones (InvalidFields, RecordNotFound, VersionMismatch)
are the chassis's (:mod:`crm_chassis.errors`), and a refused status change is the chassis's
``crm_chassis.states.InvalidTransition`` (each aggregate declares its machine)."""

from __future__ import annotations

from crm_chassis.errors import Conflict


class InvoiceIssued(Conflict):
    """An issued invoice is immutable; corrections are credit notes (409)."""

    def __init__(self, number: str, status: str) -> None:
        super().__init__(
            f"Invoice {number} is issued (status '{status}') and cannot be edited; "
            "issue a credit note to correct it.",
            extra={"current_status": status},
        )


class ClientReferenceReused(Conflict):
    """A client reference names another payment than the one described (409)."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            f"client_reference '{reference}' was used for a different payment.",
            extra={"client_reference": reference},
        )


class ClientReferenceTaken(Conflict):
    """A concurrent request stored a payment with this client reference first.

    The payment use case answers it by looking again (the first payment is the answer).
    """

    def __init__(self, reference: str) -> None:
        super().__init__(f"client_reference '{reference}' was just used; try again.")
