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
import http.client
import importlib
import json
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_suite_testing.gateway import TraefikProcess, find_traefik, gateway_dir, start_traefik

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

_WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\\"requests\\":%d,\\"duration_us\\":%d,\\"p50_us\\":%d,\\"p99_us\\":%d," ..
    "\\"mean_us\\":%.1f,\\"status_errors\\":%d,\\"connect_errors\\":%d," ..
    "\\"read_errors\\":%d,\\"write_errors\\":%d,\\"timeouts\\":%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
"""


# -- load generators ---------------------------------------------------------------------------


def ensure_wrk(install: bool = True) -> str | None:
    """Return the wrk path; install it with apt-get when missing, allowed and running as root."""
    found = shutil.which("wrk")
    if found or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(cmd, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(cmd, env=env, capture_output=True)
    return shutil.which("wrk")


def _wrk(url: str, headers: Mapping[str, str], duration: float, connections: int) -> dict:
    wrk = shutil.which("wrk")
    assert wrk, "wrk not installed"
    threads = max(1, min(connections, os.cpu_count() or 2))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(_WRK_LUA)
    try:
        cmd = [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "-s",
            lua.name,
        ]
        for key, value in headers.items():
            cmd += ["-H", f"{key}: {value}"]
        out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=duration + 60)
    finally:
        os.unlink(lua.name)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout}\n{out.stderr}")
    raw = json.loads(line.split(" ", 1)[1])
    seconds = raw["duration_us"] / 1e6
    errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 3),
        "p99_ms": round(raw["p99_us"] / 1000, 3),
        "mean_ms": round(raw["mean_us"] / 1000, 3),
        "non_2xx": raw["status_errors"],
        "errors": errors,
        "loadgen": f"wrk -t{threads} -c{connections}",
    }


def _py_worker(
    url: str, headers: dict[str, str], connections: int, duration: float, queue: Any
) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    stop_at = time.perf_counter() + duration
    results: list[tuple[list[float], int, int]] = []
    lock = threading.Lock()

    def one_connection() -> None:
        latencies: list[float] = []
        non_2xx = errors = 0
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            latencies.append(time.perf_counter() - started)
            if not 200 <= resp.status < 300:
                non_2xx += 1
        conn.close()
        with lock:
            results.append((latencies, non_2xx, errors))

    threads = [threading.Thread(target=one_connection) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(results)


def _python_loadgen(
    url: str, headers: Mapping[str, str], duration: float, connections: int
) -> dict:
    procs_n = max(1, min(connections, os.cpu_count() or 2))
    split = [
        connections // procs_n + (1 if i < connections % procs_n else 0) for i in range(procs_n)
    ]
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_py_worker, args=(url, dict(headers), n, duration, queue))
        for n in split
        if n
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    collected = [queue.get(timeout=duration + 60) for _ in procs]
    for p in procs:
        p.join()
    seconds = time.perf_counter() - started
    latencies = sorted(lat for chunk in collected for lats, _, _ in chunk for lat in lats)
    non_2xx = sum(n for chunk in collected for _, n, _ in chunk)
    errors = sum(e for chunk in collected for _, _, e in chunk)
    return {
        "requests": len(latencies),
        "seconds": round(seconds, 3),
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 3),
        "p99_ms": round(_percentile(latencies, 99) * 1000, 3),
        "mean_ms": round(sum(latencies) / len(latencies) * 1000, 3) if latencies else 0.0,
        "non_2xx": non_2xx,
        "errors": errors,
        "loadgen": f"python {len(procs)} processes x {connections} keep-alive connections",
    }


def _percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]


def run_scenario(
    name: str,
    url: str,
    headers: Mapping[str, str] | None,
    duration: float,
    connections: int,
    *,
    loadgen: str = "auto",
    warmup: float = 1.0,
) -> dict[str, Any]:
    """Load ``url`` with GETs for ``duration`` seconds over ``connections`` keep-alive
    connections from another process; return requests/s, p50/p99 (ms), errors, loadgen.

    ``loadgen``: "wrk", "python" or "auto" (wrk when installed). A short warm-up run first
    is discarded. Never raises on non-2xx answers: they are counted in ``non_2xx``.
    """
    headers = dict(headers or {})
    use_wrk = loadgen == "wrk" or (loadgen == "auto" and shutil.which("wrk"))
    run = _wrk if use_wrk else _python_loadgen
    if warmup > 0:
        run(url, headers, warmup, connections)
    result = run(url, headers, duration, connections)
    return {"name": name, "url": url, "connections": connections, **result}


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
) -> Iterator[tuple[str, TraefikProcess]]:
    """Start the bare app, the problem pages and Traefik; yield (bare direct URL, traefik)."""
    procs: list[ManagedProcess] = []
    try:
        bare_port, problems_port = free_port(), free_port()
        bare = ManagedProcess(
            [sys.executable, str(HERE / "bare_app.py"), str(bare_port)],
            log_path=work / "bare.log",
            name="bare-app",
        )
        procs.append(bare.start())
        pythonpath = os.pathsep.join(
            p for p in [str(gateway_dir()), os.environ.get("PYTHONPATH")] if p
        )
        problems = ManagedProcess(
            [sys.executable, "-m", "crm_gateway", "--bind", f"127.0.0.1:{problems_port}"],
            env={"PYTHONPATH": pythonpath},
            log_path=work / "problems.log",
            name="problems",
        )
        procs.append(problems.start())
        bare_url = f"http://127.0.0.1:{bare_port}"
        bare.wait_http(bare_url + BARE_PATH)
        problems.wait_http(f"http://127.0.0.1:{problems_port}/livez")

        # The repository's dynamic config plus a /bench/ router with the service chain.
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
        env = {
            "CRM_GATEWAY_ERRORS_URL": f"http://127.0.0.1:{problems_port}",
            # One client IP generates all the load: lift the per-IP limit for this instance.
            "CRM_GATEWAY_RATE_AVERAGE": "1000000",
            "CRM_GATEWAY_RATE_BURST": "1000000",
            # Service upstreams (suite mode): the same Traefik fronts the suite and the bare app.
            **(upstreams or {}),
        }
        traefik = start_traefik(
            env,
            web_port=free_port(),
            ping_port=free_port(),
            work_dir=work / "traefik",
            access_log=str(work / "access.log") if access_log else os.devnull,
            dynamic_dir=dynamic,
        )
        procs.append(traefik)
        yield bare_url, traefik
    finally:
        for proc in reversed(procs):
            proc.stop()


def _median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median rps/p50/p99 over rounds of one scenario; counts are summed."""
    if len(runs) == 1:
        return runs[0]
    merged = dict(runs[0])
    for key in ("rps", "p50_ms", "p99_ms", "mean_ms", "seconds"):
        merged[key] = statistics.median(r[key] for r in runs)
    for key in ("requests", "non_2xx", "errors"):
        merged[key] = sum(r[key] for r in runs)
    return merged


