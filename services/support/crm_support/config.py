"""Settings of the support service, the only reader of the environment.

Every field can be set as ``SUPPORT_<FIELD>``.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, field_validator

from crm_chassis.config import ServiceSettings, settings_config

#: What a ticket attachment may be unless settings say otherwise: documents, images,
#: text, archives, e-mails. Never HTML or scripts (served back to browsers).
DEFAULT_ATTACHMENT_TYPES = (
    "application/pdf",
    "application/zip",
    "application/json",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
    "text/csv",
    "message/rfc822",
)


class Settings(ServiceSettings):
    """The settings of every support role (web, grpc, worker, migrate)."""

    model_config = settings_config("SUPPORT_")

    service_name: str = "support"
    http_port: int = 8105
    grpc_port: int = 9105
    # contacts' gRPC server (account and contact references of tickets).
    contacts_grpc_target: str = Field(
        "127.0.0.1:9102",
        validation_alias=AliasChoices("SUPPORT_CONTACTS_GRPC_TARGET", "CRM_CONTACTS_GRPC_URL"),
    )
    # sales' gRPC server (product references: products live in sales).
    sales_grpc_target: str = Field(
        "127.0.0.1:9103",
        validation_alias=AliasChoices("SUPPORT_SALES_GRPC_TARGET", "CRM_SALES_GRPC_URL"),
    )
    # billing's gRPC server (the portal's invoices, read with the portal user's token).
    billing_grpc_target: str = Field(
        "127.0.0.1:9104",
        validation_alias=AliasChoices("SUPPORT_BILLING_GRPC_TARGET", "CRM_BILLING_GRPC_URL"),
    )
    references_timeout_seconds: float = 3.0
    # A customer's answer on a ticket closed at most this long ago reopens it; later it
    # starts a new ticket linked to it (administrators may override: PUT /ticket-settings).
    reopen_window_days: float = 7.0
    # Attachments: the largest accepted (413 above) and the accepted content types (415).
    attachment_max_bytes: int = 10 * 1024 * 1024
    attachment_types: tuple[str, ...] = DEFAULT_ATTACHMENT_TYPES

    @property
    def attachment_upload_limit(self) -> int:
        """The request body limit of an upload: the file plus the multipart framing."""
        return self.attachment_max_bytes + 64 * 1024

    @field_validator("contacts_grpc_target", "sales_grpc_target", "billing_grpc_target")
    @classmethod
    def _strip_scheme(cls, value: str) -> str:
        return value.split("://", 1)[-1]
