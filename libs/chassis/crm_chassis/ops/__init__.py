"""Operations: Prometheus metrics of every role and the ops HTTP server of grpc and worker roles.

- :mod:`crm_chassis.ops.metrics` defines the series (HTTP, gRPC, events, outbox, pool) and
  renders them for a scrape, aggregated over gunicorn's workers when
  ``PROMETHEUS_MULTIPROC_DIR`` is set.
- :mod:`crm_chassis.ops.server` serves ``/metrics``, ``/livez`` and ``/readyz`` on
  ``CRM_OPS_PORT`` (unset or 0: off).

This module imports no ``prometheus_client``: the client reads ``PROMETHEUS_MULTIPROC_DIR``
when it is first imported, so :func:`prepare_metrics_dir` must run before.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def prepare_metrics_dir(service: str, role: str, *, create: bool) -> str | None:
    """Make the multiprocess metrics directory of this role ready (empty); return it.

    With ``create`` (the web role: several gunicorn workers) and no directory configured,
    one is chosen under ``CRM_VAR_DIR`` (or the temp dir). Files left by an earlier run
    are removed: their counters would otherwise add to this run's.
    """
    path = os.environ.get(MULTIPROC_ENV)
    if not path:
        if not create:
            return None
        base = os.environ.get("CRM_VAR_DIR") or tempfile.gettempdir()
        path = str(Path(base) / "metrics" / f"{service}-{role}")
        os.environ[MULTIPROC_ENV] = path
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink(missing_ok=True)
    values = sys.modules.get("prometheus_client.values")
    if values is not None:  # imported before the variable was set: choose again
        values.ValueClass = values.get_value_class()  # type: ignore[attr-defined]
    return path
