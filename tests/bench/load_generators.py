"""Load generators for the gateway benchmark: wrk when installed, else Python processes.

Either way the load comes from processes other than the one that measures, over keep-alive
connections. ``run_scenario`` is the entry point (run_bench re-exports it).
"""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

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


def _wrk(
    url: str, headers: Mapping[str, str], duration: float, connections: int, body: str | None
) -> dict:
    wrk = shutil.which("wrk")
    assert wrk, "wrk not installed"
    threads = max(1, min(connections, os.cpu_count() or 2))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        if body is not None:
            # A POST scenario: the same JSON body on every request.
            lua.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n')
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
    url: str,
    headers: dict[str, str],
    connections: int,
    duration: float,
    queue: Any,
    body: str | None = None,
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
                conn.request("POST" if body else "GET", path, body=body, headers=headers)
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
    url: str, headers: Mapping[str, str], duration: float, connections: int, body: str | None
) -> dict:
    procs_n = max(1, min(connections, os.cpu_count() or 2))
    split = [
        connections // procs_n + (1 if i < connections % procs_n else 0) for i in range(procs_n)
    ]
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_py_worker, args=(url, dict(headers), n, duration, queue, body))
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
    body: str | None = None,
) -> dict[str, Any]:
    """Load ``url`` with GETs for ``duration`` seconds over ``connections`` keep-alive
    connections from another process; return requests/s, p50/p99 (ms), errors, loadgen.

    ``loadgen``: "wrk", "python" or "auto" (wrk when installed). A short warm-up run first
    is discarded. Never raises on non-2xx answers: they are counted in ``non_2xx``. With
    ``body`` (a JSON text) every request is a POST of it instead of a GET.
    """
    headers = dict(headers or {})
    if body is not None:
        headers.setdefault("Content-Type", "application/json")
    use_wrk = loadgen == "wrk" or (loadgen == "auto" and shutil.which("wrk"))
    run = _wrk if use_wrk else _python_loadgen
    if warmup > 0:
        run(url, headers, warmup, connections, body)
    result = run(url, headers, duration, connections, body)
    return {"name": name, "url": url, "connections": connections, **result}
