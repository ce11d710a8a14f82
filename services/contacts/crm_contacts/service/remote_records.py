"""Checks against other services' records, over gRPC with the caller's own token.

- A task's or call/meeting's ``related_id`` naming a lead, deal, quote, order, invoice,
  ticket or campaign must exist for the caller (422 naming ``related_id`` otherwise; 422
  naming ``related_type`` when its service has no read for it yet).
- Before an account is deleted, sales and billing say how much open business it has.

A service that does not answer is ``503``: nothing is written on a guess.
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.errors import Unavailable, invalid
from crm_chassis.logging import get_logger
from crm_contacts.domain.activities import Related
from crm_contacts.domain.overview import FORBIDDEN, NOT_AVAILABLE_YET, NOT_FOUND, OK, Answer
from crm_contacts.domain.ports import RemoteReader
from crm_contacts.domain.references import OPEN_BUSINESS_READS, REMOTE_READS, OpenBusiness
from crm_contacts.service.overview import Sources

log = get_logger(__name__)


class RemoteRecords:
    """Existence of other services' records, and an account's open business there."""

    def __init__(self, sources: Sources, reads: RemoteReader) -> None:
        self.sources = sources
        self.reads = reads

    def _read(self, service: str, method: str, request: dict[str, str]) -> Answer:
        try:
            return self.reads.read(
                self.sources.remote(service),
                (method,),
                request,
                token=context.caller_token() or "",
                timeout=self.sources.timeout,
            )
        except Exception as exc:  # noqa: BLE001 - any failure to ask is "unavailable"
            log.warning("remote.read_failed", service=service, method=method, error=repr(exc))
            raise Unavailable(f"{service} could not be asked; try again shortly.") from None

    def check_related(self, related: Related) -> None:
        """422 unless the related record of another service exists for the caller."""
        found = REMOTE_READS.get(related.type)
        if found is None:
            return
        service, method = found
        answer = self._read(service, method, {"id": str(related.id)})
        if answer.status == OK:
            return
        if answer.status in (NOT_FOUND, FORBIDDEN):
            raise invalid("related_id", f"no {related.type} with this id")
        if answer.status == NOT_AVAILABLE_YET:
            raise invalid("related_type", f"{service} holds no {related.type} records yet")
        raise Unavailable(f"{service} did not answer; the {related.type} cannot be checked.")

    def open_business(self, account_id: UUID) -> OpenBusiness:
        """What is still open for the account in sales and billing (503 if either is down)."""
        counts: dict[str, int] = {}
        for service, (method, names) in OPEN_BUSINESS_READS.items():
            answer = self._read(service, method, {"account_id": str(account_id)})
            if answer.status != OK:
                log.warning("remote.open_business", service=service, status=answer.status)
                raise Unavailable(
                    f"{service} did not say whether the account has open business "
                    f"({answer.status}); try again shortly."
                )
            counts.update({n: int(answer.response.get(n, 0) or 0) for n in names})
        return OpenBusiness.of(counts)
