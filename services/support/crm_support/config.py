"""Settings of the support service, the only reader of the environment.

Every field can be set as ``SUPPORT_<FIELD>``.
"""

from __future__ import annotations

import hashlib
from typing import Literal

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

    # --- The e-mail channel (services/support/README.md, "E-mail channel") ---------------
    # Inbound: the worker's SMTP listener takes mail for these addresses (others: 550).
    mail_listen: bool = True
    mail_listen_host: str = "127.0.0.1"
    mail_listen_port: int = 2526
    mail_addresses: tuple[str, ...] = ("support@crm.local",)
    # Larger messages are refused with 552 before they are read whole.
    mail_max_message_bytes: int = 25 * 1024 * 1024
    # Outbound: our Message-IDs are <...@mail_domain> (a message of ours coming back is a
    # loop), sent From mail_from through this SMTP server; the default is the local sink
    # that `make up` runs (crm-smtp-sink on 2525, files under var/mail).
    mail_domain: str = "support.crm.local"
    mail_from: str = "CRM Support <support@crm.local>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_user: str = ""
    smtp_password: str = Field("", repr=False)
    smtp_timeout_seconds: float = 10.0
    # How often the worker sends what is due; a failed send waits attempts * retry seconds.
    mail_send_seconds: float = 2.0
    mail_retry_seconds: float = 30.0
    mail_max_attempts: int = 8

    @field_validator("mail_addresses")
    @classmethod
    def _lower_addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(a.strip().lower() for a in value if a.strip())

    # -- service contracts, feedback, statistics (h/contracts) ---------------------------------
    # How often the worker moves contracts along their dates and usage and sends review
    # reminders, and how often it records the statistics facts of newly closed tickets.
    contract_check_seconds: float = 60.0
    facts_check_seconds: float = 30.0
    # A contract's "Days" unit: this many minutes of tickets' time spent.
    contract_day_minutes: int = Field(480, ge=1)
    # The review reminder (a task for the owner in contacts) goes out this many days before.
    contract_review_lead_days: int = Field(14, ge=0)
    # Survey links: signed with this secret (unset: derived from the cursor secret, which
    # every process of the service shares) and valid this many days after they are made.
    survey_secret: str = ""
    survey_max_age_days: int = Field(30, ge=1)
    # Where customers open the survey: the gateway's public address.
    public_base_url: str = "http://localhost:8080"

    def survey_key(self) -> bytes:
        """The secret survey links are signed with (shared by every process)."""
        if self.survey_secret:
            return self.survey_secret.encode()
        return hashlib.sha256(b"crm-survey-link:" + self.cursor_key()).digest()

    # -- SLAs (h/sla) --
    #: How often the worker checks SLA targets for warnings and breaches (0: never).
    sla_check_seconds: float = 30.0
    #: Warn this many minutes before an SLA target is due (0: no warnings).
    sla_warning_minutes: int = 30
