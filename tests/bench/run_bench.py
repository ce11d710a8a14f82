"""Gateway benchmark: a bare Flask endpoint direct vs through the real Traefik, plus a target.

    .venv/bin/python tests/bench/run_bench.py [--duration 10] [--connections 32]
        [--target-url URL|/path --auth-header "Bearer ..."] [--json out.json]
        [--loadgen auto|wrk|python] [--suite-env FILE]

One run starts the bare app (tests/bench/bare_app.py, gunicorn with the services' settings),
the problem-pages app and a Traefik with this repository's gateway config plus one extra
router `/bench/` -> bare app carrying the same middleware chain as the service routers. The
load generator always runs in another process (wrk if installed, else Python processes with
keep-alive connections). Reported per scenario: requests/s, p50 and p99 latency; and the
ratios via-Traefik/direct (the gateway's overhead) and target/bare-via-Traefik.

Reusable: ``run_scenario(name, url, headers, duration, connections) -> dict``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from bench_report import summarize, table
from load_generators import ensure_wrk, run_scenario

from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_suite_testing.gateway import TraefikProcess, find_traefik, gateway_dir, start_traefik

__all__ = ["bench_stack", "main", "run_scenario"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BARE_PATH = "/bench/v1/accounts/0b9f6b1e"
# --suite-env: module beside this script providing
#   suite_target(work_dir: Path) -> context manager yielding (path, headers, upstream env)
# that starts the suite (crm_suite_testing.suite), seeds one account and yields the URL of
# "GET one account" through the suite's gateway with a valid bearer token.
SUITE_HOOK = "suite_mode"
# The middleware chain of the service routers in gateway/dynamic/routes.yml.
SERVICE_CHAIN = "gateway-errors, rate-limit, body-limit, retry-idempotent"

Plan = list[tuple[str, str, dict[str, str]]]


# -- the environment under test ----------------------------------------------------------------


def _load_env_file(path: str) -> None:
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


@contextlib.contextmanager
def bench_stack(
    work: Path,
    middlewares: str = SERVICE_CHAIN,
    access_log: bool = True,
    upstreams: Mapping[str, str] | None = None,
    extra_dynamic: str = "",
) -> Iterator[tuple[str, TraefikProcess]]:
    """Start the bare app, the problem pages and Traefik; yield (bare direct URL, traefik).

    ``extra_dynamic``: more Traefik dynamic configuration (YAML), e.g. a bare gRPC router.
    """
    procs: list[ManagedProcess] = []
    try:
        bare_url, problems_url = _start_apps(work, procs)
        env = {
            "CRM_GATEWAY_ERRORS_URL": problems_url,
            # One client IP generates all the load: lift the per-IP limit for this instance.
            "CRM_GATEWAY_RATE_AVERAGE": "1000000",
            "CRM_GATEWAY_RATE_BURST": "1000000",
            "CRM_GATEWAY_RATE_SERVICE_AVERAGE": "1000000",
            "CRM_GATEWAY_RATE_SERVICE_BURST": "1000000",
            "CRM_GATEWAY_RATE_IP_AVERAGE": "1000000",
            "CRM_GATEWAY_RATE_IP_BURST": "1000000",
            # Service upstreams (suite mode): the same Traefik fronts the suite and the bare app.
            **(upstreams or {}),
        }
        traefik = start_traefik(
            env,
            web_port=free_port(),
            ping_port=free_port(),
            work_dir=work / "traefik",
            access_log=str(work / "access.log") if access_log else os.devnull,
            dynamic_dir=_dynamic_config(work, middlewares, bare_url, extra_dynamic),
        )
        procs.append(traefik)
        yield bare_url, traefik
    finally:
        for proc in reversed(procs):
            proc.stop()


def _start_apps(work: Path, procs: list[ManagedProcess]) -> tuple[str, str]:
    """Start the bare app and the problem pages (added to ``procs``); return their URLs."""
    bare_port, problems_port = free_port(), free_port()
    bare = ManagedProcess(
        [sys.executable, str(HERE / "bare_app.py"), str(bare_port)],
        log_path=work / "bare.log",
        name="bare-app",
    )
    procs.append(bare.start())
    pythonpath = os.pathsep.join(p for p in [str(gateway_dir()), os.environ.get("PYTHONPATH")] if p)
    problems = ManagedProcess(
        [sys.executable, "-m", "crm_gateway", "--bind", f"127.0.0.1:{problems_port}"],
        env={"PYTHONPATH": pythonpath},
        log_path=work / "problems.log",
        name="problems",
    )
    procs.append(problems.start())
    bare_url = f"http://127.0.0.1:{bare_port}"
    problems_url = f"http://127.0.0.1:{problems_port}"
    bare.wait_http(bare_url + BARE_PATH)
    problems.wait_http(f"{problems_url}/livez")
    return bare_url, problems_url


def _dynamic_config(work: Path, middlewares: str, bare_url: str, extra: str = "") -> Path:
    """The repository's dynamic config plus a /bench/ router with the given chain."""
    dynamic = work / "dynamic"
    shutil.copytree(gateway_dir() / "dynamic", dynamic)
    (dynamic / "bench.yml").write_text(
        "http:\n  routers:\n    bench-bare:\n      entryPoints: [web]\n"
        "      rule: PathPrefix(`/bench/`)\n      service: bench-bare\n"
        f"      middlewares: [{middlewares}]\n"
        "  services:\n    bench-bare:\n      loadBalancer:\n"
        "        serversTransport: web-upstream\n"
        f"        servers:\n          - url: '{bare_url}'\n"
    )
    if extra:
        (dynamic / "bench-extra.yml").write_text(extra)
    return dynamic