def _suite_hook(parser: argparse.ArgumentParser) -> Any:
    if not (HERE / f"{SUITE_HOOK}.py").is_file():
        parser.error(f"--suite-env: tests/bench/{SUITE_HOOK}.py (the suite wiring) is missing")
    sys.path.insert(0, str(HERE))
    return importlib.import_module(SUITE_HOOK)


def _ratio(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float | None]:
    def div(x: float, y: float) -> float | None:
        return round(x / y, 3) if y else None

    return {
        "rps": div(a["rps"], b["rps"]),
        "p50": div(a["p50_ms"], b["p50_ms"]),
        "p99": div(a["p99_ms"], b["p99_ms"]),
    }


def _table(results: list[dict[str, Any]], ratios: dict[str, dict[str, float | None]]) -> str:
    lines = [
        f"{'scenario':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}{'errors':>8}",
        "-" * 69,
    ]
    for r in results:
        lines.append(
            f"{r['name']:<22}{r['rps']:>10.1f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}"
            f"{r['non_2xx']:>9}{r['errors']:>8}"
        )
    lines.append("")
    for label, ratio in ratios.items():
        parts = ", ".join(f"{k} x{v}" for k, v in ratio.items())
        lines.append(f"{label:<40}{parts}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv)
    if args.env_file:
        _load_env_file(args.env_file)
    suite_hook = _suite_hook(parser) if args.suite_env else None
    if args.loadgen != "python":
        ensure_wrk(install=not args.no_install)
        if args.loadgen == "wrk" and not shutil.which("wrk"):
            parser.error("wrk requested but not installed")

    def scenario(name: str, url: str, headers: Mapping[str, str], index: int) -> dict:
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

    work = Path(tempfile.mkdtemp(prefix="crm-bench-"))
    with contextlib.ExitStack() as stack:
        suite_path, suite_headers, upstreams = None, {}, {}
        if suite_hook is not None:
            suite_path, suite_headers, upstreams = stack.enter_context(
                suite_hook.suite_target(work / "suite")
            )
        bare_url, traefik = stack.enter_context(
            bench_stack(work, args.middlewares, not args.no_access_log, upstreams)
        )
        plan: list[tuple[str, str, dict[str, str]]] = [
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
        # Scenarios alternate round by round, so drifting machine load hits them alike.
        rounds: list[list[dict[str, Any]]] = []
        for index in range(args.rounds):
            rounds.append([scenario(name, url, hdrs, index) for name, url, hdrs in plan])
        traefik_version = (
            subprocess.run([find_traefik(), "version"], capture_output=True, text=True)
            .stdout.split("\n")[0]
            .split()[-1]
        )

    results = [_median_of([r[i] for r in rounds]) for i in range(len(plan))]
    by_name = {r["name"]: r for r in results}
    ratios = {
        "gateway overhead (via traefik / direct)": _ratio(
            by_name["bare-via-traefik"], by_name["bare-direct"]
        )
    }
    for name in ("target", "account-get"):
        if name in by_name:
            ratios[f"{name} / bare-via-traefik"] = _ratio(
                by_name[name], by_name["bare-via-traefik"]
            )
    report = {
        "duration_s": args.duration,
        "connections": args.connections,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "traefik": traefik_version,
        },
        "rounds": args.rounds,
        "results": results,
        "per_round": rounds,
        "ratios": ratios,
        "work_dir": str(work),
    }
    print(_table(results, ratios))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nJSON written to {args.json_out}")
    bad = [r["name"] for r in results if r["errors"] or r["non_2xx"]]
    if bad:
        print(f"\nwarning: non-2xx answers or errors in {', '.join(bad)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
