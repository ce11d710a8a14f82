"""The chassis's built-in routes answer under /api/marketing/v1 without a token."""

from openapi_spec_validator import validate

API = "/api/marketing/v1"


def test_live_and_ready_answer_without_a_token(client):
    live = client.get(f"{API}/health/live")
    assert live.status_code == 200
    assert live.get_json() == {"status": "ok"}
    ready = client.get(f"{API}/health/ready")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ready"}


def test_the_openapi_document_validates_and_lists_the_built_in_routes(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    validate(doc)
    assert doc["info"]["title"] == "CRM Marketing API"
    built_in = {f"{API}/openapi.json", f"{API}/health/live", f"{API}/health/ready"}
    assert built_in <= set(doc["paths"])


def test_an_unknown_path_answers_problem_json(client):
    response = client.get(f"{API}/nothing-here")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/problem+json")
