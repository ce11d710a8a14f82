"""Profiles: per module the actions granted, per field the mode; view-all / edit-all flags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import PreconditionFailed
from crm_identity.domain.errors import InvalidField
from crm_identity.domain.modules import ACTIONS, FIELD_MODES, MODULES

WILDCARD = "*"


def validate_modules(modules: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """Return ``module -> actions`` in canonical order, or raise 422 naming the bad entry."""
    out: dict[str, tuple[str, ...]] = {}
    for module, actions in modules.items():
        if module not in MODULES:
            raise InvalidField(f"modules.{module}", f"unknown module; known: {list(MODULES)}")
        wanted = set(actions)
        unknown = sorted(wanted - set(ACTIONS))
        if unknown:
            raise InvalidField(f"modules.{module}", f"unknown action(s) {unknown}")
        if wanted:
            out[module] = tuple(a for a in ACTIONS if a in wanted)
    return out


def validate_fields(fields: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for module, modes in fields.items():
        if module not in MODULES:
            raise InvalidField(f"fields.{module}", "unknown module")
        for name, mode in modes.items():
            if not name or len(name) > 100:
                raise InvalidField(f"fields.{module}", "field names are 1 to 100 characters")
            if mode not in FIELD_MODES:
                raise InvalidField(f"fields.{module}.{name}", f"must be one of {FIELD_MODES}")
        # "editable" is the default: keep only what restricts.
        kept = {n: m for n, m in modes.items() if m != "editable"}
        if kept:
            out[module] = dict(sorted(kept.items()))
    return out


@dataclass
class Profile:
    id: UUID
    name: str
    description: str
    view_all: bool
    edit_all: bool
    modules: dict[str, tuple[str, ...]]
    fields: dict[str, dict[str, str]]
    created_at: datetime
    updated_at: datetime
    version: int = 1

    def check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise PreconditionFailed("The profile changed meanwhile; reload and retry.")

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def state(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "view_all": self.view_all,
            "edit_all": self.edit_all,
            "modules": {m: list(a) for m, a in self.modules.items()},
            "fields": self.fields,
        }


def permissions(profiles: Iterable[Profile]) -> list[str]:
    """Return the union of ``module.action`` the profiles grant (view/edit-all expanded).

    Tokens carry this list: services fall back on it for a user their policy copy does not
    know yet, and ``/me`` shows it.
    """
    perms: set[str] = set()
    for p in profiles:
        for module, actions in p.modules.items():
            perms |= {f"{module}.{a}" for a in actions}
        if p.view_all:
            perms |= {f"{m}.view" for m in MODULES}
        if p.edit_all:
            perms |= {f"{m}.{a}" for m in MODULES for a in ("create", "edit", "delete")}
    return sorted(perms)
