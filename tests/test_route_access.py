"""Every route that reads input decides module access first (docs/api-conventions.md,
"Order of checks"): a write, or a read taking a query, declares ``permission`` or
``permission_any`` (or ``public=True``), so the chassis answers 403 before any 400/422
could describe the schema. A new route that forgets it fails here. Views documented as for
administrators declare the ``settings`` module (what only administrators hold)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from crm_chassis.http import RouteSpec

ROOT = Path(__file__).resolve().parents[1]
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").exists())


def _routes(service: str) -> list[RouteSpec]:
    app = importlib.import_module(f"crm_{service}.api.app")
    return [spec for bp in getattr(app, "BLUEPRINTS", ()) for spec in bp.routes]


def _reads_input(spec: RouteSpec) -> bool:
    return spec.method != "GET" or spec.query is not None or spec.body is not None


def test_services_are_found() -> None:
    assert {"billing", "contacts", "identity", "sales"} <= set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_reading_input_declares_access(service: str) -> None:
    missing = [
        f"{spec.method} {spec.path}"
        for spec in _routes(service)
        if _reads_input(spec) and not spec.declares_access
    ]
    assert missing == [], f"{service}: declare permission= or permission_any= on {missing}"


@pytest.mark.parametrize("service", SERVICES)
def test_administrators_views_declare_settings(service: str) -> None:
    wrong = [
        f"{spec.method} {spec.path}"
        for spec in _routes(service)
        if "(administrators" in (inspect.getdoc(spec.view) or "")
        and (spec.permission is None or spec.permission[0] != "settings")
    ]
    assert wrong == [], f"{service}: administrators' views must declare settings: {wrong}"
