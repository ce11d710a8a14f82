"""Identity settings: the only reader of the environment (prefix ``IDENTITY_``)."""

from __future__ import annotations

import os

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from crm_chassis.config import ServiceSettings


class Settings(ServiceSettings):
    """Settings of every identity role (web, grpc, worker, migrate)."""

    model_config = SettingsConfigDict(
        env_prefix="IDENTITY_", extra="ignore", frozen=True, populate_by_name=True
    )

    service_name: str = "identity"
    http_port: int = 8101
    grpc_port: int = 9101

    # The first administrator, created once on first start. These two are suite-wide names
    # (the laptop runner and the k8s secret set them), hence no IDENTITY_ prefix.
    admin_email: str | None = Field(
        default=None, validation_alias=AliasChoices("CRM_ADMIN_EMAIL", "admin_email")
    )
    admin_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CRM_ADMIN_PASSWORD", "admin_password")
    )

    # CRM_SERVICE_SECRET_<SERVICE>=<secret>: the suite's own services' client secrets;
    # identity keeps an ``svc-<service>`` account for each (suite-wide names, no prefix).
    service_secrets: dict[str, str] = Field(default_factory=lambda: _service_secrets())

    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    # Optional passphrase that encrypts the private signing keys at rest (PKCS#8, AES).
    signing_key_passphrase: SecretStr | None = None
    signing_key_cache_seconds: int = 60

    # Argon2id cost. The defaults are RFC 9106's second recommended option scaled to a
    # ~50 ms hash on this hardware; tests lower them to stay fast.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4

    # Login throttling: failures counted in the database, so all web workers share them.
    login_window_seconds: int = 300
    # Per (account, client address) pair: this many failures lock the pair (back-off below).
    login_max_failures_per_email: int = 5
    # Per account across addresses: past this many failures in the window, addresses that
    # failed for the account wait; one that never failed for it (the owner's) does not.
    login_max_failures_per_account: int = 50
    # Per client IP the limit is higher: many people may sit behind one NAT.
    login_max_failures_per_ip: int = 20
    # Lockout per (account, address) pair after login_max_failures_per_email failures:
    # base, doubling.
    lockout_base_seconds: int = 30
    lockout_max_seconds: int = 3600
    # How many proxies (Traefik) sit in front of us and append to X-Forwarded-For.
    trusted_proxy_hops: int = 1


def _service_secrets() -> dict[str, str]:
    prefix = "CRM_SERVICE_SECRET_"
    return {
        name[len(prefix) :].lower(): value
        for name, value in os.environ.items()
        if name.startswith(prefix) and value and len(name) > len(prefix)
    }
