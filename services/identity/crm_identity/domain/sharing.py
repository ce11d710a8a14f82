"""Sharing: per-module defaults and rules that share one owner set's records with another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import PreconditionFailed
from crm_identity.domain.errors import InvalidField
from crm_identity.domain.modules import (
    OWNED,
    RULE_ACCESS,
    RULE_KINDS,
    SHARED_SETTING,
    SHARING_DEFAULTS,
)


def default_targets(module: str, value: str) -> tuple[str, ...]:
    """Return the modules a sharing default for ``module`` sets (accounts+contacts: both)."""
    if module not in OWNED:
        raise InvalidField("module", f"must be a module with record owners: {list(OWNED)}")
    if value not in SHARING_DEFAULTS:
        raise InvalidField("access", f"must be one of {list(SHARING_DEFAULTS)}")
    return SHARED_SETTING.get(module, (module,))


def validate_rule(module: str, source_kind: str, target_kind: str, access: str) -> None:
    if module not in OWNED:
        raise InvalidField("module", f"must be a module with record owners: {list(OWNED)}")
    if source_kind not in RULE_KINDS:
        raise InvalidField("source_kind", f"must be one of {list(RULE_KINDS)}")
    if target_kind not in RULE_KINDS:
        raise InvalidField("target_kind", f"must be one of {list(RULE_KINDS)}")
    if access not in RULE_ACCESS:
        raise InvalidField("access", f"must be one of {list(RULE_ACCESS)}")


@dataclass
class SharingRule:
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

    def check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise PreconditionFailed("The sharing rule changed meanwhile; reload and retry.")

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def state(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "source_kind": self.source_kind,
            "source_id": str(self.source_id),
            "target_kind": self.target_kind,
            "target_id": str(self.target_id),
            "access": self.access,
        }
