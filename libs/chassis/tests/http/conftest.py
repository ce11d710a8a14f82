from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa
from flask import Flask
from pydantic import Field

from crm_chassis.auth.principal import Principal
from crm_chassis.config import ServiceSettings
from crm_chassis.db import Database
from crm_chassis.errors import Forbidden, NotFound, PreconditionFailed
from crm_chassis.http import (
    Api,
    Blueprint,
    ListQuery,
    Page,
    Reply,
    Schema,
    create_app,
    if_match,
    service,
)
from crm_chassis.http.schema import add_http_tables
from crm_chassis.testing.tokens import TokenFactory


class NoteIn(Schema):
    title: str = Field(min_length=1, max_length=100)
    body: str = ""


class NotePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=100)
    body: str | None = None


class NoteOut(Schema):
    id: UUID
    title: str
    body: str
    version: int


class NoteQuery(ListQuery):
    title: str | None = None
    min_words: int | None = None


class TokenPolicy:
    """A stand-in for a service's access policy: the token's ``module.action`` permissions,
    or a service scope ``notes.<module>.read|write``."""

    def check(self, principal: Principal, module: str, action: str) -> None:
        access = "read" if action == "view" else "write"
        if principal.grants(f"{module}.{action}") or f"notes.{module}.{access}" in principal.scopes:
            return
        raise Forbidden(f"You may not {action} {module}.")


@dataclass
class Notebook:
    """The wired "service" of the notes test API: its notes and how often create ran."""

    notes: dict[UUID, NoteOut] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=lambda: {"create": 0})


bp = Blueprint("notes")


@bp.post("/notes", body=NoteIn, response=NoteOut, status=201, permission=("notes", "create"))
def create(body: NoteIn) -> Reply:
    book = service(Notebook)
    book.calls["create"] += 1
    note = NoteOut(id=uuid4(), title=body.title, body=body.body, version=1)
    book.notes[note.id] = note
    return Reply(note, location=f"/api/notes/v1/notes/{note.id}", etag=1)


@bp.get("/notes/<note_id>", response=NoteOut, permission=("notes", "view"))
def get(note_id: UUID) -> Reply:
    notes = service(Notebook).notes
    if note_id not in notes:
        raise NotFound("No such note.")
    return Reply(notes[note_id], etag=notes[note_id].version)


@bp.patch("/notes/<note_id>", body=NotePatch, response=NoteOut, permission=("notes", "edit"))
def patch(note_id: UUID, body: NotePatch) -> Reply:
    notes = service(Notebook).notes
    if note_id not in notes:
        raise NotFound("No such note.")
    note = notes[note_id]
    expected = if_match()
    if expected is not None and expected != note.version:
        raise PreconditionFailed("The note changed.")
    note = note.model_copy(
        update={**body.model_dump(exclude_unset=True), "version": note.version + 1}
    )
    notes[note_id] = note
    return Reply(note, etag=note.version)


@bp.get("/notes", query=NoteQuery, response=Page[NoteOut], permission=("notes", "view"))
def list_notes(query: NoteQuery) -> Page[NoteOut]:
    return Page[NoteOut](items=list(service(Notebook).notes.values())[: query.limit])


@bp.post(
    "/notes/copies",
    body=NoteIn,
    response=NoteOut,
    status=201,
    permission_any=(("notes", "create"), ("drafts", "create")),
)
def copy(body: NoteIn) -> Reply:
    """A route whose module depends on its input: any of two permissions lets it read."""
    note = NoteOut(id=uuid4(), title=body.title, body=body.body, version=1)
    return Reply(note, location=f"/api/notes/v1/notes/{note.id}", etag=1)


@bp.get("/boom", response=NoteOut, public=True)
def boom() -> Reply:
    raise RuntimeError("secret internals /etc/passwd")


@bp.get("/db-down", response=NoteOut, public=True)
def db_down() -> Reply:
    """Reads a PostgreSQL that is not there (nothing listens on the URL's port)."""
    from crm_chassis.testing.processes import free_port

    gone = Database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none")
    try:
        with gone.reading() as session:
            session.execute(sa.text("SELECT 1"))
    finally:
        gone.dispose()
    raise AssertionError("unreachable: nothing listens there")


def build(db: Database, tokens: TokenFactory, metadata: sa.MetaData) -> Flask:
    settings = ServiceSettings(service_name="notes", max_body_bytes=2048)
    book = Notebook()
    app = create_app(
        settings,
        Api("notes", "Notes test API", blueprints=[bp]),
        db=db,
        verifier=tokens.verifier(),
        access=TokenPolicy(),
        idempotency_table=metadata.tables["idempotency_keys"],
        service=book,
    )
    app.config["calls"] = book.calls
    return app


@pytest.fixture(scope="session")
def tokens() -> Iterator[TokenFactory]:
    factory = TokenFactory()
    yield factory
    factory.close()


@pytest.fixture
def app(tmp_path, tokens) -> Flask:
    metadata = sa.MetaData()
    add_http_tables(metadata)
    db = Database(f"sqlite:///{tmp_path / 'notes.db'}")
    metadata.create_all(db.engine)
    return build(db, tokens, metadata)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def admin(tokens) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.admin()}"}
