"""What callers ask identity to do: frozen dataclasses named in the imperative.

Each subclasses ``Command[R]``, ``R`` being what carrying it out returns; the use case of
each is the function of ``service/`` whose first parameter it is. A change (PATCH) names
the fields the client sent (``sent``), so "not sent" and "set to null" differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.usecases import Command
from crm_identity.domain.groups import Group, GroupFields
from crm_identity.domain.profiles import Profile, ProfileFields
from crm_identity.domain.roles import Role, RoleFields
from crm_identity.domain.service_accounts import ServiceAccount
from crm_identity.domain.sharing import SharingRule, SharingRuleFields
from crm_identity.domain.tokens import IssuedTokens
from crm_identity.domain.users import User, UserFields

# -- users ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterUser(Command[User]):
    email: str
    display_name: str
    password: str
    roles: tuple[str, ...] | None = None
    is_admin: bool | None = None
    role_id: UUID | None = None
    kind: str = "user"
    account_id: UUID | None = None
    contact_id: UUID | None = None
    locale: str = "en"
    time_zone: str = "UTC"
    currency: str = "EUR"


@dataclass(frozen=True)
class ChangeUser(Command[User]):
    """Change a user; ``password`` None leaves it; ``active=False`` deactivates."""

    user_id: UUID
    fields: UserFields = field(default_factory=UserFields)
    sent: frozenset[str] = frozenset()
    password: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class DeactivateUser(Command[User]):
    user_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class EnsureFirstAdmin(Command[bool]):
    """Create the operator-configured administrator unless any administrator exists."""

    email: str | None
    password: str | None


# -- service accounts and tokens -------------------------------------------------------------


@dataclass(frozen=True)
class CreateServiceAccount(Command[tuple[ServiceAccount, str]]):
    """Create a client-credentials client; the result holds its secret, once."""

    name: str
    scopes: tuple[str, ...] = ()
    client_id: str | None = None
    secret: str | None = None


@dataclass(frozen=True)
class SyncSystemAccounts(Command[list[str]]):
    """Keep an ``svc-<service>`` account with this secret for each of the suite's services."""

    secrets: Mapping[str, str]


@dataclass(frozen=True)
class GrantTokens(Command[IssuedTokens]):
    """An RFC 6749 token request: grant_type password, refresh_token or client_credentials."""

    grant_type: str | None = None
    username: str | None = None
    password: str | None = None
    refresh_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scope: str | None = None
    client_ip: str | None = None


@dataclass(frozen=True)
class RevokeToken(Command[None]):
    """RFC 7009: end a refresh token's family, or (when the API verified ``token`` as one of
    our access tokens) that access token; unknown tokens are ignored."""

    token: str
    # Set when ``token`` is a valid access token: its jti, subject and expiry (Unix seconds).
    access_token_id: str | None = None
    access_subject: str | None = None
    access_expires_at: int | None = None


@dataclass(frozen=True)
class EnsureSigningKey(Command[str]):
    """Create a signing key if there is none (first start)."""


@dataclass(frozen=True)
class RotateSigningKey(Command[str]):
    """Sign with a new key; old keys stay published until their tokens expired."""


# -- the access model ------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedAccessModel(Command[bool]):
    """Seed the default roles, profiles and sharing on first start; publish the policy."""


@dataclass(frozen=True)
class CreateRole(Command[Role]):
    fields: RoleFields


@dataclass(frozen=True)
class ChangeRole(Command[Role]):
    role_id: UUID
    fields: RoleFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteRole(Command[None]):
    role_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class CreateProfile(Command[Profile]):
    fields: ProfileFields


@dataclass(frozen=True)
class ChangeProfile(Command[Profile]):
    profile_id: UUID
    fields: ProfileFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteProfile(Command[None]):
    profile_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class CreateGroup(Command[Group]):
    fields: GroupFields


@dataclass(frozen=True)
class ChangeGroup(Command[Group]):
    group_id: UUID
    fields: GroupFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteGroup(Command[None]):
    group_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class SetSharingDefault(Command[dict[str, str]]):
    """Set one module's default sharing (accounts and contacts move together)."""

    module: str
    access: str


@dataclass(frozen=True)
class CreateSharingRule(Command[SharingRule]):
    fields: SharingRuleFields


@dataclass(frozen=True)
class ChangeSharingRule(Command[SharingRule]):
    rule_id: UUID
    fields: SharingRuleFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteSharingRule(Command[None]):
    rule_id: UUID
    expected_version: int | None = None
