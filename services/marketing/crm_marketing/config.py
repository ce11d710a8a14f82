"""Settings of the marketing service, the only reader of the environment.

Every field can be set as ``MARKETING_<FIELD>``.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, field_validator

from crm_chassis.config import ServiceSettings, settings_config
from crm_chassis.signing import derived_key


class Settings(ServiceSettings):
    """The settings of every marketing role (web, grpc, worker, migrate)."""

    model_config = settings_config("MARKETING_")

    service_name: str = "marketing"
    http_port: int = 8106
    grpc_port: int = 9106
    # contacts' gRPC server (contacts as campaign members and audiences).
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

    @field_validator("contacts_grpc_target", "sales_grpc_target")
    @classmethod
    def _strip_scheme(cls, value: str) -> str:
        return value.split("://", 1)[-1]

    # -- online lead forms (h/forms) --
    #: Submissions one client address may make per hour, over all forms (besides each
    #: form's own limit and the gateway's).
    form_ip_limit_per_hour: int = Field(30, ge=1)
    #: Render stamps and address hashes are keyed with this secret (unset: derived from the
    #: cursor secret, which every process of the service shares).
    form_secret: str = ""
    #: How long a render stamp stays valid: the page must be rendered again after it.
    form_stamp_max_age_hours: int = Field(72, ge=1)
    #: How many proxies (Traefik) sit in front of us and append to X-Forwarded-For.
    trusted_proxy_hops: int = Field(1, ge=0)
    #: Where browsers reach the public endpoint: the gateway's public address.
    public_base_url: str = "http://localhost:8080"

    def form_key(self) -> bytes:
        """The secret of render stamps and address hashes (shared by every process)."""
        if self.form_secret:
            return self.form_secret.encode()
        return derived_key("crm-marketing-forms", self.cursor_key())
