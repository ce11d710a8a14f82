"""Request and response bodies of the identity REST API (validated, and in the OpenAPI)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from crm_chassis.http import ListQuery, Schema
from crm_chassis.pagination import DEFAULT_LIMIT, MAX_LIMIT
from crm_identity.domain.commands import ChangeUser, RegisterUser
from crm_identity.domain.service_accounts import ServiceAccount
from crm_identity.domain.users import User, UserFields
from crm_identity.service.queries import Me


def plain(data: dict[str, Any]) -> dict[str, Any]:
    """A schema's values as a command takes them: lists become tuples (commands are frozen)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}


def given(body: BaseModel) -> tuple[dict[str, Any], frozenset[str]]:
    """What a PATCH body sent: its values (as :func:`plain`) and their names."""
    data = body.model_dump(exclude_unset=True)
    return plain(data), frozenset(data)


class UserCreate(Schema):
    email: str = Field(max_length=320)
    display_name: str = Field(max_length=200)
    password: str = Field(max_length=1024)
    roles: list[str] | None = Field(
        None, max_length=20, description='Legacy: ["admin"] sets is_admin; ["user"] does not.'
    )
    is_admin: bool | None = None
    role_id: UUID | None = Field(
        None,
        description="The user's one role; default: the root role for administrators, "
        "Sales Rep otherwise. Portal users have none.",
    )
    kind: Literal["user", "portal"] = "user"
    account_id: UUID | None = Field(None, description="Portal users: their account.")
    contact_id: UUID | None = Field(None, description="Portal users: their contact.")
    locale: str = Field("en", max_length=35)
    time_zone: str = Field("UTC", max_length=64)
    currency: str = Field("EUR", max_length=3)

    def command(self) -> RegisterUser:
        return RegisterUser(**plain(self.model_dump()))


class UserPatch(Schema):
    email: str | None = Field(None, max_length=320)
    display_name: str | None = Field(None, max_length=200)
    password: str | None = Field(None, max_length=1024)
    roles: list[str] | None = Field(None, max_length=20)
    is_admin: bool | None = None
    role_id: UUID | None = None
    active: bool | None = None
    locale: str | None = Field(None, max_length=35)
    time_zone: str | None = Field(None, max_length=64)
    currency: str | None = Field(None, max_length=3)
    account_id: UUID | None = None
    contact_id: UUID | None = None

    def command(self, user_id: UUID, expected_version: int | None) -> ChangeUser:
        values, sent = given(self)
        password = values.pop("password", None)
        return ChangeUser(
            user_id,
            UserFields(**values),
            sent - {"password"},
            password=password,
            expected_version=expected_version,
        )


class UserOut(Schema):
    id: UUID
    email: str
    display_name: str
    roles: list[str]
    is_admin: bool
    role_id: UUID | None
    kind: str
    account_id: UUID | None
    contact_id: UUID | None
    active: bool
    locale: str
    time_zone: str
    currency: str
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            roles=list(user.roles),
            is_admin=user.is_admin,
            role_id=user.role_id,
            kind=user.kind,
            account_id=user.account_id,
            contact_id=user.contact_id,
            active=user.active,
            locale=user.locale,
            time_zone=user.time_zone,
            currency=user.currency,
            created_at=user.created_at,
            updated_at=user.updated_at,
            version=user.version,
        )


class UserListQuery(ListQuery):
    active: bool | None = None
    role: str | None = Field(None, max_length=64, description='"admin" or "user"')
    role_id: UUID | None = None
    kind: Literal["user", "portal"] | None = None


class TokenForm(BaseModel):
    """RFC 6749 token request. Unknown parameters are ignored, as section 3.2 requires."""

    model_config = ConfigDict(extra="ignore")

    grant_type: str | None = None
    username: str | None = None
    password: str | None = None
    refresh_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scope: str | None = None


class TokenOut(Schema):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None


class RevokeForm(BaseModel):
    """RFC 7009 revocation request; ``token_type_hint`` is accepted and not needed."""

    model_config = ConfigDict(extra="ignore")

    token: str | None = None
    token_type_hint: str | None = None


class Jwk(BaseModel):
    model_config = ConfigDict(extra="allow")

    kty: str
    kid: str
    use: str
    alg: str
    n: str
    e: str


class JwksOut(BaseModel):
    keys: list[Jwk]


class NamedRef(Schema):
    id: str
    name: str


class MeOut(Schema):
    id: str
    kind: str
    email: str | None
    display_name: str | None
    roles: list[str]
    is_admin: bool
    role: NamedRef | None
    profiles: list[NamedRef]
    permissions: list[str] = Field(
        description="module.action from the role's profiles (administrators: *)"
    )
    scopes: list[str]
    locale: str | None
    time_zone: str | None
    currency: str | None
    account_id: str | None
    contact_id: str | None

    @classmethod
    def of(cls, me: Me) -> MeOut:
        return cls(
            id=me.id,
            kind=me.kind,
            email=me.email,
            display_name=me.display_name,
            roles=list(me.roles),
            is_admin=me.is_admin,
            role=NamedRef(id=me.role.id, name=me.role.name) if me.role else None,
            profiles=[NamedRef(id=p.id, name=p.name) for p in me.profiles],
            permissions=list(me.permissions),
            scopes=list(me.scopes),
            locale=me.locale,
            time_zone=me.time_zone,
            currency=me.currency,
            account_id=me.account_id,
            contact_id=me.contact_id,
        )


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


class ServiceAccountCreate(Schema):
    name: str = Field(max_length=200)
    scopes: list[str] = Field(default_factory=list, max_length=100)


class ServiceAccountOut(Schema):
    id: UUID
    client_id: str
    name: str
    scopes: list[str]
    active: bool
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, account: ServiceAccount) -> ServiceAccountOut:
        return cls(
            id=account.id,
            client_id=account.client_id,
            name=account.name,
            scopes=list(account.scopes),
            active=account.active,
            created_at=account.created_at,
            updated_at=account.updated_at,
            version=account.version,
        )


class ServiceAccountCreated(ServiceAccountOut):
    client_secret: str = Field(description="Shown once; store it now, it cannot be read again.")
