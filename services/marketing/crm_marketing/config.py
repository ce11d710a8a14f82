"""Settings of the marketing service, the only reader of the environment.

Every field can be set as ``MARKETING_<FIELD>``.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, field_validator

from crm_chassis.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    """The settings of every marketing role (web, grpc, worker, migrate)."""

    model_config = settings_config("MARKETING_")

    service_name: str = "marketing"
    http_port: int = 8106
    grpc_port: int = 9106
    # contacts' gRPC server (contacts as campaign members and audiences: lists, segments,
    # template previews).
    contacts_grpc_target: str = Field(
        "127.0.0.1:9102",
        validation_alias=AliasChoices("MARKETING_CONTACTS_GRPC_TARGET", "CRM_CONTACTS_GRPC_URL"),
    )
    # sales' gRPC server (leads as campaign members and audiences).
    sales_grpc_target: str = Field(
        "127.0.0.1:9103",
        validation_alias=AliasChoices("MARKETING_SALES_GRPC_TARGET", "CRM_SALES_GRPC_URL"),
    )
    references_timeout_seconds: float = 3.0
    # Records per paged List call when a segment is resolved (contacts and sales cap at 500).
    segment_page_size: int = 500

    @field_validator("contacts_grpc_target", "sales_grpc_target")
    @classmethod
    def _strip_scheme(cls, value: str) -> str:
        return value.split("://", 1)[-1]
