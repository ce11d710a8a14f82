"""Settings of the marketing service, the only reader of the environment.

Every field can be set as ``MARKETING_<FIELD>``.
"""

from __future__ import annotations

from crm_chassis.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    """The settings of every marketing role (web, grpc, worker, migrate)."""

    model_config = settings_config("MARKETING_")

    service_name: str = "marketing"
    http_port: int = 8106
    grpc_port: int = 9106
