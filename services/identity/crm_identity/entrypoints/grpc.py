"""The grpc role: IdentityService with health and reflection (``crm-identity-grpc``)."""

from __future__ import annotations

from crm_chassis.grpc import serve
from crm_chassis.logging import configure_logging
from crm_identity.bootstrap import bootstrap
from crm_identity.config import Settings
from crm_identity.grpc_api.servicer import registrar


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "grpc", settings.log_level)
    app = bootstrap(settings)
    serve(settings, registrar(app), app.verifier)
