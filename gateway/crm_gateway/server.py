"""``crm-gateway-errors``: serve the problem-pages app under gunicorn.

Environment (flags win): CRM_GATEWAY_ERRORS_BIND (default 127.0.0.1:8199),
CRM_GATEWAY_ERRORS_WORKERS (1), CRM_GATEWAY_ERRORS_THREADS (4), CRM_GATEWAY_RETRY_AFTER (1).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from gunicorn.app.base import BaseApplication

from crm_gateway.problems import app


class _ProblemsServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crm-gateway-errors", description=__doc__)
    parser.add_argument(
        "--bind", default=os.environ.get("CRM_GATEWAY_ERRORS_BIND", "127.0.0.1:8199")
    )
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("CRM_GATEWAY_ERRORS_WORKERS", "1"))
    )
    parser.add_argument(
        "--threads", type=int, default=int(os.environ.get("CRM_GATEWAY_ERRORS_THREADS", "4"))
    )
    args = parser.parse_args(argv)
    _ProblemsServer(
        {
            "bind": args.bind,
            "workers": args.workers,
            "threads": args.threads,
            "worker_class": "gthread",
            # Above Traefik's idleConnTimeout (60 s) for the errors upstream.
            "keepalive": 120,
            "graceful_timeout": 5,
            "proc_name": "crm-gateway-errors",
            "accesslog": None,
            "errorlog": "-",
            # gunicorn >= 25.1 opens a control socket at one shared default path
            # (~/.gunicorn/gunicorn.ctl); several instances on a machine would fight over it.
            "control_socket_disable": True,
            # The errors middleware replays the refused request's URL (in the query) and
            # headers here: a 414 or 431 must not be refused again (then the client would get
            # this server's HTML page). No limit on the request line; headers up to 1 MiB (Go's).
            "limit_request_line": 0,
            "limit_request_field_size": 1_048_576,
            "limit_request_fields": 32768,
        }
    ).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
