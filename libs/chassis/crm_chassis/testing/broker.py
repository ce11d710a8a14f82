"""Real-RabbitMQ helpers for tests: throwaway vhosts and stopping/starting the broker.

They shell out to ``rabbitmqctl`` (the test machine runs the broker locally), so they need
the rights to do so. Stopping the broker affects everyone using it: only tests that say so
(``broker_restart``) call :func:`stop_broker`.
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pika
import pika.exceptions

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5672


def rabbitmqctl(*args: str, timeout: float = 60.0) -> str:
    """Run ``rabbitmqctl`` with ``args`` and return its output; raise if it fails."""
    result = subprocess.run(
        ["rabbitmqctl", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"rabbitmqctl {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def vhost_url(
    vhost: str,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    user: str = "guest",
    password: str = "guest",  # noqa: S107 - RabbitMQ's local-only default account
) -> str:
    """Return the AMQP URL of ``vhost`` on the local broker."""
    return f"amqp://{user}:{password}@{host}:{port}/{quote(vhost, safe='')}"


def create_vhost(prefix: str = "crm-test", *, user: str = "guest") -> tuple[str, str]:
    """Create a fresh vhost that ``user`` may fully use; return (name, amqp url)."""
    name = f"{prefix}-{uuid.uuid4().hex[:10]}"
    rabbitmqctl("add_vhost", name)
    rabbitmqctl("set_permissions", "-p", name, user, ".*", ".*", ".*")
    return name, vhost_url(name, user=user)


def delete_vhost(name: str) -> None:
    """Delete a vhost and everything in it (ignores a vhost that is already gone)."""
    try:
        rabbitmqctl("delete_vhost", name)
    except RuntimeError as exc:
        if "does not exist" not in str(exc) and "no_such_vhost" not in str(exc):
            raise


@contextmanager
def temporary_vhost(prefix: str = "crm-test") -> Iterator[str]:
    """Yield the AMQP URL of a fresh vhost, deleted afterwards."""
    name, url = create_vhost(prefix)
    try:
        yield url
    finally:
        delete_vhost(name)


def amqp_ready(url: str) -> bool:
    """Return whether the broker accepts an AMQP connection at ``url`` now."""
    params = pika.URLParameters(url)
    params.connection_attempts = 1
    params.socket_timeout = 2
    params.blocked_connection_timeout = 2
    try:
        connection = pika.BlockingConnection(params)
    except (pika.exceptions.AMQPError, OSError):
        return False
    connection.close()
    return True


def wait_for_amqp(url: str, timeout: float = 60.0) -> None:
    """Poll until the broker accepts AMQP connections at ``url``; raise on timeout."""
    deadline = time.monotonic() + timeout
    while not amqp_ready(url):
        if time.monotonic() > deadline:
            raise TimeoutError(f"broker did not accept AMQP within {timeout} s")
        time.sleep(0.2)


def stop_broker() -> None:
    """Stop the RabbitMQ application (the Erlang node stays up), like a broker outage."""
    rabbitmqctl("stop_app")


def start_broker(url: str | None = None, timeout: float = 60.0) -> None:
    """Start the RabbitMQ application and wait until AMQP connections succeed again."""
    rabbitmqctl("start_app", timeout=timeout)
    wait_for_amqp(url or vhost_url("/"), timeout=timeout)
