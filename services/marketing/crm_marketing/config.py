"""Settings of the marketing service, the only reader of the environment.

Every field can be set as ``MARKETING_<FIELD>``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, field_validator

from crm_chassis.config import ServiceSettings, settings_config
from crm_chassis.signing import derived_key


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

    # --- Mass mail (h/mailings; services/marketing/README.md, "Mailings") -------------
    # Sent through this SMTP server; the default is the local sink `make up` runs
    # (crm-smtp-sink on 2525, files under var/mail).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_user: str = ""
    smtp_password: str = Field("", repr=False)
    smtp_timeout_seconds: float = 10.0
    # Our Message-IDs are <...@mailing_domain>; List-Id is <mailing-id.mailing_domain>.
    mailing_domain: str = "marketing.crm.local"
    # The mailto: half of List-Unsubscribe (empty: the https one-click link only).
    unsubscribe_mailto: str = "unsubscribe@marketing.crm.local"
    # The worker's send job: how often it looks for due mailings (0: off), and how often
    # a row is tried before it counts as failed.
    mailing_send_seconds: float = Field(2.0, ge=0)
    mailing_max_attempts: int = Field(3, ge=1)
    # PostgreSQL: mark send-list rows without waiting for the WAL flush (a worker killed
    # still resumes exactly; only a database crash may forget the last fraction of a
    # second of marks, whose recipients then get a copy with the same Message-ID). Off by
    # default: nobody is mailed twice, whatever crashes; an operator may trade that for speed.
    mailing_async_commit: bool = False
    # SMTP sessions a round of the send job uses side by side (each row still claimed on
    # its own): hides the round trips to the SMTP server and the database.
    mailing_concurrency: int = Field(4, ge=1, le=32)
    # Unsubscribe and tracking links: signed with this secret (unset: derived from the
    # cursor secret every process shares), served under the gateway's public address.
    mail_link_secret: str = Field("", repr=False)
    public_base_url: str = "http://localhost:8080"

    def mail_link_key(self) -> bytes:
        """The secret unsubscribe and tracking links are signed with."""
        if self.mail_link_secret:
            return self.mail_link_secret.encode()
        return derived_key("crm-marketing-mail-links", self.cursor_key())

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
    #: Where browsers reach the public endpoint: public_base_url above (mass mail's links).

    def form_key(self) -> bytes:
        """The secret of render stamps and address hashes (shared by every process)."""
        if self.form_secret:
            return self.form_secret.encode()
        return derived_key("crm-marketing-forms", self.cursor_key())
