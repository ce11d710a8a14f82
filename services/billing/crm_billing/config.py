"""Settings of the billing service, the only reader of the environment (prefix `BILLING_`)."""

from __future__ import annotations

from crm_chassis.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    model_config = settings_config("BILLING_")

    service_name: str = "billing"
    http_port: int = 8104
    grpc_port: int = 9104
