"""The web role's /metrics: requests by route template (not raw path), method and status."""

from __future__ import annotations

import uuid


def _value(text: str, prefix: str) -> float:
    return sum(
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix)
    )


def test_requests_are_counted_by_route_template_method_and_status(client, admin) -> None:
    for _ in range(2):
        assert client.get(f"/api/notes/v1/notes/{uuid.uuid4()}", headers=admin).status_code == 404
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.content_type.startswith("text/plain")
    text = answer.get_data(as_text=True)
    series = (
        'crm_http_requests_total{method="GET",route="/api/notes/v1/notes/<note_id>",status="404"}'
    )
    assert _value(text, series) >= 2
    assert "crm_http_request_duration_seconds_bucket{" in text
    # The raw paths (with their ids) never become labels.
    assert "/api/notes/v1/notes/" + "0" not in text.replace("<note_id>", "")


def test_metrics_is_not_part_of_the_api_document(client) -> None:
    document = client.get("/api/notes/v1/openapi.json").get_json()
    assert not any("metrics" in path for path in document["paths"])


def test_made_up_methods_and_unknown_paths_make_no_new_series(client) -> None:
    client.open("/api/notes/v1/notes", method="BREW")
    client.get("/api/notes/v1/no/such/thing/123")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'method="BREW"' not in text and "/no/such/thing" not in text
    assert _value(text, 'crm_http_requests_total{method="OTHER",route="<unmatched>"') >= 1
    assert (
        _value(text, 'crm_http_requests_total{method="GET",route="<unmatched>",status="404"}') >= 1
    )