def _suite_hook(parser: argparse.ArgumentParser) -> Any:
    if not (HERE / f"{SUITE_HOOK}.py").is_file():
        parser.error(f"--suite-env: tests/bench/{SUITE_HOOK}.py (the suite wiring) is missing")
    sys.path.insert(0, str(HERE))
    return importlib.import_module(SUITE_HOOK)


# -- the command line --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--target-url", help="URL, or a path on the bench's Traefik")
    parser.add_argument("--auth-header", help="Authorization value for the target scenario")
    parser.add_argument("--json", dest="json_out", help="write the results as JSON here")
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="repeat all scenarios, alternating; report per-scenario medians",
    )
    parser.add_argument(
        "--env-file",
        metavar="FILE",
        help="KEY=VALUE file loaded before starting, e.g. CRM_<SERVICE>_WEB_URL of a running "
        "suite, so a --target-url given as a path goes through the bench's Traefik to it",
    )
    parser.add_argument(
        "--suite-env",
        action="store_true",
        help="also measure GET one account in a suite started for the run: delegated to "
        f"tests/bench/{SUITE_HOOK}.py (see README); `--suite` works too",
    )
    parser.add_argument(
        "--middlewares",
        default=SERVICE_CHAIN,
        help="middleware chain of the /bench/ router (to price each middleware)",
    )
    parser.add_argument(
        "--no-access-log", action="store_true", help="send Traefik's access log to /dev/null"
    )
    return parser


LIBRARIES = ("flask", "gunicorn", "sqlalchemy", "pyjwt", "cryptography", "pydantic")
LIBRARIES += ("structlog", "opentelemetry-sdk", "werkzeug")


def _library_versions() -> dict[str, str]:
    """The versions of what the request path runs on, printed beside the figures."""
    from importlib import metadata

    found = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.env_file:
        _load_env_file(args.env_file)
    suite_hook = _suite_hook(parser) if args.suite_env else None
    if args.loadgen != "python":
        ensure_wrk(install=not args.no_install)
        if args.loadgen == "wrk" and not shutil.which("wrk"):
            parser.error("wrk requested but not installed")
    work = Path(tempfile.mkdtemp(prefix="crm-bench-"))
    plan, rounds, traefik_version = _measure(args, suite_hook, work)
    results, ratios = summarize(rounds, len(plan))
    report = {
        "duration_s": args.duration,
        "connections": args.connections,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "traefik": traefik_version,
            "libraries": _library_versions(),
        },
        "rounds": args.rounds,
        "results": results,
        "per_round": rounds,
        "ratios": ratios,
        "work_dir": str(work),
    }
    print(table(results, ratios))
    print(f"\nmachine: {json.dumps(report['machine'])}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nJSON written to {args.json_out}")
    bad = [r["name"] for r in results if r["errors"] or r["non_2xx"]]
    if bad:
        print(f"\nwarning: non-2xx answers or errors in {', '.join(bad)}", file=sys.stderr)
    return 0


def _measure(
    args: argparse.Namespace, suite_hook: Any, work: Path
) -> tuple[Plan, list[list[dict[str, Any]]], str]:
    """Start the stack (and the suite), run every round; return (plan, rounds, Traefik version)."""
    with contextlib.ExitStack() as stack:
        suite_path, suite_headers, upstreams = None, {}, {}
        if suite_hook is not None:
            suite_path, suite_headers, upstreams = stack.enter_context(
                suite_hook.suite_target(work / "suite")
            )
        bare_url, traefik = stack.enter_context(
            bench_stack(work, args.middlewares, not args.no_access_log, upstreams)
        )
        plan = _plan(args, bare_url, traefik, suite_path, suite_headers)
        # Scenarios alternate round by round, so drifting machine load hits them alike.
        rounds: list[list[dict[str, Any]]] = []
        for index in range(args.rounds):
            rounds.append([_scenario(args, name, url, hdrs, index) for name, url, hdrs in plan])
        traefik_version = (
            subprocess.run([find_traefik(), "version"], capture_output=True, text=True)
            .stdout.split("\n")[0]
            .split()[-1]
        )
    return plan, rounds, traefik_version


def _plan(
    args: argparse.Namespace,
    bare_url: str,
    traefik: TraefikProcess,
    suite_path: str | None,
    suite_headers: dict[str, str],
) -> Plan:
    """(name, URL, headers) of every scenario of a round, in the order they run."""
    plan: Plan = [
        ("bare-direct", bare_url + BARE_PATH, {}),
        ("bare-via-traefik", traefik.web_url + BARE_PATH, {}),
    ]
    if args.target_url:
        url = args.target_url
        if url.startswith("/"):
            url = traefik.web_url + url
        headers = {"Authorization": args.auth_header} if args.auth_header else {}
        plan.append(("target", url, headers))
    if suite_path is not None:
        plan.append(("account-get", traefik.web_url + suite_path, suite_headers))
    return plan


def _scenario(
    args: argparse.Namespace, name: str, url: str, headers: Mapping[str, str], index: int
) -> dict:
    print(f"[bench] round {index + 1}/{args.rounds} {name}: {url}", file=sys.stderr, flush=True)
    return run_scenario(
        name,
        url,
        headers,
        args.duration,
        args.connections,
        loadgen=args.loadgen,
        warmup=args.warmup,
    )


if __name__ == "__main__":
    raise SystemExit(main())
