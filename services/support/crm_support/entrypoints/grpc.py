"""crm-support-grpc: the gRPC server (SupportService, health, reflection)."""

from __future__ import annotations

from crm_access import token_verifier
from crm_chassis.grpc import serve
from crm_chassis.logging import configure_logging
from crm_chassis.tracing import configure_tracing
from crm_support.bootstrap import bootstrap
from crm_support.config import Settings
from crm_support.grpc_api.servicer import register


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "grpc", settings.log_level)
    configure_tracing(settings.service_name, "grpc")
    app = bootstrap(settings)
    app.db.instrument()
    serve(settings, register(app), token_verifier(settings, app.access.store))


if __name__ == "__main__":
    main()
