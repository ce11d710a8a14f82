"""Module-level views on blueprints: declared responses, one success status, files, limits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest
from flask import Flask, request

from crm_chassis import context
from crm_chassis.config import ServiceSettings
from crm_chassis.http import (
    Api,
    Blueprint,
    Empty,
    File,
    FileReply,
    RawBody,
    Reply,
    Schema,
    create_app,
    service,
)
from crm_chassis.testing.tokens import TokenFactory


class ThingOut(Schema):
    name: str
    secret: str | None = None


class AnyCaller:
    """An access policy that lets every authenticated caller through (the views test nothing
    about permissions)."""

    def check(self, principal: object, module: str, action: str) -> None:
        return None


@dataclass
class Wired:
    """Stands for what a service's bootstrap() returns."""

    greeting: str


bp = Blueprint("things")


@bp.post("/things", response=ThingOut, status=201, public=True)
def create_thing() -> Reply:
    """Answers with the declared status unless the test asks for another."""
    wanted = request.args.get("status")
    return Reply({"name": service(Wired).greeting}, status=int(wanted) if wanted else None)


@bp.get("/things/drift", response=ThingOut, public=True)
def drifting_thing() -> dict[str, Any]:
    return {"name": "x", "colour": "red"}


@bp.get("/things/hidden", response=ThingOut, public=True)
def thing_without_secret() -> dict[str, Any]:
    return {"name": "x"}


@bp.get("/things/pdf", response=File("application/pdf"), public=True)
def thing_pdf() -> FileReply:
    return FileReply(b"%PDF-1.4 x", filename="thing.pdf", disposition="inline", etag=3)


@bp.get("/things/csv", response=File("text/csv"), public=True)
def thing_csv() -> FileReply:
    def rows() -> Iterator[bytes]:
        yield b"name\n"
        yield b"x\n"

    return FileReply(rows(), filename="things.csv")


@bp.get(
    "/things/report",
    response=ThingOut,
    alternate=File("text/csv"),
    public=True,
)
def thing_report() -> ThingOut | FileReply:
    if request.args.get("format") == "csv":
        return FileReply(b"name\nx\n", filename="report.csv")
    return ThingOut(name="x")


class Note(Schema):
    note: str | None = None


@bp.delete("/things/<thing_id>", accepted=ThingOut, public=True)
def delete_thing(thing_id: str) -> Reply:
    if request.args.get("referenced"):
        return Reply({"name": "waits"}, status=202, location=f"/requests/{thing_id}")
    return Reply(None)


@bp.post("/things/decide", body=Note, optional_body=True, response=ThingOut, public=True)
def decide(body: Note | None) -> ThingOut:
    return ThingOut(name=body.note if body and body.note else "no note")


@bp.post("/things/revoke", response=Empty(), public=True)
def revoke() -> Reply:
    return Reply(None, headers={"Cache-Control": "no-store"})


@bp.post(
    "/things/upload",
    response=ThingOut,
    status=201,
    public=True,
    raw_body=RawBody(("text/csv",)),
    max_body_bytes="upload_max_bytes",
)
def upload(media_type: str) -> ThingOut:
    return ThingOut(name=f"{media_type}:{len(request.get_data())}")


@bp.get("/things/token", response=ThingOut)
def token_echo() -> ThingOut:
    return ThingOut(name=context.caller_token() or "")


class UploadSettings(ServiceSettings):
    upload_max_bytes: int = 4096


@pytest.fixture(scope="module")
def tokens() -> Iterator[TokenFactory]:
    factory = TokenFactory()
    yield factory
    factory.close()


@pytest.fixture
def app(tokens: TokenFactory) -> Flask:
    settings = UploadSettings(service_name="things", max_body_bytes=1024)
    api = Api("things", "Things", blueprints=[bp])
    return create_app(
        settings, api, db=None, verifier=tokens.verifier(), access=AnyCaller(), service=Wired("hi")
    )


def test_a_declaration_without_a_response_schema_is_refused() -> None:
    other = Blueprint("other")
    with pytest.raises(TypeError, match="declare the response schema"):
        other.get("/x", response=None)
    with pytest.raises(TypeError, match="204"):
        other.delete("/x", response=ThingOut)
    with pytest.raises(TypeError, match="success"):
        other.post("/x", response=ThingOut, status=302)


def test_the_view_reaches_the_wired_service_and_answers_the_declared_status(app: Flask) -> None:
    answer = app.test_client().post("/api/things/v1/things")
    assert answer.status_code == 201
    assert answer.get_json() == {"name": "hi"}


def test_a_second_success_status_is_a_bug_not_an_answer(app: Flask) -> None:
    answer = app.test_client().post("/api/things/v1/things?status=200")
    assert answer.status_code == 500
    assert answer.mimetype == "application/problem+json"
    assert "declared" not in answer.get_data(as_text=True)


def test_a_body_that_drifts_from_its_schema_fails_instead_of_leaking(app: Flask) -> None:
    answer = app.test_client().get("/api/things/v1/things/drift")
    assert answer.status_code == 500
    assert "colour" not in answer.get_data(as_text=True)


def test_a_left_out_field_stays_absent_rather_than_null(app: Flask) -> None:
    answer = app.test_client().get("/api/things/v1/things/hidden")
    assert answer.get_json() == {"name": "x"}


