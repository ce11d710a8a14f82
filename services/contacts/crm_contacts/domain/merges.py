"""Merging duplicates field by field: one record survives, the others point to it.

The caller names, per field, the record whose value the survivor keeps (fields not named
keep the survivor's value, except empty ones, which take the first merged record's
non-empty value). Tags are united. Each merged-away record keeps its row, marked
``merged_into_id``, so its id goes on resolving to the survivor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields
from crm_contacts.domain.errors import MergeNotAllowed

# Fields whose value is the record's own identity or history: never copied.
NOT_MERGEABLE = frozenset({"customer_code", "parent_id", "reports_to_id"})


@dataclass(frozen=True)
class Merged:
    """A merge's outcome: the survivor, and how many references moved to it, by kind."""

    survivor: Any
    moved: Mapping[str, int]


def merged_fields(
    survivor: Any, others: Sequence[Any], choices: Mapping[str, UUID], editable: Sequence[str]
) -> tuple[Any, frozenset[str]]:
    """The survivor's new fields and the names that change: chosen values, gaps filled,
    tags united (an Account or Contact's ``editable()`` fields, updated)."""
    records = {survivor.id: survivor, **{o.id: o for o in others}}
    if survivor.id in {o.id for o in others}:
        raise MergeNotAllowed("a record cannot be merged into itself")
    errors = []
    for name, source in choices.items():
        if name not in editable or name in NOT_MERGEABLE or name == "tags":
            errors.append(FieldError(f"fields.{name}", "cannot be chosen"))
        elif source not in records:
            errors.append(FieldError(f"fields.{name}", "must name one of the merged records"))
    if errors:
        raise InvalidFields(errors)
    changes: dict[str, Any] = {}
    for name in editable:
        if name in NOT_MERGEABLE or name == "tags":
            continue
        if name in choices:
            value = getattr(records[choices[name]], name)
        else:
            value = getattr(survivor, name)
            if value in (None, "", False):
                value = next(
                    (getattr(o, name) for o in others if getattr(o, name) not in (None, "")),
                    value,
                )
        if value != getattr(survivor, name):
            changes[name] = value
    tags: dict[str, str] = {}
    for record in (survivor, *others):
        for tag in record.tags:
            tags.setdefault(tag.lower(), tag)
    if len(tags) != len(survivor.tags):
        changes["tags"] = tuple(tags.values())
    return replace(survivor.editable(), **changes), frozenset(changes)


def mark_merged(record: Any, survivor_id: UUID, now: datetime) -> None:
    """The merged-away record: hidden from lists, its id resolving to ``survivor_id``."""
    if record.merged_into_id is not None or record.deleted_at is not None:
        raise MergeNotAllowed(f"{record.id} is already merged or deleted")
    record.merged_into_id = survivor_id
    record.version += 1
    record.updated_at = now
