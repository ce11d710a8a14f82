"""The public submission endpoint: accepted -> LeadCaptured in the outbox; spam, bad origin,
rate limits and bad input refused with the reason, creating no event."""

from __future__ import annotations

from typing import Any

import pytest

from crm_marketing.api.forms import BASE as API

ORIGIN = "https://www.example.com"
VALID = {"first": "Ada", "last": "Lovelace", "mail": "ada@example.com", "org": "Engines"}


@pytest.fixture
def make_form(client: Any, admin: dict[str, str], form_body: Any) -> Any:
    def make(**overrides: Any) -> dict[str, Any]:
        answer = client.post(f"{API}/forms", json=form_body(**overrides), headers=admin)
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()

    return make


def _post(client: Any, form: dict[str, Any], body: dict[str, Any], **kwargs: Any) -> Any:
    return client.post(f"{API}/forms/{form['id']}/submissions", **{"json": body, **kwargs})


def test_an_accepted_submission_emits_lead_captured_with_the_mapping(
    client, admin, make_form, form_stamp, outbox, campaign_id
):
    form = make_form(campaign_id=campaign_id)
    body = {**VALID, "city": "London", "size": "11+", "note": "Call me", "x": "ignored"}
    answer = _post(
        client, form, {**body, "form_stamp": form_stamp(form["id"])}, headers={"Origin": ORIGIN}
    )
    assert answer.status_code == 201, answer.get_json()
    assert answer.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert answer.get_json()["status"] == "accepted"
    [(kind, envelope)] = [e for e in outbox() if e[0].startswith("marketing.lead.")]
    assert kind == "marketing.lead.captured.v1"
    assert envelope["subject"] == answer.get_json()["id"]
    data = envelope["data"]
    assert (data["first_name"], data["last_name"], data["email"]) == (
        "Ada",
        "Lovelace",
        "ada@example.com",
    )
    assert data["company"] == "Engines" and data["address"]["city"] == "London"
    assert data["campaign_id"] == form["campaign_id"]
    assert data["lead_source"] == "Web Site"
    assert data["extra"] == {"size": "11+", "note": "Call me"}
    location = answer.headers["Location"]
    stored = client.get(location, headers=admin).get_json()
    assert stored["status"] == "accepted" and stored["values"]["mail"] == "ada@example.com"


