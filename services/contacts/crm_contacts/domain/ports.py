"""What the service needs from the outside world; adapters implement these, bootstrap picks.

Repositories are reached through the unit of work (``service/unit_of_work.py``); the ports
here are the other ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, BinaryIO, Protocol, TextIO
from uuid import UUID

from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.imports import ImportJob
from crm_contacts.domain.overview import Answer, Remote
from crm_contacts.domain.owners import Owner


class RemoteReader(Protocol):
    """Reads one list of another service for the 360 view (never raises: a part's status
    says what went wrong)."""

    def read(
        self,
        remote: Remote,
        methods: Sequence[str],
        request: Mapping[str, Any],
        *,
        token: str,
        timeout: float,
    ) -> Answer: ...


class ImportStore(Protocol):
    """The database side of imports that runs outside a batch's unit of work: job rows in
    their own short transactions (progress is visible meanwhile), stored uploads, claims of
    queued jobs, and set-at-a-time lookups. ``condition`` is a record-scope filter as the
    access policy builds it for ``table_of(entity)``."""

    lease: timedelta

    def start_job(self, job: ImportJob) -> None: ...

    def save_job(self, job: ImportJob) -> None: ...

    def queue_job(self, job: ImportJob, upload: BinaryIO) -> None: ...

    def open_upload(self, job_id: UUID) -> TextIO: ...

    def claim_job(self, worker: str, max_attempts: int) -> ImportJob | None: ...

    def owner(self, owner_id: UUID) -> Owner | None: ...

    def table_of(self, entity: str) -> Any: ...

    def account_ids_by_code(self, codes: list[str], condition: Any = None) -> dict[str, UUID]: ...

    def visible_ids(self, entity: str, ids: set[UUID], condition: Any) -> set[UUID]: ...

    def find_duplicates(
        self, entity: str, records: Sequence[Account | Contact]
    ) -> dict[UUID, Account | Contact]: ...

    def analyze(self, entity: str) -> None: ...
