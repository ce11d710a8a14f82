"""The images' Dockerfiles and .dockerignore: multi-stage, pinned, non-root, secret-free."""

from __future__ import annotations

import fnmatch
import re

import pytest
from _manifests import ROOT, SERVICES


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
        for line in (raw.strip() for raw in joined.splitlines())
        if line
    ]


def dockerfile_problems(text: str) -> list[str]:
    ins = dockerfile_instructions(text)
    args = dict(a.split("=", 1) for i, a in ins if i == "ARG" and "=" in a)
    problems = []
    froms = [a for i, a in ins if i == "FROM"]
    if len(froms) < 2:
        problems.append("not multi-stage")
    for base in froms:
        image = base.split()[0]
        image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), image)
        if image in {"build", "runtime"}:
            continue
        if not (re.search(r":\d+\.\d+\.\d+[\w.-]*$", image) or "@sha256:" in image):
            problems.append(f"base image {image!r} not pinned to a full version or digest")
    final = [(i, a) for i, a in ins][[n for n, (i, _) in enumerate(ins) if i == "FROM"][-1] :]
    users = [a for i, a in final if i == "USER"]
    if (
        not users
        or users[-1].split(":")[0] in {"root", "0"}
        or not users[-1].split(":")[0].isdigit()
    ):
        problems.append("final stage does not end as a numeric non-root USER")
    for i, a in ins:
        if i in {"ENV", "ARG"} and re.search(
            r"(SECRET|PASSWORD|TOKEN|PRIVATE|CREDENTIAL)\w*=", a, re.I
        ):
            problems.append(f"{i} carries a secret: {a}")
    return problems


IMAGES = sorted(p.parent.name for p in (ROOT / "deploy" / "images").glob("*/Dockerfile"))


def dockerfile(name: str) -> str:
    return (ROOT / "deploy" / "images" / name / "Dockerfile").read_text()


def run_text(name: str) -> str:
    return " ".join(a for i, a in dockerfile_instructions(dockerfile(name)) if i == "RUN")


def test_one_image_per_service_and_the_gateway_and_no_suite_image() -> None:
    assert IMAGES == sorted([*SERVICES, "gateway"])
    # One image for everything would redeploy every service with any one of them.
    assert not (ROOT / "Dockerfile").exists()


@pytest.mark.parametrize("name", IMAGES)
def test_dockerfile_is_multi_stage_pinned_non_root_and_secret_free(name: str) -> None:
    text = dockerfile(name)
    assert dockerfile_problems(text) == []
    run = run_text(name)
    assert "-c requirements/constraints.txt" in run
    assert "requirements/dev.txt" not in run, "dev tools stay out of the image"
    assert "pip check" in run
    assert "python:3.11" in text, "the suite targets Python 3.11"


def test_every_package_of_install_sh_is_in_some_image() -> None:
    install = (ROOT / "scripts/install.sh").read_text()
    packages = re.search(r"PACKAGES=\(([^)]*)\)", install, re.S)
    assert packages
    runs = " ".join(run_text(name) for name in IMAGES)
    for pkg in packages.group(1).split():
        assert f"-e {pkg}" in runs, f"no image installs {pkg}"


def test_dockerfile_checker_can_fail() -> None:
    bad = "FROM python:3.11-slim\nARG DB_PASSWORD=x\nRUN pip install .\nUSER root\n"
    assert len(dockerfile_problems(bad)) == 4


def test_dockerignore_keeps_secrets_and_junk_out_but_sources_in() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for needed in (".git", ".venv", "var", "**/*.env"):
        assert needed in patterns

    def ignored(path: str) -> bool:
        return any(
            fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/") for p in patterns
        )

    kept = [
        "requirements/constraints.txt",
        "services/contacts/crm_contacts/migrations/env.py",
        "services/identity/crm_identity/migrations/env.py",
        "libs/chassis/crm_chassis/config.py",
        "protos/gen/python/crm/identity/v1/identity_pb2.py",
        "gateway/crm_gateway/problems.py",
    ]
    assert [p for p in kept if ignored(p)] == []
    assert ignored("var/contacts.db") and ignored(".git/config") and ignored("tests/e2e/x.py")