def test_a_browser_post_is_redirected_to_the_thank_you_page(client, make_form, form_stamp):
    form = make_form()
    answer = client.post(
        f"{API}/forms/{form['id']}/submissions",
        data={**VALID, "form_stamp": form_stamp(form["id"])},
        headers={"Accept": "text/html,application/xhtml+xml", "Origin": ORIGIN},
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == "https://www.example.com/thanks"


def test_a_browser_post_with_bad_input_goes_to_the_error_page_with_the_reason(
    client, make_form, form_stamp, outbox
):
    form = make_form()
    answer = client.post(
        f"{API}/forms/{form['id']}/submissions",
        data={**VALID, "mail": "not-an-address", "form_stamp": form_stamp(form["id"])},
        headers={"Accept": "text/html"},
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == "https://www.example.com/oops?form=1&reason=invalid"
    assert outbox() == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"last": ""}, "last", "is required"),
        ({"mail": "ada@"}, "mail", "is not an e-mail address"),
        ({"org": "x" * 51}, "org", "is at most 50 characters"),
        ({"first": "Ada\u2028x"}, "first", "contains control characters"),
        ({"first": "Ada\nBcc: x@y.z"}, "first", "contains control characters"),
        ({"size": "huge"}, "size", "must be one of: 1-10, 11+"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_stored_as_rejected(
    client, admin, make_form, form_stamp, outbox, change, field, message
):
    form = make_form()
    answer = _post(client, form, {**VALID, **change, "form_stamp": form_stamp(form["id"])})
    assert answer.status_code == 422
    problem = answer.get_json()
    assert problem["reason"] == "invalid"
    assert {"field": field, "message": message} in problem["errors"]
    assert outbox() == []
    listed = client.get(f"{API}/forms/{form['id']}/submissions", headers=admin).get_json()
    assert [(s["status"], s["reason"]) for s in listed["items"]] == [("rejected", "invalid")]


def test_spam_is_refused_with_the_reason_and_creates_nothing(
    client, admin, make_form, form_stamp, outbox
):
    slow = make_form(min_fill_seconds=60)
    fast = _post(client, slow, {**VALID, "form_stamp": form_stamp(slow["id"])})
    form = make_form()
    other_form_stamp = form_stamp(slow["id"])
    cases = [
        (
            _post(
                client,
                form,
                {
                    **VALID,
                    "form_stamp": form_stamp(form["id"]),
                    "confirm_email_address": "bot@spam.example",
                },
            ),
            400,
            "honeypot",
        ),
        (_post(client, form, VALID), 400, "stamp"),
        (_post(client, form, {**VALID, "form_stamp": "forged.stamp.value"}), 400, "stamp"),
        (_post(client, form, {**VALID, "form_stamp": other_form_stamp}), 400, "stamp"),
        (fast, 400, "too_fast"),
        (
            _post(
                client,
                form,
                {**VALID, "form_stamp": form_stamp(form["id"])},
                headers={"Origin": "https://evil.example"},
            ),
            403,
            "origin",
        ),
    ]
    for answer, status, reason in cases:
        assert (answer.status_code, answer.get_json()["reason"]) == (status, reason)
        assert answer.content_type == "application/problem+json"
        assert "Access-Control-Allow-Origin" not in answer.headers
    assert outbox() == []
    rejected = client.get(f"{API}/forms/{form['id']}/submissions?status=rejected", headers=admin)
    assert len(rejected.get_json()["items"]) == 5


def test_the_per_form_and_per_address_limits_answer_429_and_store_nothing(
    client, make_form, form_stamp, outbox, submission_count, service, monkeypatch
):
    form = make_form(rate_limit_per_hour=2)
    for _ in range(2):
        assert (
            _post(client, form, {**VALID, "form_stamp": form_stamp(form["id"])}).status_code == 201
        )
    limited = _post(client, form, {**VALID, "form_stamp": form_stamp(form["id"])})
    assert limited.status_code == 429
    assert limited.get_json()["reason"] == "rate_form" and limited.headers["Retry-After"]
    assert submission_count() == 2 and len(outbox()) == 2
    monkeypatch.setitem(service.run._dependencies, "form_ip_limit", 2)
    other = make_form()
    by_ip = _post(client, other, {**VALID, "form_stamp": form_stamp(other["id"])})
    assert (by_ip.status_code, by_ip.get_json()["reason"]) == (429, "rate_ip")
    elsewhere = _post(
        client,
        other,
        {**VALID, "form_stamp": form_stamp(other["id"])},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert elsewhere.status_code == 201


def test_a_client_key_makes_a_retry_answer_the_first_submission(
    client, make_form, form_stamp, outbox
):
    form = make_form()
    body = {**VALID, "form_stamp": form_stamp(form["id"]), "submission_key": "k-1"}
    first, again = _post(client, form, body), _post(client, form, body)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    assert len(outbox()) == 1


def test_an_inactive_or_unknown_form_takes_nothing(client, admin, make_form, form_stamp, outbox):
    form = make_form()
    client.patch(f"{API}/forms/{form['id']}", json={"status": "inactive"}, headers=admin)
    answer = _post(client, form, {**VALID, "form_stamp": form_stamp(form["id"])})
    assert (answer.status_code, answer.get_json()["reason"]) == (409, "form_inactive")
    missing = {"id": "6b0f6a57-3c1e-4b8a-9d52-3f0c2a1d9e11"}
    assert _post(client, missing, VALID).status_code == 404
    assert client.post(f"{API}/forms/not-a-uuid/submissions", json=VALID).status_code == 400
    assert outbox() == []


def test_a_preflight_gets_cors_headers_for_allowed_origins_only(client, make_form):
    form = make_form()
    url = f"{API}/forms/{form['id']}/submissions"
    ok = client.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert ok.headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert "POST" in ok.headers["Access-Control-Allow-Methods"]
    bad = client.options(url, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in bad.headers


def test_nul_and_terminal_controls_are_refused_before_anything_is_stored(
    client, make_form, form_stamp, outbox, submission_count
):
    form = make_form()
    answer = _post(
        client, form, {**VALID, "first": "Ada\x00", "form_stamp": form_stamp(form["id"])}
    )
    assert answer.status_code == 422
    assert "first" in [e["field"] for e in answer.get_json()["errors"]]
    assert submission_count() == 0 and outbox() == []


def test_a_stamp_older_than_the_minimum_fill_time_passes(
    client, make_form, form_stamp, outbox, monkeypatch
):
    import time

    form = make_form(min_fill_seconds=30)
    real = time.time
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: real() - 45)
        rendered = form_stamp(form["id"])
    answer = _post(client, form, {**VALID, "form_stamp": rendered})
    assert answer.status_code == 201, answer.get_json()
    too_soon = _post(client, form, {**VALID, "form_stamp": form_stamp(form["id"])})
    assert too_soon.get_json()["reason"] == "too_fast"
    assert [kind for kind, _ in outbox()] == ["marketing.lead.captured.v1"]
