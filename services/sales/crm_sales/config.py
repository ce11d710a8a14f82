"""Settings of the sales service, the only reader of the environment (prefix `SALES_`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator

from crm_chassis.config import ServiceSettings, settings_config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Settings(ServiceSettings):
    """Sales settings; every field can be set as ``SALES_<FIELD>``."""

    model_config = settings_config("SALES_")

    service_name: str = "sales"
    http_port: int = 8103
    grpc_port: int = 9103
    # contacts' gRPC server (account matching at lead conversion, addresses for quotes).
    # The suite's CRM_CONTACTS_GRPC_URL (h2c://host:port, the gateway's wiring) also works.
    contacts_grpc_target: str = Field(
        "127.0.0.1:9102",
        validation_alias=AliasChoices("SALES_CONTACTS_GRPC_TARGET", "CRM_CONTACTS_GRPC_URL"),
    )
    contacts_timeout_seconds: float = 3.0
    # Quotes whose grand total exceeds this need a manager (a role below) to approve;
    # unset: any caller who may edit the quote approves it.
    quote_approval_threshold: Decimal | None = None
    quote_manager_roles: list[str] = Field(default_factory=lambda: ["admin", "sales_manager"])
    # A lead not touched for this long raises sales.lead.stale.v1 (once per quiet spell).
    stale_lead_days: float = 14.0
    # How often the worker runs the stale-lead check (0: never; the REST action still works).
    stale_check_seconds: float = 3600.0
    # How often the worker rescores leads after a change of the scoring rules (0: never).
    rescore_check_seconds: float = 5.0

    @field_validator("contacts_grpc_target")
    @classmethod
    def _strip_scheme(cls, value: str) -> str:
        return value.split("://", 1)[-1]
