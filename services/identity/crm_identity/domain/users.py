"""The User aggregate: who may sign in, with which roles, and the events its changes record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crm_chassis.errors import PreconditionFailed
from crm_identity.domain.errors import InvalidField
from crm_identity.domain.events import (
    DomainEvent,
    UserCreated,
    UserDeactivated,
    UserSnapshot,
    UserUpdated,
)
from crm_identity.domain.roles import CATALOG, USER, RoleCatalog

# Deliberately loose: one @, something on each side, a dot in the domain, no spaces. The only
# real check of an address is a mail that arrives.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

EDITABLE = ("email", "display_name", "roles", "active", "locale", "time_zone")


def normalize_email(email: str) -> str:
    """Return the key under which an email is unique (case-insensitive)."""
    return email.strip().casefold()


def validate_email(email: str) -> str:
    email = email.strip()
    if len(email) > 320 or not _EMAIL.match(email):
        raise InvalidField("email", "is not a valid email address")
    return email


def validate_display_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidField("display_name", "must not be blank")
    if len(name) > 200:
        raise InvalidField("display_name", "must be at most 200 characters long")
    return name


def validate_roles(roles: Any, catalog: RoleCatalog = CATALOG) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(roles))  # de-duplicated, order kept
    if not names:
        raise InvalidField("roles", "at least one role is required")
    unknown = [r for r in names if not catalog.is_known(r)]
    if unknown:
        raise InvalidField("roles", f"unknown role(s) {unknown}; known: {catalog.names()}")
    return names


def validate_locale(locale: str) -> str:
    if not _LOCALE.match(locale):
        raise InvalidField("locale", "must be a language tag such as 'en' or 'de-CH'")
    return locale.replace("_", "-")


def validate_time_zone(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidField(
            "time_zone", "must be an IANA time zone such as 'Europe/Berlin'"
        ) from None
    return tz


_VALIDATORS = {
    "email": validate_email,
    "display_name": validate_display_name,
    "roles": validate_roles,
    "active": bool,
    "locale": validate_locale,
    "time_zone": validate_time_zone,
}


@dataclass
class User:
    id: UUID
    email: str
    display_name: str
    password_hash: str
    roles: tuple[str, ...]
    active: bool
    locale: str
    time_zone: str
    created_at: datetime
    updated_at: datetime
    version: int = 1
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        email: str,
        display_name: str,
        password_hash: str,
        now: datetime,
        roles: tuple[str, ...] = (USER,),
        locale: str = "en",
        time_zone: str = "UTC",
    ) -> User:
        """Create a user (the password already checked and hashed) and record UserCreated."""
        user = cls(
            id=id,
            email=validate_email(email),
            display_name=validate_display_name(display_name),
            password_hash=password_hash,
            roles=validate_roles(roles),
            active=True,
            locale=validate_locale(locale),
            time_zone=validate_time_zone(time_zone),
            created_at=now,
            updated_at=now,
        )
        user.events.append(UserCreated(user.snapshot()))
        return user

    @property
    def email_key(self) -> str:
        return normalize_email(self.email)

    def snapshot(self) -> UserSnapshot:
        names = {f.name for f in fields(UserSnapshot)}
        return UserSnapshot(**{k: v for k, v in vars(self).items() if k in names})

    def check_version(self, expected: int | None) -> None:
        """Refuse a change made against a version that is no longer current (412)."""
        if expected is not None and expected != self.version:
            raise PreconditionFailed(
                f"The user changed meanwhile (version {self.version}, If-Match {expected})."
            )

    def change(
        self, changes: dict[str, Any], *, now: datetime, actor: str | None = None
    ) -> tuple[str, ...]:
        """Apply a partial update; record UserUpdated (and UserDeactivated); return the fields."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InvalidField(sorted(unknown)[0], "cannot be changed")
        changed: list[str] = []
        for name in EDITABLE:
            if name not in changes:
                continue
            if changes[name] is None:
                raise InvalidField(name, "must not be null")
            value = _VALIDATORS[name](changes[name])
            if value != getattr(self, name):
                setattr(self, name, value)
                changed.append(name)
        if changed:
            self._touch(now)
            self.events.append(UserUpdated(self.snapshot(), tuple(changed)))
            if "active" in changed and not self.active:
                self.events.append(UserDeactivated(self.snapshot(), now, actor))
        return tuple(changed)

    def set_password_hash(self, password_hash: str, *, now: datetime, touch: bool = True) -> None:
        """Replace the password hash (no event: the hash is never shared).

        A rehash with new cost parameters at sign-in is not a change anyone made, so it
        leaves the version (and the ETag clients hold) alone: ``touch=False``.
        """
        self.password_hash = password_hash
        if touch:
            self._touch(now)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def pull_events(self) -> list[DomainEvent]:
        events, self.events = self.events, []
        return events