def test_files_are_served_with_their_media_type_name_and_etag(app: Flask) -> None:
    client = app.test_client()
    pdf = client.get("/api/things/v1/things/pdf")
    assert (pdf.status_code, pdf.mimetype, pdf.data) == (200, "application/pdf", b"%PDF-1.4 x")
    assert pdf.headers["Content-Disposition"] == 'inline; filename="thing.pdf"'
    assert pdf.headers["ETag"] == '"3"'
    csv = client.get("/api/things/v1/things/csv")
    assert (csv.mimetype, csv.data) == ("text/csv", b"name\nx\n")
    assert csv.headers["Content-Disposition"] == 'attachment; filename="things.csv"'


def test_an_empty_success_answers_no_body(app: Flask) -> None:
    answer = app.test_client().post("/api/things/v1/things/revoke")
    assert (answer.status_code, answer.data) == (200, b"")
    assert answer.headers["Cache-Control"] == "no-store"


def test_an_upload_route_has_its_own_body_limit_and_media_types(app: Flask) -> None:
    client = app.test_client()
    ok = client.post("/api/things/v1/things/upload", data=b"a" * 2000, content_type="text/csv")
    assert (ok.status_code, ok.get_json()["name"]) == (201, "text/csv:2000")
    big = client.post("/api/things/v1/things/upload", data=b"a" * 5000, content_type="text/csv")
    assert big.status_code == 413
    wrong = client.post("/api/things/v1/things/upload", data=b"a", content_type="image/png")
    assert wrong.status_code == 415
    elsewhere = client.post(
        "/api/things/v1/things/revoke", data=b"{}" + b" " * 2000, content_type="application/json"
    )
    assert elsewhere.status_code == 413


def test_the_caller_token_is_the_verified_one(app: Flask, tokens: TokenFactory) -> None:
    token = tokens.admin()
    answer = app.test_client().get(
        "/api/things/v1/things/token", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.get_json() == {"name": token, "secret": None}
    assert context.caller_token() is None


def test_every_route_is_in_the_document_with_its_media_type(app: Flask) -> None:
    doc = app.test_client().get("/api/things/v1/openapi.json").get_json()
    pdf = doc["paths"]["/api/things/v1/things/pdf"]["get"]["responses"]["200"]
    assert list(pdf["content"]) == ["application/pdf"]
    upload_op = doc["paths"]["/api/things/v1/things/upload"]["post"]
    assert list(upload_op["requestBody"]["content"]) == ["text/csv"]
    assert "201" in upload_op["responses"]
    created = doc["paths"]["/api/things/v1/things"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"]["$ref"].endswith("ThingOut")
    assert "content" not in doc["paths"]["/api/things/v1/things/revoke"]["post"]["responses"]["200"]


def test_a_route_may_offer_a_declared_second_representation(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/api/things/v1/things/report").get_json() == {"name": "x", "secret": None}
    csv = client.get("/api/things/v1/things/report?format=csv")
    assert (csv.status_code, csv.mimetype) == (200, "text/csv")
    doc = client.get("/api/things/v1/openapi.json").get_json()
    content = doc["paths"]["/api/things/v1/things/report"]["get"]["responses"]["200"]["content"]
    assert sorted(content) == ["application/json", "text/csv"]
    gone = client.delete(f"/api/things/v1/things/{uuid4()}")
    assert (gone.status_code, gone.data) == (204, b"")


def test_a_route_added_outside_the_declarations_stops_the_app(tokens: TokenFactory) -> None:
    def sneak_in(flask_app: Flask) -> None:
        flask_app.add_url_rule("/api/things/v1/secret", "secret", lambda: "x")

    with pytest.raises(RuntimeError, match="/api/things/v1/secret"):
        create_app(
            ServiceSettings(service_name="things"),
            Api("things", "Things", blueprints=[bp]),
            db=None,
            verifier=tokens.verifier(),
            access=AnyCaller(),
            init=sneak_in,
        )


def test_a_route_that_may_defer_its_work_answers_202_with_its_declared_body(app: Flask) -> None:
    client = app.test_client()
    thing = uuid4()
    assert client.delete(f"/api/things/v1/things/{thing}").status_code == 204
    waits = client.delete(f"/api/things/v1/things/{thing}?referenced=1")
    assert (waits.status_code, waits.get_json()) == (202, {"name": "waits"})
    assert waits.headers["Location"] == f"/requests/{thing}"
    doc = client.get("/api/things/v1/openapi.json").get_json()
    responses = doc["paths"]["/api/things/v1/things/{thing_id}"]["delete"]["responses"]
    assert "204" in responses and responses["202"]["content"]["application/json"]


def test_an_optional_body_may_be_left_out_but_not_malformed(app: Flask) -> None:
    client = app.test_client()
    assert client.post("/api/things/v1/things/decide").get_json()["name"] == "no note"
    noted = client.post("/api/things/v1/things/decide", json={"note": "ok"})
    assert noted.get_json()["name"] == "ok"
    assert client.post("/api/things/v1/things/decide", json={"x": 1}).status_code == 422
    assert client.post("/api/things/v1/things/decide", data="x").status_code == 415
