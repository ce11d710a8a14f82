"""The grpc role: IdentityService with health and reflection (``crm-identity-grpc``)."""

from __future__ import annotations

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.grpc.server import Register
from crm_chassis.roles import run_grpc
from crm_identity.bootstrap import bootstrap
from crm_identity.config import Settings
from crm_identity.grpc_api.servicer import registrar


def servicer(settings: Settings) -> tuple[Register, TokenVerifier]:
    """Wire identity: its servicer and the verifier of its own tokens."""
    app = bootstrap(settings)
    return registrar(app), app.verifier


def main() -> None:
    run_grpc(Settings, servicer)
