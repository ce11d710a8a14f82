"""How every role of a service starts: its settings read, its logs and traces set up, then
served. A service's ``entrypoints/`` keep only what is theirs (which app, which servicer,
which subscriptions, which periodic jobs) and call these.

    def main() -> None:                          # entrypoints/web.py
        run_web(Settings, build)                 # build(settings) -> Flask, once, before the fork
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from crm_chassis.config import ServiceSettings
from crm_chassis.logging import configure_logging, get_logger
from crm_chassis.ops import prepare_metrics_dir
from crm_chassis.tracing import configure_tracing

if TYPE_CHECKING:
    from flask import Flask

    from crm_chassis.auth.tokens import TokenVerifier
    from crm_chassis.events.dispatch import Handlers
    from crm_chassis.grpc.server import Register

# Each role imports only what it runs (the web role no Alembic or gRPC, the worker no
# gunicorn): an import of everything costs seconds at every start here.

S = TypeVar("S", bound=ServiceSettings)
log = get_logger("crm_chassis.roles")


def configured(settings_type: type[S], role: str) -> S:
    """Read one role's settings and set up its logs and traces."""
    settings = settings_type()
    configure_logging(settings.service_name, role, settings.log_level)
    configure_tracing(settings.service_name, role)
    if role != "web":  # the web role's master prepared it before forking its workers
        prepare_metrics_dir(settings.service_name, role, create=False)
    return settings


def run_web(settings_type: type[S], build: Callable[[S], Flask]) -> None:
    """The web role: gunicorn; the app is built once in the master and its workers fork from it."""
    from crm_chassis.http.serve import serve as serve_http

    settings = settings_type()
    configure_logging(settings.service_name, "web", settings.log_level)
    # Before any worker imports prometheus_client: it reads the directory at import.
    prepare_metrics_dir(settings.service_name, "web", create=True)
    serve_http(lambda: build(configured(settings_type, "web")), settings)


def run_grpc(
    settings_type: type[S], build: Callable[[S], tuple[Register, TokenVerifier | None]]
) -> None:
    """The grpc role: the servicer ``build`` registers, behind the token verifier it gives."""
    from crm_chassis.grpc.server import serve as serve_grpc

    settings = configured(settings_type, "grpc")
    register, verifier = build(settings)
    serve_grpc(settings, register, verifier)


def subscriptions_of(
    bootstrap: Callable[[S], Any], handlers: Callable[[Any], Handlers | None]
) -> Callable[[S], Handlers | None]:
    """What a service consumes, from a short-lived wiring of it (its engine closed after)."""

    def subscriptions(settings: S) -> Handlers | None:
        app = bootstrap(settings)
        try:
            return handlers(app)
        finally:
            app.db.dispose()

    return subscriptions


def migrate(
    settings: S,
    migrations: Path,
    subscriptions: Callable[[S], Handlers | None],
    revision: str = "heads",
) -> None:
    """Alembic to ``revision``, then this service's queues and bindings.

    The queues are declared here, before any relay publishes, so events published on a
    first start are not dropped as unroutable.
    """
    from crm_chassis.db.migrate import upgrade
    from crm_chassis.events.worker import declare_topology

    upgrade(migrations, settings.sqlalchemy_url(), revision)
    declare_topology(settings, subscriptions(settings))


def run_migrations(
    settings_type: type[S],
    migrations: Path,
    subscriptions: Callable[[S], Handlers | None],
    argv: Sequence[str] | None = None,
) -> S:
    """The migrate role's command line: ``crm-<service>-migrate [revision]``."""
    settings = settings_type()
    parser = argparse.ArgumentParser(description=f"Migrate the {settings.service_name} database.")
    parser.add_argument("revision", nargs="?", default="heads")
    args = parser.parse_args(argv)
    configure_logging(settings.service_name, "migrate", settings.log_level)
    migrate(settings, migrations, subscriptions, args.revision)
    log.info("migrate.done", revision=args.revision)
    return settings


def every(
    seconds: float,
    job: Callable[[], object],
    name: str,
    *,
    first_now: bool = False,
    stop: threading.Event | None = None,
) -> threading.Event:
    """Run ``job`` every ``seconds`` (first at once if asked) in a daemon thread until the
    returned event is set.

    A failed round is logged and the job tried again next round: a worker's timer must
    not die of one bad run.
    """
    stopped = stop or threading.Event()

    def loop() -> None:
        wait = 0.0 if first_now else seconds
        while not stopped.wait(wait):
            wait = seconds
            try:
                job()
            except Exception:  # logged; the next round tries again
                log.exception("job.failed", job=name)

    threading.Thread(target=loop, name=name, daemon=True).start()
    return stopped
