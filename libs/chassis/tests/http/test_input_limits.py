"""No input gets a 5xx: deep JSON, huge integers, far dates, control characters and
tampered cursors are problem+json 400/422 naming the field, on every declared route."""

from __future__ import annotations

PROBLEM = "application/problem+json"
NOTES = "/api/notes/v1/notes"


def _problem(resp, status: int) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == PROBLEM
    return resp.get_json(force=True)


def test_json_nested_beyond_the_limit_is_a_400_before_parsing(client, admin):
    body = '{"title": "x", "body": ' + "[" * 500 + "]" * 500 + "}"
    problem = _problem(
        client.post(NOTES, data=body, headers=admin, content_type="application/json"), 400
    )
    assert problem["errors"][0]["field"] == "body"


def test_an_integer_past_64_bits_in_a_body_is_a_422_naming_it(client, admin):
    body = '{"title": "x", "count": 123456789012345678901234567890}'
    problem = _problem(
        client.post(NOTES, data=body, headers=admin, content_type="application/json"), 422
    )
    assert problem["errors"][0]["field"] == "count"


def test_an_integer_past_64_bits_in_a_query_is_a_422_naming_it(client, admin):
    problem = _problem(client.get(f"{NOTES}?min_words={2**64}", headers=admin), 422)
    assert problem["errors"][0]["field"] == "min_words"


def test_far_dates_in_a_query_are_422_naming_the_parameter(client, admin):
    for value in ("0001-01-01", "9999-12-31", "9999-12-31T23:59:59Z", "1899-12-31T00:00:00Z"):
        problem = _problem(client.get(f"{NOTES}?updated_since={value}", headers=admin), 422)
        assert problem["errors"][0]["field"] == "updated_since"
    assert client.get(f"{NOTES}?updated_since=2026-01-01", headers=admin).status_code == 200


def test_nul_and_control_characters_are_refused_with_422(client, admin):
    for title in ("a\x00b", "red\x1b[31m"):
        problem = _problem(client.post(NOTES, json={"title": title}, headers=admin), 422)
        assert problem["errors"][0]["field"] == "title"
    ok = client.post(NOTES, json={"title": "x", "body": "one\n\ttwo"}, headers=admin)
    assert ok.status_code == 201


def test_a_body_refused_before_it_is_read_is_still_read_to_its_end(client, admin):
    """gunicorn closes a keep-alive connection left with over 64 KiB of unread body after
    an answer that promised to keep it, and the gateway's next request on it got a 502."""
    import io

    big = b'{"title": "' + b"x" * 300_000 + b'"}'  # over this app's 2 KiB limit: 413
    small = b'{"title": "' + b"x" * 1_000 + b'"}'  # within it, refused for the token: 401
    for body, headers, status in ((big, {}, 413), (big, admin, 413), (small, {}, 401)):
        stream = io.BytesIO(body)
        answer = client.post(
            NOTES,
            input_stream=stream,
            headers={**headers, "Content-Type": "application/json"},
            content_length=len(body),
        )
        assert answer.status_code == status
        assert stream.tell() == len(body)
