"""The User aggregate: who may sign in, with which role, and the events its changes record."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crm_chassis.errors import invalid
from crm_chassis.fields import Checker
from crm_identity.domain.events import (
    DomainEvent,
    UserCreated,
    UserDeactivated,
    UserSnapshot,
    UserUpdated,
)
from crm_identity.domain.roles import ADMIN, LEGACY_ROLES, USER
from crm_identity.domain.versions import Versioned

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
# What a new user is registered with, checked in this order.
REGISTERED = (
    "email",
    "display_name",
    "role_id",
    "locale",
    "time_zone",
    "currency",
    "account_id",
    "contact_id",
)
NULLABLE = frozenset({"role_id", "account_id", "contact_id"})
# Changes to these alter the access policy every service decides with.
POLICY_FIELDS = frozenset({"is_admin", "role_id", "active", "kind"})
KINDS = ("user", "portal")


def normalize_email(email: str) -> str:
    """Return the key under which an email is unique (case-insensitive)."""
    return email.strip().casefold()


def legacy_is_admin(check: Checker, roles: Iterable[str]) -> bool:
    """Read the legacy ``roles`` list (``["admin"]`` or ``["user"]``) as the admin flag."""
    names = tuple(dict.fromkeys(roles))  # de-duplicated, order kept
    unknown = [r for r in names if r not in LEGACY_ROLES]
    if not names:
        check.add("roles", "at least one role is required")
    elif unknown:
        check.add("roles", f"unknown role(s) {unknown}; known: {list(LEGACY_ROLES)}")
    return ADMIN in names


def _locale(check: Checker, value: object) -> str | None:
    if not isinstance(value, str) or not _LOCALE.match(value):
        check.add("locale", "must be a language tag such as 'en' or 'de-CH'")
        return None
    return value.replace("_", "-")


def _time_zone(check: Checker, value: object) -> str | None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        check.add("time_zone", "must be an IANA time zone such as 'Europe/Berlin'")
        return None
    return str(value)


def _clean(check: Checker, name: str, value: object) -> object:
    """One field's value validated and normalised (None when invalid: the error is in check).

    Deliberately loose on e-mail addresses: the only real check is a mail that arrives.
    """
    if name == "email":
        return check.email(name, check.text(name, value, required=True, max_length=320))
    if name == "display_name":
        return check.text(name, value, required=True, max_length=200)
    if name == "locale":
        return _locale(check, value)
    if name == "time_zone":
        return _time_zone(check, value)
    if name == "currency":
        return check.currency(name, value, required=True)
    if name in NULLABLE:
        return check.uuid(name, value)
    return bool(value)


@dataclass(frozen=True)
class UserFields:
    """What an administrator may change of a user; ``roles`` is the legacy ``is_admin``."""

    email: str | None = None
    display_name: str | None = None
    roles: tuple[str, ...] | None = None
    is_admin: bool | None = None
    role_id: UUID | None = None
    active: bool | None = None
    locale: str | None = None
    time_zone: str | None = None
    currency: str | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None

    def checked(self, check: Checker, names: Iterable[str]) -> UserFields:
        """These fields with ``names`` validated and normalised (errors go to ``check``)."""
        return replace(self, **{name: _clean(check, name, getattr(self, name)) for name in names})


@dataclass
class User(Versioned):
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
        check = Checker()
        admin_by_roles = legacy_is_admin(check, roles if roles is not None else (USER,))
        check.pick("kind", kind, KINDS)
        given = UserFields(
            email=email,
            display_name=display_name,
            role_id=role_id,
            locale=locale,
            time_zone=time_zone,
            currency=currency,
            account_id=account_id,
            contact_id=contact_id,
        ).checked(check, REGISTERED)
        check.raise_if_any()
        user = cls(
            id=id,
            email=given.email or "",
            display_name=given.display_name or "",
            password_hash=password_hash,
            is_admin=admin_by_roles if is_admin is None else bool(is_admin),
            role_id=given.role_id,
            active=True,
            locale=given.locale or "",
            time_zone=given.time_zone or "",
            currency=given.currency or "",
            created_at=now,
            updated_at=now,
            kind=kind,
            account_id=given.account_id,
            contact_id=given.contact_id,
        )
        user._check_kind()
        user.events.append(UserCreated(user=user.snapshot()))
        return user

    def _check_kind(self) -> None:
        if self.kind == "portal":
            if self.is_admin:
                raise invalid("is_admin", "a portal user cannot be an administrator")
            if self.account_id is None:
                raise invalid("account_id", "a portal user belongs to an account")
            if self.contact_id is None:
                raise invalid("contact_id", "a portal user is one of the account's contacts")
            self.role_id = None
        elif self.account_id is not None or self.contact_id is not None:
            field_name = "account_id" if self.account_id is not None else "contact_id"
            raise invalid(field_name, "only portal users belong to an account")

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

    def change(
        self,
        given: UserFields,
        sent: Collection[str],
        *,
        now: datetime,
        actor: str | None = None,
    ) -> tuple[str, ...]:
        """Apply the sent fields; record UserUpdated (and UserDeactivated); return the changed."""
        check = Checker()
        if "roles" in sent:
            # The legacy field maps onto the flag; an explicit is_admin wins.
            if given.roles is None:
                check.add("roles", "must not be null")
            else:
                by_roles = legacy_is_admin(check, given.roles)
                if "is_admin" not in sent:
                    given, sent = replace(given, is_admin=by_roles), {*sent, "is_admin"}
        names = [n for n in EDITABLE if n in sent]
        nulls = [n for n in names if getattr(given, n) is None and n not in NULLABLE]
        for name in nulls:
            check.add(name, "must not be null")
        clean = given.checked(check, [n for n in names if n not in nulls])
        check.raise_if_any()
        changed = [n for n in names if getattr(clean, n) != getattr(self, n)]
        for name in changed:
            setattr(self, name, getattr(clean, name))
        if self.kind == "user" and self.role_id is None and "role_id" in changed:
            raise invalid("role_id", "a user has exactly one role")
        self._check_kind()
        if changed:
            self.touch(now)
            self.events.append(UserUpdated(user=self.snapshot(), changed_fields=tuple(changed)))
            if "active" in changed and not self.active:
                self.events.append(
                    UserDeactivated(user=self.snapshot(), deactivated_at=now, deactivated_by=actor)
                )
        return tuple(changed)

    def set_password_hash(self, password_hash: str, *, now: datetime, touch: bool = True) -> None:
        """Replace the password hash (no event: the hash is never shared).

        A rehash with new cost parameters at sign-in is not a change anyone made, so it
        leaves the version (and the ETag clients hold) alone: ``touch=False``.
        """
        self.password_hash = password_hash
        if touch:
            self.touch(now)

    def pull_events(self) -> list[DomainEvent]:
        events, self.events = self.events, []
        return events
