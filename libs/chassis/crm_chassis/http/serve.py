"""Run a Flask app factory under gunicorn (the ``web`` role of every service)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from crm_chassis.config import ServiceSettings
from crm_chassis.db.engine import close_pools_before_fork
from crm_chassis.http.timeouts import REQUEST_TIMEOUT


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, factory: Callable[[], Flask], options: dict[str, Any]) -> None:
        self._factory = factory
        self._options = options
        self._app: Flask | None = None
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        # preload_app: built once, in the master, and inherited by every worker. A worker
        # used to build its own copy after the fork; the copies and the pages each worker
        # dirtied while building were a third of a web role's memory (tests/bench/README.md).
        # What must not cross a fork resets itself: pooled connections are closed here and
        # forgotten in the child (crm_chassis.db.engine), the log writer, the write gate,
        # metrics and span processors restart per process, gRPC channels open on first use.
        if self._app is None:
            self._app = self._factory()
            close_pools_before_fork()
            # Out of the collector's reach: a worker's collections would otherwise write to
            # (and so copy) the pages it shares with the master.
            gc.collect()
            gc.freeze()
        return self._app


def _child_exit(_server: Any, worker: Any) -> None:
    from crm_chassis.ops.metrics import mark_worker_dead

    mark_worker_dead(worker.pid)


def serve(factory: Callable[[], Flask], settings: ServiceSettings) -> None:
    """Serve the app with gthread workers; keep-alive above the gateway's idle timeout."""
    _Gunicorn(
        factory,
        {
            "bind": f"{settings.http_host}:{settings.http_port}",
            "workers": settings.web_workers,
            "worker_class": "gthread",
            "threads": settings.web_threads,
            "keepalive": settings.web_keepalive,
            "timeout": int(REQUEST_TIMEOUT.total_seconds()),
            "graceful_timeout": 10,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": f"crm-{settings.service_name}-web",
            # gunicorn 27 opens one control socket path per machine; several services collide.
            "control_socket_disable": True,
            # A dead worker's live gauges (pool in use) leave the multiprocess sums.
            "child_exit": _child_exit,
            "preload_app": True,
        },
    ).run()
