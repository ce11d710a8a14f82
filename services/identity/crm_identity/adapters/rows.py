"""Rows <-> aggregates: how identity's records are stored in its tables."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_identity.domain.groups import Group
from crm_identity.domain.profiles import Profile
from crm_identity.domain.roles import Role
from crm_identity.domain.service_accounts import ServiceAccount
from crm_identity.domain.sharing import SharingRule
from crm_identity.domain.tokens import RefreshToken
from crm_identity.domain.users import User


def user_from_row(row: Any) -> User:
    return User(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        password_hash=row.password_hash,
        is_admin=bool(row.is_admin),
        role_id=row.role_id,
        kind=row.kind,
        currency=row.currency,
        account_id=row.account_id,
        contact_id=row.contact_id,
        active=row.active,
        locale=row.locale,
        time_zone=row.time_zone,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def user_values(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "email_key": user.email_key,
        "display_name": user.display_name,
        "display_name_key": user.display_name.casefold(),
        "password_hash": user.password_hash,
        "roles": list(user.roles),
        "is_admin": user.is_admin,
        "role_id": user.role_id,
        "kind": user.kind,
        "currency": user.currency,
        "account_id": user.account_id,
        "contact_id": user.contact_id,
        "active": user.active,
        "locale": user.locale,
        "time_zone": user.time_zone,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
        "version": user.version,
    }


def account_from_row(row: Any) -> ServiceAccount:
    return ServiceAccount(
        id=row.id,
        client_id=row.client_id,
        name=row.name,
        secret_hash=row.secret_hash,
        scopes=tuple(row.scopes),
        active=row.active,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def refresh_token_from_row(row: Any) -> RefreshToken:
    return RefreshToken(
        id=row.id,
        family_id=row.family_id,
        user_id=row.user_id,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        consumed_at=row.consumed_at,
        revoked_at=row.revoked_at,
    )


def uuids(values: Any) -> tuple[UUID, ...]:
    return tuple(UUID(str(v)) for v in values or ())


def strs(values: Any) -> list[str]:
    return [str(v) for v in values]


def role_from_row(row: Any) -> Role:
    return Role(
        id=row.id,
        name=row.name,
        parent_id=row.parent_id,
        profile_ids=uuids(row.profile_ids),
        description=row.description,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def profile_from_row(row: Any) -> Profile:
    return Profile(
        id=row.id,
        name=row.name,
        description=row.description,
        view_all=bool(row.view_all),
        edit_all=bool(row.edit_all),
        modules={m: tuple(a) for m, a in (row.modules or {}).items()},
        fields={m: dict(f) for m, f in (row.fields or {}).items()},
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def group_from_row(row: Any) -> Group:
    return Group(
        id=row.id,
        name=row.name,
        description=row.description,
        user_ids=uuids(row.user_ids),
        role_ids=uuids(row.role_ids),
        role_and_subordinate_ids=uuids(row.role_and_subordinate_ids),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def rule_from_row(row: Any) -> SharingRule:
    return SharingRule(
        id=row.id,
        module=row.module,
        source_kind=row.source_kind,
        source_id=row.source_id,
        target_kind=row.target_kind,
        target_id=row.target_id,
        access=row.access,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
