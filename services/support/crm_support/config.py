"""Settings of the support service, the only reader of the environment.

Every field can be set as ``SUPPORT_<FIELD>``.
"""

from __future__ import annotations

from crm_chassis.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    """The settings of every support role (web, grpc, worker, migrate)."""

    model_config = settings_config("SUPPORT_")

    service_name: str = "support"
    http_port: int = 8105
    grpc_port: int = 9105

    # -- SLAs (h/sla) --
    #: How often the worker checks SLA targets for warnings and breaches (0: never).
    sla_check_seconds: float = 30.0
    #: Warn this many minutes before an SLA target is due (0: no warnings).
    sla_warning_minutes: int = 30
