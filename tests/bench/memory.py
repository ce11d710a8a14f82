"""Memory of every process of a role, as RSS, PSS and USS (``/proc/<pid>/smaps_rollup``).

RSS counts a page shared by a gunicorn master and its workers once per process, so a role's
RSS sum overstates it; PSS splits each shared page between the processes mapping it (a
role's PSS sum counts shared pages once) and USS is what the process alone holds (what
killing it would free).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def group_pids(pgid: int) -> list[int]:
    """The processes of a process group (a role: gunicorn master + workers, or one)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[2]) == pgid:  # fields: state, ppid, pgrp, ...
            pids.append(int(entry.name))
    return sorted(pids)


def process_memory(pid: int) -> dict[str, float] | None:
    """RSS, PSS and USS of one process in MB; None when it ended or is not readable."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    kb: dict[str, int] = {}
    for line in text.splitlines()[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            kb[name] = int(parts[0])
    uss = kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)
    return {
        "rss": round(kb.get("Rss", 0) / 1024, 1),
        "pss": round(kb.get("Pss", 0) / 1024, 1),
        "uss": round(uss / 1024, 1),
    }


def role_memory(procs: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Per role: the sums (RSS, PSS, USS in MB) and every process's figures."""
    out: dict[str, dict[str, Any]] = {}
    for role, pgid in procs.items():
        each = {pid: m for pid in group_pids(pgid) if (m := process_memory(pid)) is not None}
        sums = {k: round(sum(m[k] for m in each.values()), 1) for k in ("rss", "pss", "uss")}
        out[role] = {**sums, "processes": {str(pid): m for pid, m in each.items()}}
    return out


def memory_lines(idle: dict[str, Any], loaded: dict[str, Any]) -> list[str]:
    """The per-process table: role, pid, RSS/PSS/USS idle and after the load."""
    lines = [
        "",
        "memory MB per process, idle -> after load (role sum of PSS counts shared pages once):",
        f"  {'role':<24} {'pid':>7}  {'RSS':>13}  {'PSS':>13}  {'USS':>13}",
    ]

    def cell(a: dict[str, float] | None, b: dict[str, float] | None, key: str) -> str:
        left = f"{a[key]:.0f}" if a else "-"
        right = f"{b[key]:.0f}" if b else "-"
        return f"{left:>5} -> {right:<5}"

    for role, before in idle.items():
        after = loaded.get(role, {})
        pids = sorted(set(before["processes"]) | set(after.get("processes", {})), key=int)
        for pid in pids:
            a, b = before["processes"].get(pid), after.get("processes", {}).get(pid)
            figures = "  ".join(cell(a, b, k) for k in ("rss", "pss", "uss"))
            lines.append(f"  {role:<24} {pid:>7}  {figures}")
        if len(pids) > 1:
            figures = "  ".join(cell(before, after or None, k) for k in ("rss", "pss", "uss"))
            lines.append(f"  {role + ' (sum)':<24} {'':>7}  {figures}")
    return lines
