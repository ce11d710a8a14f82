"""One image per service: each Dockerfile copies only its own inputs, and they are enough.

A change to one service rebuilds only that image when no other Dockerfile COPYs its
directory (the build cache is keyed on the copied files); the image still works when every
import of what it copies resolves to a package it copies too.
"""

from __future__ import annotations

import ast
import tomllib
from functools import cache
from pathlib import Path

import pytest
from _manifests import ROOT, SERVICES
from test_dockerfile import IMAGES, dockerfile, dockerfile_instructions

# Top-level import name -> the directory (COPY source) of the package that provides it.
PROVIDERS = {
    "crm_chassis": "libs/chassis",
    "crm_access": "libs/access",
    "crm_lines": "libs/lines",
    "crm": "protos/gen/python",
    "crm_gateway": "gateway",
    "crm_ops": "libs/ops",  # crmctl, shipped in identity's image
    **{f"crm_{s}": f"services/{s}" for s in SERVICES},
}
# Distribution name (pyproject dependencies) -> directory.
DISTRIBUTIONS = {
    "crm-chassis": "libs/chassis",
    "crm-access": "libs/access",
    "crm-lines": "libs/lines",
    "crm-protos": "protos/gen/python",
    "crm-gateway": "gateway",
    "crm-ops": "libs/ops",
    **{f"crm-{s}": f"services/{s}" for s in SERVICES},
}
# Shared by every image on purpose: the pins and the build configuration of the protos.
SHARED = {"requirements/constraints.txt", "protos/pyproject.toml"}


@cache
def copy_sources(name: str) -> frozenset[str]:
    """The build-context paths an image's Dockerfile COPYs (not those from other stages)."""
    sources: set[str] = set()
    for instruction, args in dockerfile_instructions(dockerfile(name)):
        if instruction != "COPY" or "--from=" in args:
            continue
        words = [w for w in args.split() if not w.startswith("--")]
        sources.update(w.rstrip("/") for w in words[:-1])
    return frozenset(sources)


def covered(path: str, sources: frozenset[str]) -> bool:
    return any(path == s or path.startswith(s + "/") for s in sources)


def images_rebuilt_by(path: str) -> set[str]:
    """Which images a change to `path` (relative to the repository root) rebuilds."""
    return {name for name in IMAGES if covered(path, copy_sources(name))}


def own_dir(name: str) -> str:
    return "gateway" if name == "gateway" else f"services/{name}"


def package_dirs(sources: frozenset[str]) -> list[str]:
    return sorted(d for d in set(PROVIDERS.values()) if covered(d, sources))


@cache
def imported_top_levels(directory: str) -> dict[str, str]:
    """Top-level module -> one file importing it, for the package code (not tests) in it."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / directory).rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts:
            continue  # .dockerignore keeps tests out of every image
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for module in names:
                found.setdefault(module.split(".")[0], str(rel))
    return found


def project_dir(directory: str) -> Path:
    # The protos' pyproject sits above the generated package directory.
    return ROOT / ("protos" if directory == "protos/gen/python" else directory)


@pytest.mark.parametrize("name", IMAGES)
def test_image_copies_only_its_own_service_the_chassis_and_shared_files(name: str) -> None:
    sources = copy_sources(name)
    others = [own_dir(o) for o in IMAGES if o != name]
    assert [s for s in sources if any(covered(s, frozenset({o})) for o in others)] == []
    assert own_dir(name) in sources
    allowed = SHARED | set(PROVIDERS.values()) - set(others)
    assert [s for s in sources if s not in allowed] == [], "unexpected build inputs"


@pytest.mark.parametrize("name", IMAGES)
def test_every_import_of_what_an_image_copies_resolves_within_it(name: str) -> None:
    sources = copy_sources(name)
    missing = []
    for directory in package_dirs(sources):
        for module, where in imported_top_levels(directory).items():
            provider = PROVIDERS.get(module)
            if provider and not covered(provider, sources):
                missing.append(f"{where} imports {module} ({provider} is not copied)")
        project = tomllib.loads((project_dir(directory) / "pyproject.toml").read_text())
        for requirement in project["project"].get("dependencies", []):
            dist = requirement.split(";")[0].split("[")[0].split("<")[0].split(">")[0].strip()
            if dist in DISTRIBUTIONS and not covered(DISTRIBUTIONS[dist], sources):
                missing.append(f"{directory} depends on {dist}, which is not copied")
    assert missing == []


@pytest.mark.parametrize("service", SERVICES)
def test_a_change_to_one_service_rebuilds_only_its_image(service: str) -> None:
    changed = f"services/{service}/crm_{service}/domain/__init__.py"
    assert images_rebuilt_by(changed) == {service}
    assert images_rebuilt_by(f"services/{service}/pyproject.toml") == {service}


def test_a_change_to_the_chassis_or_the_pins_rebuilds_every_image() -> None:
    assert images_rebuilt_by("libs/chassis/crm_chassis/config.py") == set(IMAGES)
    assert images_rebuilt_by("requirements/constraints.txt") == set(IMAGES)
    assert images_rebuilt_by("libs/lines/crm_lines/__init__.py") == {"sales", "billing"}
    assert images_rebuilt_by("docs/architecture.md") == set()


def test_the_import_check_can_fail() -> None:
    # contacts' code imported by a sales image would not resolve: the checker must see it.
    sales = copy_sources("sales")
    assert not covered(PROVIDERS["crm_contacts"], sales)
    assert "crm_chassis" in imported_top_levels("services/sales")
