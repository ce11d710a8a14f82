"""The problem-pages app on its own (WSGI, in process)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crm_chassis.errors import KINDS, TYPE_BASE
from crm_gateway import problems


def _call(path: str, query: str = "") -> tuple[str, dict[str, str], dict[str, Any]]:
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(problems.app({"PATH_INFO": path, "QUERY_STRING": query}, start_response))
    return captured["status"], captured["headers"], json.loads(body)


@pytest.mark.parametrize("status", [413, 429, 500, 502, 503, 504])
def test_problem_document_per_status(status: int) -> None:
    line, headers, body = _call(f"/problems/{status}", "url=%2Fapi%2Fsales%2Fv1%2Fleads%3Fq%3Dx")
    assert line.startswith(f"{status} ")
    assert headers["Content-Type"] == "application/problem+json"
    assert int(headers["Content-Length"]) > 0
    assert body["status"] == status
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["instance"] == "/api/sales/v1/leads"  # path only, query dropped


def test_429_sets_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    _, headers, _ = _call("/problems/429")
    assert headers["Retry-After"] == "1"
    monkeypatch.setenv("CRM_GATEWAY_RETRY_AFTER", "3")
    assert _call("/problems/429")[1]["Retry-After"] == "3"
    monkeypatch.setenv("CRM_GATEWAY_RETRY_AFTER", "soon")
    assert _call("/problems/429")[1]["Retry-After"] == "1"
    assert "Retry-After" not in _call("/problems/502")[1]


def test_vocabulary_matches_the_services() -> None:
    assert problems.TYPE_BASE == TYPE_BASE
    by_status = {kind.status: kind for kind in KINDS.values()}
    for status, (slug, title, _) in problems.PROBLEMS.items():
        if status in by_status and status != 409:
            assert (slug, title) == (by_status[status].slug, by_status[status].title)


def test_other_paths_are_404_problems_and_odd_statuses_are_safe() -> None:
    line, _, body = _call("/whatever")
    assert line.startswith("404 ") and body["instance"] == "/whatever"
    line, _, body = _call("/problems/200")
    assert line.startswith("500 ") and body["status"] == 500
    _, _, body = _call("/problems/418")
    assert body["status"] == 418 and body["title"] == "I'm a Teapot"
