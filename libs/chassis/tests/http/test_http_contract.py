"""The HTTP chassis keeps docs/api-conventions.md's contract for every failure, not only the
happy path."""

from __future__ import annotations

from openapi_spec_validator import validate

PROBLEM = "application/problem+json"


def _is_problem(resp, status: int) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == PROBLEM
    body = resp.get_json(force=True)
    assert body["status"] == status and body["title"] and body["type"]
    return body


def test_create_returns_201_with_location_and_etag(client, admin):
    resp = client.post("/api/notes/v1/notes", json={"title": "hi"}, headers=admin)
    assert resp.status_code == 201
    assert resp.headers["Location"].endswith(resp.get_json()["id"])
    assert resp.headers["ETag"] == '"1"'


def test_no_token_is_401(client):
    body = _is_problem(client.get("/api/notes/v1/notes"), 401)
    assert "token" in body["detail"].lower()


def test_garbage_token_is_401(client):
    _is_problem(
        client.get("/api/notes/v1/notes", headers={"Authorization": "Bearer abc.def.ghi"}), 401
    )


def test_missing_permission_is_403(client, tokens):
    token = tokens.issue(perms=["notes.view"])
    resp = client.post(
        "/api/notes/v1/notes", json={"title": "x"}, headers={"Authorization": f"Bearer {token}"}
    )
    _is_problem(resp, 403)


def test_service_scope_grants_read_only(client, tokens):
    headers = {"Authorization": f"Bearer {tokens.issue(typ='service', scope='notes.notes.read')}"}
    assert client.get("/api/notes/v1/notes", headers=headers).status_code == 200
    _is_problem(client.post("/api/notes/v1/notes", json={"title": "x"}, headers=headers), 403)


def test_malformed_json_is_400(client, admin):
    resp = client.post(
        "/api/notes/v1/notes", data="{not json", headers=admin, content_type="application/json"
    )
    _is_problem(resp, 400)


def test_wrong_content_type_is_415(client, admin):
    resp = client.post(
        "/api/notes/v1/notes", data="title=x", headers=admin, content_type="text/plain"
    )
    _is_problem(resp, 415)


def test_oversized_body_is_413(client, admin):
    resp = client.post(
        "/api/notes/v1/notes", json={"title": "x", "body": "y" * 5000}, headers=admin
    )
    _is_problem(resp, 413)


def test_unknown_field_is_422_naming_it(client, admin):
    resp = client.post("/api/notes/v1/notes", json={"title": "x", "colour": "red"}, headers=admin)
    body = _is_problem(resp, 422)
    assert {"field": "colour", "message": "unknown field"} in body["errors"]


def test_invalid_field_is_422(client, admin):
    body = _is_problem(client.post("/api/notes/v1/notes", json={"title": ""}, headers=admin), 422)
    assert body["errors"][0]["field"] == "title"


def test_non_object_body_is_422(client, admin):
    _is_problem(client.post("/api/notes/v1/notes", json=[1, 2], headers=admin), 422)


def test_bad_uuid_is_400(client, admin):
    body = _is_problem(client.get("/api/notes/v1/notes/not-a-uuid", headers=admin), 400)
    assert body["errors"][0]["field"] == "note_id"


def test_limit_over_max_is_422(client, admin):
    _is_problem(client.get("/api/notes/v1/notes?limit=501", headers=admin), 422)


def test_unknown_query_parameter_is_422(client, admin):
    _is_problem(client.get("/api/notes/v1/notes?colour=red", headers=admin), 422)


def test_unknown_route_and_method_are_problems(client, admin):
    _is_problem(client.get("/api/notes/v1/nowhere", headers=admin), 404)
    _is_problem(client.delete("/api/notes/v1/notes", headers=admin), 405)


def test_unexpected_error_is_generic_500_without_internals(client):
    resp = client.get("/api/notes/v1/boom")
    body = _is_problem(resp, 500)
    text = resp.get_data(as_text=True)
    assert "passwd" not in text and "Traceback" not in text and body["trace_id"]


