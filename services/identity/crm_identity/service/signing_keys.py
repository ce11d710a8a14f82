"""Use cases of the signing keys: one on first start, rotation on demand (audited)."""

from __future__ import annotations

from crm_chassis.auth.principal import Principal
from crm_identity.domain.commands import EnsureSigningKey, RotateSigningKey
from crm_identity.domain.ports import Clock, SigningKeys
from crm_identity.service.audit import actor_of
from crm_identity.service.unit_of_work import IdentityUnitOfWorkFactory


def ensure_signing_key(cmd: EnsureSigningKey, *, keys: SigningKeys, clock: Clock) -> str:
    """Create an active key if there is none; return the signing kid (idempotent)."""
    return keys.ensure_key(clock())


def rotate_signing_key(
    cmd: RotateSigningKey,
    *,
    uow: IdentityUnitOfWorkFactory,
    keys: SigningKeys,
    clock: Clock,
    key_grace_seconds: int,
    caller: Principal,
) -> str:
    """Start signing with a new key; old keys verify until their tokens expired."""
    kid = keys.rotate(clock(), grace_seconds=key_grace_seconds)
    with uow() as tx:
        tx.audit.record(
            "signing_key.rotated",
            actor_id=actor_of(caller),
            subject_type="signing_key",
            subject_id=kid,
        )
    return kid
