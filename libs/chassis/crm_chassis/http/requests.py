"""Reading a request: path ids, query parameters, JSON or form bodies, If-Match, the token.

Every failure here is the client's: a problem+json 400, 415 or 422 naming the field, never
a 500 (docs/api-conventions.md).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from flask import request
from pydantic import BaseModel, ValidationError

from crm_chassis import limits
from crm_chassis.errors import BadRequest, FieldError, UnsupportedMediaType, ValidationFailed
from crm_chassis.http.declare import RouteSpec

JSON_TYPES = ("application/json",)
FORM_TYPE = "application/x-www-form-urlencoded"
#: A form route takes either encoding of an HTML form's fields (RFC 8058's one-click
#: unsubscribe POST may come as either).
MULTIPART_FORM_TYPE = "multipart/form-data"


def field_errors(exc: ValidationError, prefix: str = "") -> list[FieldError]:
    """Turn pydantic errors into the API's ``errors: [{field, message}]``."""
    out = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
        message = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            message = "unknown field"
        out.append(FieldError(prefix + loc if loc else prefix.rstrip(".") or "body", message))
    return out


def if_match() -> int | None:
    """Return the version the client expects (from ``If-Match``), or None when it sent none."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    value = raw.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if not value.isdigit():
        raise BadRequest(
            "If-Match must be an ETag from this API.",
            errors=[FieldError("If-Match", "malformed entity tag")],
        )
    return int(value)


def path_params(values: dict[str, Any]) -> dict[str, Any]:
    """Path values; ``id`` and ``*_id`` arrive as UUIDs (400 naming the parameter otherwise)."""
    parsed: dict[str, Any] = {}
    for name, value in values.items():
        if name == "id" or name.endswith("_id"):
            try:
                parsed[name] = UUID(str(value))
            except ValueError:
                raise BadRequest(
                    f"'{value}' is not a valid id.",
                    errors=[FieldError(name, "must be a UUID")],
                ) from None
        else:
            parsed[name] = value
    return parsed


def query_model(model: type[BaseModel], args: Any = None) -> BaseModel:
    """Validate the query string into ``model`` (a list field takes one or many values)."""
    source = request.args if args is None else args
    raw: dict[str, Any] = {}
    for key in source:
        values = source.getlist(key)
        raw[key] = values if len(values) > 1 else values[0]
    for name, info in model.model_fields.items():
        if name in raw and not isinstance(raw[name], list):
            if getattr(info.annotation, "__origin__", None) is list:
                raw[name] = [raw[name]]
    try:
        parsed = model.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            "The query parameters are not valid.", errors=field_errors(exc)
        ) from None
    _within_limits(parsed, "The query parameters are not valid.")
    return parsed


def _within_limits(value: Any, detail: str, *, dates: bool = True, body: bool = False) -> None:
    """422 naming each integer past 64 bits, date outside the sane years (a body's dates
    may go back to year 1000), or text with control characters (crm_chassis.limits)."""
    found = limits.problems(value, dates=dates, old_dates=body)
    if found:
        raise ValidationFailed(detail, errors=found)


def media_type() -> str:
    return (request.mimetype or "").lower()


def is_json(media: str) -> bool:
    return media in JSON_TYPES or media.endswith("+json")


def json_object() -> dict[str, Any]:
    """The request body as a JSON object (400 when it is empty or not JSON, 422 not an object)."""
    data = request.get_data(cache=True)
    if not data.strip():
        raise BadRequest("The request body is empty; a JSON object is expected.")
    limits.check_json_depth(data)
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest("The request body is not valid JSON.") from None
    if not isinstance(raw, dict):
        raise ValidationFailed(
            "The request body must be a JSON object.",
            errors=[FieldError("body", "must be an object")],
        )
    _within_limits(raw, "The request body is not valid.", dates=False)
    return raw


def body_model(spec: RouteSpec) -> BaseModel:
    """Validate the body (JSON, or a form where the route takes one) into its schema."""
    assert spec.body is not None
    media = media_type()
    if spec.form and media in (FORM_TYPE, MULTIPART_FORM_TYPE):
        raw: Any = request.form.to_dict()
    elif is_json(media):
        raw = json_object()
    else:
        forms = f" or {FORM_TYPE} or {MULTIPART_FORM_TYPE}"
        accepted = "application/json" + (forms if spec.form else "")
        raise UnsupportedMediaType(f"Send the body as {accepted}.")
    try:
        parsed = spec.body.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed("The request body is not valid.", errors=field_errors(exc)) from None
    _within_limits(parsed, "The request body is not valid.", body=True)
    return parsed


def refuse_unexpected_body(spec: RouteSpec) -> None:
    """A write without a declared body still refuses a body that is not JSON (415)."""
    if spec.method in ("POST", "PUT", "PATCH") and request.get_data(cache=True).strip():
        if not is_json(media_type()):
            raise UnsupportedMediaType("Send the body as application/json.")


def raw_body_media(spec: RouteSpec) -> str:
    """The media type of an upload route's body (415 unless it is one the route takes)."""
    assert spec.raw_body is not None
    media = media_type()
    if media not in spec.raw_body.media_types and not (
        is_json(media) and "application/json" in spec.raw_body.media_types
    ):
        raise UnsupportedMediaType(f"Send one of: {', '.join(spec.raw_body.media_types)}.")
    return media
