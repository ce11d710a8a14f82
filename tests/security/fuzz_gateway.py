"""Schemathesis through the real gateway against every OpenAPI document it serves.

Starts the whole suite from the Procfile (``crm_suite_testing.suite``, as tests/e2e do),
finds every service whose ``/api/<service>/v1/openapi.json`` the gateway serves (a new
service joins by being in the Procfile), and runs schemathesis on each document twice:
with an administrator's token and without one. It fails on any 5xx and on any answer that
breaks its own document (status code declared, content type, response schema, headers).

Bounded and repeatable: ``--max-examples`` cases per operation and phase and a fixed
``--seed`` (``CRM_FUZZ_MAX_EXAMPLES``, default 8, ``CRM_FUZZ_SEED``, default 1212).
Prints the cases per service and auth mode; exit status 1 when anything failed.

    .venv/bin/python tests/security/fuzz_gateway.py [--keep-reports DIR] [--only SERVICE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from crm_suite_testing.suite import password_headers, read_procfile, running_suite

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "admin@fuzz.test"
ADMIN_PASSWORD = "fuzz-admin-password-1"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)


@dataclass
class Outcome:
    service: str
    mode: str
    cases: int
    successes: int
    failures: int
    returncode: int
    seconds: float


def procfile_services() -> list[str]:
    """Every service with a web process in the Procfile, in its order."""
    return [n[: -len("-web")] for n in read_procfile(ROOT / "Procfile") if n.endswith("-web")]


def served_documents(gateway_url: str, services: list[str]) -> dict[str, str]:
    """``{service: document URL}`` for each document the gateway answers 200 for."""
    found = {}
    for service in services:
        url = f"{gateway_url}/api/{service}/v1/openapi.json"
        resp = requests.get(url, timeout=10)
        if resp.status_code == 200 and resp.json().get("paths"):
            found[service] = url
    return found


def _count(ndjson: Path) -> tuple[int, int, int]:
    """(cases sent, cases answered 2xx, failed scenarios) from schemathesis's NDJSON events."""
    cases = successes = failures = 0
    for line in ndjson.read_text().splitlines() if ndjson.exists() else []:
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        failures += finished.get("status") in ("failure", "error")
        for interaction in finished.get("recorder", {}).get("interactions", {}).values():
            cases += 1
            status = (interaction.get("response") or {}).get("status_code", 0)
            successes += 200 <= status < 300
    return cases, successes, failures


def _command(doc_url: str, gateway_url: str, headers: dict[str, str], ndjson: Path) -> list[str]:
    cmd = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        doc_url,
        "--url",
        gateway_url,
        "--checks",
        CHECKS,
        "--max-examples",
        os.environ.get("CRM_FUZZ_MAX_EXAMPLES", "8"),
        "--seed",
        os.environ.get("CRM_FUZZ_SEED", "1212"),
        "--phases",
        os.environ.get("CRM_FUZZ_PHASES", "examples,coverage,fuzzing"),
        # One worker per run: Hypothesis parses lambdas' source with ast, which is not
        # thread-safe on Python 3.11 ("AST constructor recursion depth mismatch"). The two
        # auth modes run as two processes side by side instead.
        "--workers",
        "1",
        "--no-shrink",
        "--suppress-health-check",
        "all",
        "--request-timeout",
        "30",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(ndjson),
        "--warnings",
        "off",
    ]
    for name, value in headers.items():
        cmd += ["--header", f"{name}: {value}"]
    return cmd


def run_service(
    service: str, doc_url: str, gateway_url: str, modes: dict[str, dict[str, str]], out: Path
) -> list[Outcome]:
    """Run schemathesis on one document in every auth mode at once; print their output."""
    started = time.monotonic()
    running = {}
    for mode, headers in modes.items():
        ndjson = out / f"{service}-{mode}.ndjson"
        log = (out / f"{service}-{mode}.log").open("w")
        cmd = _command(doc_url, gateway_url, headers, ndjson)
        running[mode] = (subprocess.Popen(cmd, cwd=out, stdout=log, stderr=subprocess.STDOUT), log)
    outcomes = []
    for mode, (proc, log) in running.items():
        code = proc.wait()
        log.close()
        ndjson = out / f"{service}-{mode}.ndjson"
        print(f"\n===== {service}, auth: {mode} =====", flush=True)
        print((out / f"{service}-{mode}.log").read_text(), flush=True)
        cases, successes, failures = _count(ndjson)
        if mode != "none" and cases and not successes:
            # A token that never worked would turn the run into 401s and pass: refuse that.
            print(f"{service}/{mode}: no 2xx answer in {cases} cases; is the token valid?")
            code = code or 1
        elapsed = time.monotonic() - started
        outcomes.append(Outcome(service, mode, cases, successes, failures, code, elapsed))
    return outcomes


def print_table(outcomes: list[Outcome]) -> None:
    print("\nschemathesis through the gateway: cases per service and auth mode")
    print(f"{'service':<12} {'auth':<6} {'cases':>7} {'2xx':>6} {'failed':>7} {'seconds':>8}")
    for o in outcomes:
        failed = o.failures if o.failures or o.returncode == 0 else "yes"
        print(
            f"{o.service:<12} {o.mode:<6} {o.cases:>7} {o.successes:>6} {failed!s:>7}"
            f" {o.seconds:>8.1f}"
        )
    print(f"{'total':<12} {'':<6} {sum(o.cases for o in outcomes):>7}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="fuzz only these services")
    parser.add_argument("--keep-reports", type=Path, help="keep NDJSON reports in this folder")
    args = parser.parse_args()
    services = procfile_services()
    with tempfile.TemporaryDirectory(prefix="crm-fuzz-") as tmp:
        work = Path(tmp)
        out = args.keep_reports or work / "reports"
        out.mkdir(parents=True, exist_ok=True)
        (work / "suite").mkdir()
        with running_suite(
            ROOT,
            services,
            work / "suite",
            admin_email=ADMIN_EMAIL,
            admin_password=ADMIN_PASSWORD,
            vhost_prefix="crm-fuzz",
        ) as suite:
            gw = suite.gateway_url
            documents = served_documents(gw, services)
            print(f"documents served by the gateway: {', '.join(documents)}", flush=True)
            outcomes = []
            for service, doc in documents.items():
                if args.only and service not in args.only:
                    continue
                # A fresh token per document: access tokens live 15 minutes.
                admin = password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)
                modes = {"admin": admin, "none": {}}
                outcomes += run_service(service, doc, gw, modes, out)
    print_table(outcomes)
    failed = [o for o in outcomes if o.returncode != 0]
    if not outcomes or failed:
        print(f"FAILED: {', '.join(f'{o.service}/{o.mode}' for o in failed) or 'nothing ran'}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
