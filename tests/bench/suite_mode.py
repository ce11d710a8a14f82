"""The real scenario for ``run_bench.py --suite``: GET one account of a running suite.

Starts identity and contacts from the Procfile (fresh SQLite databases, a fresh RabbitMQ
vhost), signs in as the administrator, creates one account and yields its path, the bearer
header and the upstream addresses, so the benchmark's own Traefik (the repository's gateway
config, the same instance that fronts the bare endpoint) routes ``/api/contacts/`` to it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import requests

from crm_chassis.testing import broker
from crm_suite_testing.suite import Suite

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "admin@bench.test"
ADMIN_PASSWORD = "bench-admin-password-1"


@contextlib.contextmanager
def suite_target(work_dir: Path) -> Iterator[tuple[str, dict[str, str], dict[str, str]]]:
    """Yield (path of one account, auth headers, upstream env for the gateway)."""
    with account_suite(work_dir) as (suite, path, headers):
        upstreams = {
            k: v for k, v in suite.env.items() if k.startswith("CRM_") and k.endswith("_URL")
        }
        yield path, headers, upstreams


@contextlib.contextmanager
def account_suite(work_dir: Path) -> Iterator[tuple[Suite, str, dict[str, str]]]:
    """Yield (the running suite, path of one account, auth headers); profile_account uses it."""
    work_dir.mkdir(parents=True, exist_ok=True)
    vhost, amqp_url = broker.create_vhost("crm-bench")
    suite = Suite(
        root=ROOT,
        services=["identity", "contacts"],
        amqp_url=amqp_url,
        work_dir=work_dir,
        extra_env={"CRM_ADMIN_EMAIL": ADMIN_EMAIL, "CRM_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )
    try:
        suite.start()
        identity, contacts = suite.web_url("identity"), suite.web_url("contacts")
        token = requests.post(
            f"{identity}/api/identity/v1/auth/token",
            json={"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
            timeout=10,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        account = requests.post(
            f"{contacts}/api/contacts/v1/accounts",
            json={"name": "Bench Ltd", "account_type": "Customer", "industry": "Banking"},
            headers=headers,
            timeout=10,
        )
        account.raise_for_status()
        yield suite, f"/api/contacts/v1/accounts/{account.json()['id']}", headers
    finally:
        suite.stop()
        broker.delete_vhost(vhost)