def test_stale_if_match_is_412_and_fresh_one_applies(client, admin):
    created = client.post("/api/notes/v1/notes", json={"title": "a"}, headers=admin).get_json()
    url = f"/api/notes/v1/notes/{created['id']}"
    ok = client.patch(url, json={"title": "b"}, headers={**admin, "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.headers["ETag"] == '"2"'
    _is_problem(client.patch(url, json={"title": "c"}, headers={**admin, "If-Match": '"1"'}), 412)
    _is_problem(
        client.patch(url, json={"title": "c"}, headers={**admin, "If-Match": "garbage"}), 400
    )
    assert client.get(url, headers=admin).get_json()["title"] == "b"


def test_idempotency_key_replays_first_response_without_second_effect(app, client, admin):
    headers = {**admin, "Idempotency-Key": "k-1"}
    first = client.post("/api/notes/v1/notes", json={"title": "once"}, headers=headers)
    second = client.post("/api/notes/v1/notes", json={"title": "once"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert app.config["calls"]["create"] == 1


def test_a_committed_effect_is_answered_even_when_its_answer_cannot_be_recorded(
    app, client, admin, monkeypatch
):
    """The database going away between the effect and recording its answer: still the 201.

    A 503 there made the client retry; once the reservation went stale the retry ran the
    effect a second time (the fault suite, PostgreSQL stopped mid-stream).
    """
    import sqlalchemy as sa

    from crm_chassis.http.idempotency import IdempotencyStore

    def down(*_: object) -> None:
        raise sa.exc.OperationalError("UPDATE", None, ConnectionRefusedError("refused"))

    monkeypatch.setattr(IdempotencyStore, "_complete", down)
    headers = {**admin, "Idempotency-Key": "k-down"}
    answer = client.post("/api/notes/v1/notes", json={"title": "once"}, headers=headers)
    assert answer.status_code == 201
    assert app.config["calls"]["create"] == 1


def test_idempotency_key_reused_for_other_request_is_422(client, admin):
    headers = {**admin, "Idempotency-Key": "k-2"}
    client.post("/api/notes/v1/notes", json={"title": "one"}, headers=headers)
    _is_problem(client.post("/api/notes/v1/notes", json={"title": "two"}, headers=headers), 422)


def test_health_is_public(client):
    assert client.get("/api/notes/v1/health/live").status_code == 200
    assert client.get("/api/notes/v1/health/ready").get_json() == {"status": "ready"}


def test_openapi_document_validates_and_lists_routes(client):
    doc = client.get("/api/notes/v1/openapi.json").get_json()
    validate(doc)
    assert "/api/notes/v1/notes/{note_id}" in doc["paths"]
    post = doc["paths"]["/api/notes/v1/notes"]["post"]
    assert "422" in post["responses"] and "requestBody" in post


def test_every_operation_declares_the_errors_any_route_can_answer(client):
    """Schemathesis through the gateway found 409s on creates and actions, 404s for records
    named in a body or query, and the gateway's 414s, all undocumented."""
    doc = client.get("/api/notes/v1/openapi.json").get_json()
    anywhere = {"400", "401", "403", "404", "406", "413", "414", "415", "422", "429", "431"}
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            declared = set(op["responses"])
            assert anywhere <= declared, (method, path, anywhere - declared)
            if method in ("post", "put", "patch", "delete"):
                assert {"409", "412"} <= declared, (method, path)
            assert not {"500", "502", "503", "default"} & declared, (method, path)


def test_correlation_id_is_echoed(client, admin):
    resp = client.get("/api/notes/v1/notes", headers={**admin, "X-Correlation-Id": "abc-123"})
    assert resp.headers["X-Correlation-Id"] == "abc-123"


def test_a_database_that_is_down_answers_503_problem_with_retry_after(client) -> None:
    resp = client.get("/api/notes/v1/db-down")
    assert resp.status_code == 503
    assert resp.content_type == "application/problem+json"
    assert resp.headers["Retry-After"] == "5"
    assert resp.get_json()["type"].endswith("/unavailable")
