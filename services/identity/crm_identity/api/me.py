"""Who the caller is: ``GET /me``."""

from __future__ import annotations

from crm_chassis import context
from crm_chassis.http import Blueprint, service
from crm_identity.api.schemas import MeOut
from crm_identity.bootstrap import Identity

bp = Blueprint("me")


@bp.get("/me", response=MeOut, summary="Who the caller is: roles and permissions")
def me() -> MeOut:
    return MeOut.of(service(Identity).queries.me(context.principal()))
