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
    # marketing's gRPC server (campaign ROI in the KPI report; down: the section says so).
    marketing_grpc_target: str = Field(
        "127.0.0.1:9106",
        validation_alias=AliasChoices("SALES_MARKETING_GRPC_TARGET", "CRM_MARKETING_GRPC_URL"),
    )
    marketing_timeout_seconds: float = 2.0
    # The default approval limit of roles without their own (until an administrator sets
    # limits with PUT /approval-limits): the largest grand total, in this currency, and the
    # deepest discount percent a user may approve himself (unset: unlimited). Above it the
    # quote waits for a higher role (docs/domain.md, quote approval).
    quote_approval_threshold: Decimal | None = Decimal("100000")
    quote_approval_currency: str = "EUR"
    quote_approval_max_discount_percent: Decimal | None = None
    # A lead not touched for this long raises sales.lead.stale.v1 (once per quiet spell).
    stale_lead_days: float = 14.0
    # How often the worker runs the stale-lead check (0: never; the REST action still works).
    stale_check_seconds: float = 3600.0
    # How often the worker rescores leads after a change of the scoring rules (0: never).
    rescore_check_seconds: float = 5.0

    @field_validator("contacts_grpc_target", "marketing_grpc_target")
    @classmethod
    def _strip_scheme(cls, value: str) -> str:
        return value.split("://", 1)[-1]
