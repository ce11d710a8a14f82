"""Settings of the sales service, the only reader of the environment (prefix `SALES_`)."""

from __future__ import annotations

from crm_chassis.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    model_config = settings_config("SALES_")

    service_name: str = "sales"
    http_port: int = 8103
    grpc_port: int = 9103
