"""Sharing: per-module defaults and rules that share one owner set's records with another."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_chassis.errors import invalid
from crm_chassis.fields import Checker
from crm_identity.domain.modules import (
    OWNED,
    RULE_ACCESS,
    RULE_KINDS,
    SHARED_SETTING,
    SHARING_DEFAULTS,
)
from crm_identity.domain.versions import Versioned

PRIVATE = "private"


def _owned(check: Checker, module: str) -> None:
    if module not in OWNED:
        check.add("module", f"must be a module with record owners: {list(OWNED)}")


def default_targets(module: str, value: str) -> tuple[str, ...]:
    """Return the modules a sharing default for ``module`` sets (accounts+contacts: both)."""
    check = Checker()
    _owned(check, module)
    if value not in SHARING_DEFAULTS:
        check.add("access", f"must be one of {list(SHARING_DEFAULTS)}")
    check.raise_if_any()
    return SHARED_SETTING.get(module, (module,))


def validate_rule(module: str, source_kind: str, target_kind: str, access: str) -> None:
    check = Checker()
    _owned(check, module)
    check.pick("source_kind", source_kind, RULE_KINDS)
    check.pick("target_kind", target_kind, RULE_KINDS)
    check.pick("access", access, RULE_ACCESS)
    check.raise_if_any()


@dataclass(frozen=True)
class SharingRuleFields:
    """What creating or changing a sharing rule sets (a change: only the names sent)."""

    module: str | None = None
    source_kind: str | None = None
    source_id: UUID | None = None
    target_kind: str | None = None
    target_id: UUID | None = None
    access: str | None = None


@dataclass
class SharingRule(Versioned):
    id: UUID
    module: str
    source_kind: str
    source_id: UUID
    target_kind: str
    target_id: UUID
    access: str
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def create(cls, rule_id: UUID, given: SharingRuleFields, now: datetime) -> SharingRule:
        """A new rule (whether its source and target exist is the store's to say)."""
        access = given.access or "read"
        validate_rule(given.module or "", given.source_kind or "", given.target_kind or "", access)
        if given.source_id is None or given.target_id is None:
            raise invalid("source_id" if given.source_id is None else "target_id", "is required")
        return cls(
            rule_id,
            given.module or "",
            given.source_kind or "",
            given.source_id,
            given.target_kind or "",
            given.target_id,
            access,
            now,
            now,
        )

    def change(self, given: SharingRuleFields, sent: Collection[str]) -> None:
        """Apply the sent fields (none may be null)."""
        check = Checker()
        for key in sorted(sent):
            if getattr(given, key) is None:
                check.add(key, "must not be null")
        check.raise_if_any()
        for key in sent:
            setattr(self, key, getattr(given, key))
        validate_rule(self.module, self.source_kind, self.target_kind, self.access)

    def state(self) -> dict[str, object]:
        """What the audit log shows of a sharing rule."""
        return {
            "module": self.module,
            "source_kind": self.source_kind,
            "source_id": str(self.source_id),
            "target_kind": self.target_kind,
            "target_id": str(self.target_id),
            "access": self.access,
        }
