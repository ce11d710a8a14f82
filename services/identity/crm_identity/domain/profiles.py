"""Profiles: per module the actions granted, per field the mode; view-all / edit-all flags."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_chassis.fields import Checker
from crm_identity.domain import names
from crm_identity.domain.modules import ACTIONS, FIELD_MODES, MODULES
from crm_identity.domain.versions import Versioned

WILDCARD = "*"
ModuleActions = Mapping[str, Iterable[str]]
FieldModes = Mapping[str, Mapping[str, str]]


def validate_modules(
    modules: ModuleActions, check: Checker | None = None
) -> dict[str, tuple[str, ...]]:
    """Return ``module -> actions`` in canonical order; 422 naming each bad entry.

    With ``check`` the errors are collected there instead of raised.
    """
    errors = check or Checker()
    out: dict[str, tuple[str, ...]] = {}
    for module, actions in modules.items():
        if module not in MODULES:
            errors.add(f"modules.{module}", f"unknown module; known: {list(MODULES)}")
            continue
        wanted = set(actions)
        unknown = sorted(wanted - set(ACTIONS))
        if unknown:
            errors.add(f"modules.{module}", f"unknown action(s) {unknown}")
        elif wanted:
            out[module] = tuple(a for a in ACTIONS if a in wanted)
    if check is None:
        errors.raise_if_any()
    return out


def validate_fields(fields: FieldModes, check: Checker | None = None) -> dict[str, dict[str, str]]:
    """Return ``module -> field -> mode`` keeping only what restricts (editable is default)."""
    errors = check or Checker()
    out: dict[str, dict[str, str]] = {}
    for module, modes in fields.items():
        if module not in MODULES:
            errors.add(f"fields.{module}", "unknown module")
            continue
        for name, mode in modes.items():
            if not name or len(name) > 100:
                errors.add(f"fields.{module}", "field names are 1 to 100 characters")
            elif mode not in FIELD_MODES:
                errors.add(f"fields.{module}.{name}", f"must be one of {FIELD_MODES}")
        kept = {n: m for n, m in modes.items() if m != "editable"}
        if kept:
            out[module] = dict(sorted(kept.items()))
    if check is None:
        errors.raise_if_any()
    return out


@dataclass(frozen=True)
class ProfileFields:
    """What creating or changing a profile sets (a change: only the names sent)."""

    name: str | None = None
    description: str | None = None
    view_all: bool | None = None
    edit_all: bool | None = None
    modules: ModuleActions | None = None
    fields: FieldModes | None = None


@dataclass
class Profile(Versioned):
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

    @classmethod
    def create(cls, profile_id: UUID, given: ProfileFields, now: datetime) -> Profile:
        check = Checker()
        profile = cls(
            id=profile_id,
            name=names.name(check, given.name),
            description=names.description(check, given.description),
            view_all=bool(given.view_all),
            edit_all=bool(given.edit_all),
            modules=validate_modules(given.modules or {}, check),
            fields=validate_fields(given.fields or {}, check),
            created_at=now,
            updated_at=now,
        )
        check.raise_if_any()
        return profile

    def change(self, given: ProfileFields, sent: Collection[str]) -> None:
        """Apply the sent fields; modules and fields replace wholesale; only the description
        may be null."""
        check = Checker()
        for key in sorted(sent):
            if getattr(given, key) is None and key != "description":
                check.add(key, "must not be null")
        check.raise_if_any()
        if "name" in sent:
            self.name = names.name(check, given.name)
        if "description" in sent:
            self.description = names.description(check, given.description)
        if "view_all" in sent:
            self.view_all = bool(given.view_all)
        if "edit_all" in sent:
            self.edit_all = bool(given.edit_all)
        if "modules" in sent:
            self.modules = validate_modules(given.modules or {}, check)
        if "fields" in sent:
            self.fields = validate_fields(given.fields or {}, check)
        check.raise_if_any()

    def state(self) -> dict[str, object]:
        """What the audit log shows of a profile."""
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
