"""Upstream for gateway tests (run under gunicorn, one worker): shows what reached it.

- ``.../status/<code>?key=k``: answers ``<code>`` with the service's own problem+json body
  (and ``Retry-After: 7`` for 429), counting hits per key;
- ``.../auth/token?status=<code>``: the same, for the token endpoint's own router;
- ``.../slow?seconds=s``: sleeps, then answers 200;
- ``.../hits?key=k``: how many ``status`` requests with that key arrived;
- anything else: JSON with the method, path, request headers and body size it received.
"""

from __future__ import annotations

import json
import re
import threading
import time
from typing import Any
from urllib.parse import parse_qs

_hits: dict[str, int] = {}
_lock = threading.Lock()
_STATUS = re.compile(r"/status/(\d{3})$")


def _json(
    start_response: Any,
    status: int,
    body: Any,
    ctype: str = "application/json",
    extra: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    data = json.dumps(body).encode()
    headers = [("Content-Type", ctype), ("Content-Length", str(len(data)))]
    headers += extra or []
    start_response(f"{status} X", headers)
    return [data]


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    path = environ.get("PATH_INFO", "/")
    query = parse_qs(environ.get("QUERY_STRING", ""))
    key = query.get("key", [""])[0]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else environ["wsgi.input"].read()

    match = _STATUS.search(path)
    if path.endswith("/auth/token") and query.get("status"):
        # The token endpoint answering a status of its own (identity's lockout 429).
        match = re.match(r"(\d{3})$", query["status"][0])
    if match:
        status = int(match.group(1))
        with _lock:
            _hits[key] = _hits.get(key, 0) + 1
        problem = {
            "type": "https://crm.example/problems/from-upstream",
            "title": "Upstream's own problem",
            "status": status,
            "detail": f"produced by the echo upstream for {path}",
            "errors": [{"field": "name", "message": "required"}],
        }
        extra = [("Retry-After", "7")] if status == 429 else []
        extra.append(("X-Upstream", "echo"))
        return _json(start_response, status, problem, "application/problem+json", extra)
    if path.endswith("/slow"):
        time.sleep(float(query.get("seconds", ["2"])[0]))
        return _json(start_response, 200, {"slow": True})
    if path.endswith("/hits"):
        with _lock:
            return _json(start_response, 200, {"hits": _hits.get(key, 0)})
    headers = {
        k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    return _json(
        start_response,
        200,
        {
            "method": environ["REQUEST_METHOD"],
            "path": path,
            "query": environ.get("QUERY_STRING", ""),
            "headers": headers,
            "body_bytes": len(body),
        },
    )
