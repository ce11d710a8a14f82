"""Settings read from the environment, one prefix per service (``CONTACTS_DATABASE_URL``).

Every service subclasses :class:`ServiceSettings`, sets its prefix and default ports, and
reads its configuration in exactly one place (its ``config.py``). Defaults are safe for a
laptop: SQLite files under ``var/``, the local RabbitMQ, identity on its local port.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_var_dir() -> Path:
    """Return the directory that holds local SQLite files (``CRM_VAR_DIR`` or ``./var``)."""
    import os

    return Path(os.environ.get("CRM_VAR_DIR", "var")).resolve()


class ServiceSettings(BaseSettings):
    """Settings every service role shares; subclasses set ``env_prefix`` and ``service_name``."""

    model_config = SettingsConfigDict(env_prefix="CRM_", extra="ignore", frozen=True)

    service_name: str = "crm"
    database_url: str = ""
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/%2F"
    events_exchange: str = "crm.events"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    grpc_host: str = "127.0.0.1"
    grpc_port: int = 9000
    grpc_max_workers: int = 16
    web_workers: int = 2
    web_threads: int = 8
    # Traefik keeps idle upstream connections for 90 s by default; gunicorn must keep them
    # longer or a request races the close and Traefik answers 502 (seen on this machine).
    web_keepalive: int = 120
    max_body_bytes: int = 1_048_576
    log_level: str = "INFO"
    # Token verification: identity's JWKS, the audience and issuer we accept.
    jwks_url: str = "http://127.0.0.1:8101/api/identity/v1/jwks"
    token_audience: str = "crm"
    token_issuer: str = "crm-identity"
    jwks_cache_seconds: int = 300
    # Calling identity as this service (client credentials): the access-policy snapshot on
    # start, and service-to-service gRPC. Without credentials the policy arrives by events.
    identity_token_url: str = "http://127.0.0.1:8101/api/identity/v1/auth/token"
    identity_grpc_target: str = "127.0.0.1:9101"
    client_id: str = ""
    client_secret: str = ""
    # How often each process checks its local policy copy for a newer version.
    policy_refresh_seconds: float = 1.0
    # Event consumption: retry tiers (seconds) before a message is parked.
    retry_delays: list[float] = Field(default_factory=lambda: [1.0, 5.0, 30.0])
    # Signs list cursors and gRPC page tokens (HMAC). Every process of a service must share
    # it; unset, see cursor_key() (derived from client_secret, else a file under var/).
    cursor_secret: str = ""
    relay_batch_size: int = 200
    relay_poll_seconds: float = 0.2

    def sqlalchemy_url(self) -> str:
        """Return the database URL, defaulting to one SQLite file per service."""
        if self.database_url:
            return self.database_url
        var = default_var_dir()
        var.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{var / (self.service_name + '.db')}"

    def cursor_key(self) -> bytes:
        """The secret that signs cursors: ``cursor_secret``; else one derived from the
        service's client secret (shared by all its processes and replicas); else a random
        one kept in ``$CRM_VAR_DIR/<service>.cursor-secret`` (made once, shared by the
        service's processes on this machine); else, when that cannot be written, a random
        one for this process only (cursors then work only within one process)."""
        if self.cursor_secret:
            return self.cursor_secret.encode()
        if self.client_secret:
            import hashlib

            return hashlib.sha256(b"crm-cursor-secret:" + self.client_secret.encode()).digest()
        try:
            return _local_secret(default_var_dir() / f"{self.service_name}.cursor-secret")
        except OSError:
            import secrets

            return secrets.token_bytes(32)


def _local_secret(path: Path) -> bytes:
    import os
    import secrets
    import time

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    for _ in range(50):  # the maker may not have written it yet
        value = path.read_text().strip()
        if value:
            return value.encode()
        time.sleep(0.01)
    raise OSError(f"empty cursor secret file {path}")


def settings_config(prefix: str) -> SettingsConfigDict:
    """Build the pydantic-settings config for a service prefix such as ``CONTACTS_``."""
    return SettingsConfigDict(env_prefix=prefix, extra="ignore", frozen=True)
