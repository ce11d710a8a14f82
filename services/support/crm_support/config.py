"""Settings of the support service, the only reader of the environment.

Every field can be set as ``SUPPORT_<FIELD>``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, field_validator

from crm_chassis.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    """The settings of every support role (web, grpc, worker, migrate)."""

    model_config = settings_config("SUPPORT_")

    service_name: str = "support"
    http_port: int = 8105
    grpc_port: int = 9105

    # --- The e-mail channel (docs: services/support/README.md, "E-mail channel") ---------
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
    # contacts' gRPC server: senders matched to contacts, and a contact's address for
    # mail, asked as svc-support with only the scope this needs (contacts.contacts.read).
    contacts_grpc_target: str = Field(
        "127.0.0.1:9102",
        validation_alias=AliasChoices("SUPPORT_CONTACTS_GRPC_TARGET", "CRM_CONTACTS_GRPC_URL"),
    )
    contacts_timeout_seconds: float = 3.0

    @field_validator("contacts_grpc_target")
    @classmethod
    def _strip_scheme(cls, value: str) -> str:
        return value.split("://", 1)[-1]

    @field_validator("mail_addresses")
    @classmethod
    def _lower_addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(a.strip().lower() for a in value if a.strip())
