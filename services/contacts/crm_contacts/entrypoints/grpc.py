"""crm-contacts-grpc: the gRPC server (ContactsService, health, reflection)."""

from __future__ import annotations

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.grpc.server import Register
from crm_chassis.roles import run_grpc
from crm_contacts.bootstrap import bootstrap, token_verifier
from crm_contacts.config import Settings
from crm_contacts.grpc_api.servicer import register


def servicer(settings: Settings) -> tuple[Register, TokenVerifier]:
    """Wire the service: its servicer and the verifier of its callers' tokens."""
    app = bootstrap(settings)
    app.db.instrument()
    return register(app), token_verifier(settings, app.db, app.access.store)


def main() -> None:
    run_grpc(Settings, servicer)


if __name__ == "__main__":
    main()
