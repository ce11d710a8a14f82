"""crm-sales-grpc: the gRPC server (SalesService, health, reflection)."""

from __future__ import annotations

from crm_access import token_verifier
from crm_chassis.grpc import serve
from crm_chassis.logging import configure_logging
from crm_chassis.tracing import configure_tracing
from crm_sales.bootstrap import bootstrap
from crm_sales.config import Settings
from crm_sales.grpc_api.servicer import register


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "grpc", settings.log_level)
    configure_tracing(settings.service_name, "grpc")
    service = bootstrap(settings)
    service.db.instrument()
    serve(settings, register(service), token_verifier(settings, service.access.store))


if __name__ == "__main__":
    main()
