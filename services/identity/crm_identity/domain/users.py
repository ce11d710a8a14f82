"""The User aggregate: who may sign in, with which roles, and the events its changes record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
from crm_identity.domain.roles import ADMIN, LEGACY_ROLES, USER

# Deliberately loose: one @, something on each side, a dot in the domain, no spaces. The only
# real check of an address is a mail that arrives.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

EDITABLE = (
    "email",
    "display_name",
    "is_admin",
    "role_id",
    "active",
    "locale",
    "time_zone",
    "currency",
    "account_id",
    "contact_id",
)
# Changes to these alter the access policy every service decides with.
POLICY_FIELDS = frozenset({"is_admin", "role_id", "active", "kind"})
KINDS = ("user", "portal")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


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


def validate_roles(roles: Any) -> tuple[str, ...]:
    """Validate the legacy ``roles`` list (``["admin"]`` or ``["user"]``)."""
    names = tuple(dict.fromkeys(roles))  # de-duplicated, order kept
    if not names:
        raise InvalidField("roles", "at least one role is required")
    unknown = [r for r in names if r not in LEGACY_ROLES]
    if unknown:
        raise InvalidField("roles", f"unknown role(s) {unknown}; known: {list(LEGACY_ROLES)}")
    return names


def validate_currency(code: str) -> str:
    code = code.strip().upper()
    if not _CURRENCY.match(code):
        raise InvalidField("currency", "must be an ISO 4217 code such as 'EUR'")
    return code


def _uuid_or_none(name: str) -> Any:
    def check(value: Any) -> UUID | None:
        if value is None or isinstance(value, UUID):
            return value
        try:
            return UUID(str(value))
        except ValueError:
            raise InvalidField(name, "must be a UUID") from None

    return check


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
    "is_admin": bool,
    "role_id": _uuid_or_none("role_id"),
    "active": bool,
    "locale": validate_locale,
    "time_zone": validate_time_zone,
    "currency": validate_currency,
    "account_id": _uuid_or_none("account_id"),
    "contact_id": _uuid_or_none("contact_id"),
}


@dataclass
class User:
    id: UUID
    email: str
    display_name: str
    password_hash: str
    is_admin: bool
    role_id: UUID | None
    active: bool
    locale: str
    time_zone: str
    created_at: datetime
    updated_at: datetime
    version: int = 1
    kind: str = "user"
    currency: str = "EUR"
    account_id: UUID | None = None
    contact_id: UUID | None = None
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
        roles: tuple[str, ...] | None = None,
        is_admin: bool | None = None,
        role_id: UUID | None = None,
        kind: str = "user",
        account_id: UUID | None = None,
        contact_id: UUID | None = None,
        locale: str = "en",
        time_zone: str = "UTC",
        currency: str = "EUR",
    ) -> User:
        """Create a user (the password already checked and hashed) and record UserCreated.

        ``roles`` is the legacy spelling of ``is_admin`` (``["admin"]``); an explicit
        ``is_admin`` wins.
        """
        if is_admin is None:
            is_admin = ADMIN in validate_roles(roles if roles is not None else (USER,))
        elif roles is not None:
            validate_roles(roles)
        if kind not in KINDS:
            raise InvalidField("kind", f"must be one of {list(KINDS)}")
        user = cls(
            id=id,
            email=validate_email(email),
            display_name=validate_display_name(display_name),
            password_hash=password_hash,
            is_admin=bool(is_admin),
            role_id=_uuid_or_none("role_id")(role_id),
            active=True,
            locale=validate_locale(locale),
            time_zone=validate_time_zone(time_zone),
            currency=validate_currency(currency),
            created_at=now,
            updated_at=now,
            kind=kind,
            account_id=_uuid_or_none("account_id")(account_id),
            contact_id=_uuid_or_none("contact_id")(contact_id),
        )
        user._check_kind()
        user.events.append(UserCreated(user.snapshot()))
        return user

    def _check_kind(self) -> None:
        if self.kind == "portal":
            if self.is_admin:
                raise InvalidField("is_admin", "a portal user cannot be an administrator")
            if self.account_id is None:
                raise InvalidField("account_id", "a portal user belongs to an account")
            if self.contact_id is None:
                raise InvalidField("contact_id", "a portal user is one of the account's contacts")
            self.role_id = None
        elif self.account_id is not None or self.contact_id is not None:
            field_name = "account_id" if self.account_id is not None else "contact_id"
            raise InvalidField(field_name, "only portal users belong to an account")

    @property
    def roles(self) -> tuple[str, ...]:
        """The legacy role names: ``("admin",)`` for administrators, else ``("user",)``."""
        return (ADMIN,) if self.is_admin else (USER,)

    @property
    def email_key(self) -> str:
        return normalize_email(self.email)

    def snapshot(self) -> UserSnapshot:
        return UserSnapshot(
            id=self.id,
            email=self.email,
            display_name=self.display_name,
            roles=self.roles,
            active=self.active,
            locale=self.locale,
            time_zone=self.time_zone,
            created_at=self.created_at,
            updated_at=self.updated_at,
            version=self.version,
            role_id=self.role_id,
            is_admin=self.is_admin,
            kind=self.kind,
        )

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
        changes = dict(changes)
        if "roles" in changes:
            # The legacy field maps onto the flag; an explicit is_admin wins.
            legacy = changes.pop("roles")
            if legacy is None:
                raise InvalidField("roles", "must not be null")
            changes.setdefault("is_admin", ADMIN in validate_roles(legacy))
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InvalidField(sorted(unknown)[0], "cannot be changed")
        changed: list[str] = []
        nullable = {"role_id", "account_id", "contact_id"}
        for name in EDITABLE:
            if name not in changes:
                continue
            if changes[name] is None and name not in nullable:
                raise InvalidField(name, "must not be null")
            value = _VALIDATORS[name](changes[name])
            if value != getattr(self, name):
                setattr(self, name, value)
                changed.append(name)
        if self.kind == "user" and self.role_id is None and "role_id" in changed:
            raise InvalidField("role_id", "a user has exactly one role")
        self._check_kind()
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
