"""The signing keys: their public halves (the JWKS every service verifies with), rotation."""

from __future__ import annotations

from crm_chassis import context
from crm_chassis.http import Blueprint, Reply, service
from crm_identity.api import SETTINGS_EDIT
from crm_identity.api.access_schemas import RotatedKeyOut
from crm_identity.api.schemas import JwksOut
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import RotateSigningKey

bp = Blueprint("signing-keys")


@bp.get(
    "/jwks",
    response=JwksOut,
    public=True,
    summary="Public keys that verify access tokens (JWKS)",
)
def jwks() -> Reply:
    # Short public caching: services refetch on an unknown kid anyway.
    return Reply(service(Identity).keys.jwks(), headers={"Cache-Control": "public, max-age=60"})


@bp.post(
    "/signing-keys/rotate",
    response=RotatedKeyOut,
    permission=SETTINGS_EDIT,
    idempotent=False,
    summary="Sign with a new key; old keys stay in the JWKS until their tokens expire",
)
def rotate_signing_key() -> RotatedKeyOut:
    kid = service(Identity).run(RotateSigningKey(), caller=context.principal())
    return RotatedKeyOut(kid=kid)
