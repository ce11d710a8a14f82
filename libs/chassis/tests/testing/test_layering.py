"""The layering check finds imports that go up a layer or reach a framework from the domain."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crm_chassis.testing.layering import forbidden_imports, upward_imports


@pytest.fixture
def package(tmp_path: Path) -> str:
    root = tmp_path / "crm_layered"
    for part in ("domain", "service", "api", "events"):
        (root / part).mkdir(parents=True)
        (root / part / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "domain" / "leads.py").write_text("import flask\nfrom crm_layered.api import views\n")
    (root / "service" / "leads.py").write_text("from crm_layered.domain import leads\n")
    (root / "api" / "views.py").write_text("from crm_layered.service import leads\n")
    (root / "events" / "outgoing.py").write_text("from crm_layered.events.incoming import x\n")
    (root / "events" / "incoming.py").write_text("from crm_layered.events.outgoing import y\n")
    sys.path.insert(0, str(tmp_path))
    yield "crm_layered"
    sys.path.remove(str(tmp_path))
    for name in [m for m in sys.modules if m.startswith("crm_layered")]:
        del sys.modules[name]


def test_imports_that_go_up_are_found_and_those_going_down_are_not(package: str) -> None:
    assert upward_imports(package) == [
        "domain.leads (domain) imports crm_layered.api (api)",
        "events.outgoing (events.outgoing) imports crm_layered.events.incoming (events.incoming)",
    ]


def test_a_framework_in_the_domain_is_found(package: str) -> None:
    assert forbidden_imports(package) == ["domain.leads: flask"]
