"""crm-billing-grpc: the gRPC server (BillingService, health, reflection)."""

from __future__ import annotations

from crm_access import token_verifier
from crm_billing.bootstrap import bootstrap
from crm_billing.config import Settings
from crm_billing.grpc_api.servicer import register
from crm_chassis.grpc import serve
from crm_chassis.logging import configure_logging
from crm_chassis.tracing import configure_tracing


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "grpc", settings.log_level)
    configure_tracing(settings.service_name, "grpc")
    service = bootstrap(settings)
    service.db.instrument()
    serve(settings, register(service), token_verifier(settings, service.access.store))


if __name__ == "__main__":
    main()
