"""crm-support-grpc: the gRPC server (SupportService, health, reflection)."""

from __future__ import annotations

from crm_access import token_verifier
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.grpc.server import Register
from crm_chassis.roles import run_grpc
from crm_support.bootstrap import bootstrap
from crm_support.config import Settings
from crm_support.grpc_api.servicer import register


def servicer(settings: Settings) -> tuple[Register, TokenVerifier]:
    """Wire the service: its servicer and the verifier of its callers' tokens."""
    app = bootstrap(settings)
    app.db.instrument()
    return register(app), token_verifier(settings, app.access.store)


def main() -> None:
    run_grpc(Settings, servicer)


if __name__ == "__main__":
    main()
