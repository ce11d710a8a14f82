"""The routes every service answers without a token: its OpenAPI document and health probes."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from pydantic import BaseModel, ConfigDict

from crm_chassis.errors import Unavailable
from crm_chassis.http.declare import Blueprint
from crm_chassis.http.openapi import build_document

bp = Blueprint("meta")


class Status(BaseModel):
    """A probe's answer."""

    status: str


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document (its parts are free-form here)."""

    model_config = ConfigDict(extra="allow")

    openapi: str


@bp.get("/openapi.json", response=OpenApiDocument, public=True)
def openapi_document() -> dict[str, object]:
    """This API's OpenAPI document."""
    return build_document(current_app.extensions["crm"].api)


@bp.get("/health/live", response=Status, public=True)
def live() -> Status:
    """Liveness."""
    return Status(status="ok")


@bp.get("/health/ready", response=Status, public=True)
def ready() -> Status:
    """Readiness: the database answers."""
    database = current_app.extensions["crm"].db
    if database is not None:
        try:
            with database.reading() as session:
                session.execute(sa.text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any database failure means not ready
            raise Unavailable("The database is not reachable.") from None
    return Status(status="ready")
