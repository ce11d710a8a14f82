"""What accounts and contacts share: edits of the fields a client sent, soft delete and
restore, optimistic versions, and the events each of those records.

Both aggregates are dataclasses with the same lifecycle fields (``version``,
``updated_at``, ``deleted_at``, ``deleted_by``, ``purge_after``, ``merged_into_id``,
``events``); each names its editable fields, how they are cleaned, which field may not
point at the record itself, and the events it records.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch, invalid
from crm_contacts.domain.errors import NotRestorable, RecordAlreadyDeleted


class CustomerRecord:
    """The lifecycle of an account or a contact (a mixin of the two dataclasses)."""

    #: The editable fields' names, their dataclass, and the field that may not name itself.
    EDITABLE: ClassVar[tuple[str, ...]]
    FIELDS: ClassVar[type]
    SELF_REFERENCE: ClassVar[tuple[str, str]]

    id: UUID
    owner_id: UUID
    version: int
    updated_at: datetime
    deleted_at: datetime | None
    deleted_by: str | None
    purge_after: datetime | None
    merged_into_id: UUID | None
    events: list[Any]

    # -- what each aggregate says ----------------------------------------------------------

    def _clean(self, fields: Any) -> Any:
        raise NotImplementedError

    def _updated(self, changed: tuple[str, ...]) -> Any:
        raise NotImplementedError

    def _deleted(self, now: datetime, by: str) -> Any:
        raise NotImplementedError

    # -- the shared lifecycle --------------------------------------------------------------

    def _check_self_reference(self, values: Any) -> None:
        name, message = self.SELF_REFERENCE
        if getattr(values, name) == self.id:
            raise invalid(name, message)

    def update(
        self, fields: Any, sent: Iterable[str], *, now: datetime, expected_version: int | None
    ) -> tuple[str, ...]:
        """Apply the ``sent`` fields; record the update when anything changed."""
        self.expect_version(expected_version)
        sent = set(sent)
        unknown = sent - set(self.EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        given = {n: getattr(fields, n) for n in sent if n != "owner_id"}
        values = self._clean(dataclasses.replace(self.editable(), **given))
        self._check_self_reference(values)
        if "owner_id" in sent:
            values = dataclasses.replace(values, owner_id=fields.owner_id)
        changed = tuple(sorted(n for n in self.EDITABLE if getattr(self, n) != getattr(values, n)))
        if not changed:
            return changed
        self._assign(values, changed)
        self.version += 1
        self.updated_at = now
        self.events.append(self._updated(changed))
        return changed

    def editable(self) -> Any:
        """The editable fields as they are now."""
        return self.FIELDS(**{n: getattr(self, n) for n in self.EDITABLE})

    def _assign(self, values: Any, names: Iterable[str]) -> None:
        for name in names:
            setattr(self, name, getattr(values, name))

    def delete(
        self, *, now: datetime, by: str, expected_version: int | None, retention: timedelta
    ) -> None:
        """Soft-delete: hidden everywhere, restorable until ``now + retention``."""
        self.expect_version(expected_version)
        if self.deleted_at is not None:
            raise RecordAlreadyDeleted(self.id)
        # The event names the version the record had when it was deleted.
        self.events.append(self._deleted(now, by))
        self.deleted_at, self.deleted_by, self.purge_after = now, by, now + retention
        self.version += 1
        self.updated_at = now

    def clear_reference(self, name: str, now: datetime) -> None:
        """The record ``name`` points at is gone (deleted): point at nothing, say so."""
        if getattr(self, name) is None:
            return
        setattr(self, name, None)
        self.version += 1
        self.updated_at = now
        self.events.append(self._updated((name,)))

    def restore(self, *, now: datetime) -> None:
        """Bring back a soft-deleted record within its retention period."""
        if self.deleted_at is None or self.merged_into_id is not None:
            raise NotRestorable(self.id, "it is not deleted")
        if self.purge_after is not None and now > self.purge_after:
            raise NotRestorable(self.id, "its retention period has ended")
        self.deleted_at = self.deleted_by = self.purge_after = None
        self.version += 1
        self.updated_at = now
        self.events.append(self._updated(("deleted_at",)))

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def snapshot(self) -> Any:
        """A copy without recorded events (what an event carries)."""
        return dataclasses.replace(self, events=[])  # type: ignore[type-var]

    @property
    def is_live(self) -> bool:
        return self.deleted_at is None and self.merged_into_id is None
