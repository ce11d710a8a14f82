"""The suite's services as crmctl sees them: names, settings and migrate entrypoints.

Services are found by name (``crm_<service>.config``, the ``crm-<service>-migrate`` console
script), so this package needs no import of any service at module level, and a service
missing from an installation is reported rather than breaking every command.
"""

from __future__ import annotations

import importlib
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

SERVICES: tuple[str, ...] = ("identity", "contacts", "sales", "billing", "support", "marketing")
ROLES: tuple[str, ...] = ("web", "grpc", "worker")


def settings_of(service: str) -> Any:
    """Return the service's own settings, read from its environment (``<SERVICE>_*``)."""
    module = importlib.import_module(f"crm_{service}.config")
    return module.Settings()


def migrate_command(service: str) -> list[str]:
    """Return the command line of ``crm-<service>-migrate`` (the service's own entrypoint).

    Run as its own process: each entrypoint configures logging and reads its argv itself.
    """
    name = f"crm-{service}-migrate"
    if not entry_points(group="console_scripts", name=name):
        raise LookupError(f"{name} is not installed")
    beside = Path(sys.executable).parent / name
    return [str(beside) if beside.exists() else name]


def check_services(names: tuple[str, ...]) -> tuple[str, ...]:
    """Return ``names`` (all services when empty); raise ValueError naming an unknown one."""
    unknown = [n for n in names if n not in SERVICES]
    if unknown:
        raise ValueError(f"unknown service {', '.join(unknown)}; known: {', '.join(SERVICES)}")
    return names or SERVICES
