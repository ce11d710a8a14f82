"""Build the OpenAPI 3.1 document from the declared routes and their pydantic schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from crm_chassis.http.declare import Empty, File, RouteSpec

if TYPE_CHECKING:
    from crm_chassis.http.api import Api

REF = "#/components/schemas/{model}"
FORM = "application/x-www-form-urlencoded"

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

ERROR_TEXT = {
    "400": "Malformed request",
    "401": "No or bad access token",
    "403": "Not allowed",
    "404": "Not found or not visible to the caller",
    "406": "No acceptable representation",
    "409": "Conflict with the record's state or a unique value",
    "412": "The record changed since the given ETag",
    "413": "Body too large",
    "414": "URL too long (the gateway)",
    "415": "Wrong content type",
    "422": "Invalid fields",
    "429": "Rate limited",
    "431": "Headers too large (the gateway)",
}

# Errors any route can answer (docs/api-conventions.md, "Errors"), declared on every operation
# once here rather than guessed per route: a token is checked (401) and a permission (403) even
# where the route is public to some callers (identity's token endpoint answers 401 for a bad
# client); a record named in the body or query may be missing (404); a body may be sent to any
# route (413, 415); and the gateway answers 414, 429 and 431 in front of every route.
COMMON_ERRORS = ("400", "401", "403", "404", "406", "413", "414", "415", "422", "429", "431")
# Writes may also meet a record's state or a unique value (409) and a stale If-Match (412).
WRITE_ERRORS = ("409", "412")


def _models(api: Api) -> list[tuple[type[BaseModel], str]]:
    seen: dict[tuple[type[BaseModel], str], None] = {}
    for spec in api.routes:
        if spec.body is not None:
            seen[(spec.body, "validation")] = None
        if spec.accepted is not None:
            seen[(spec.accepted, "serialization")] = None
        if isinstance(spec.response, type) and issubclass(spec.response, BaseModel):
            seen[(spec.response, "serialization")] = None
    return list(seen)


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": REF.format(model="Problem")}}},
    }


def _parameters(spec: RouteSpec) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = []
    for name in spec.params:
        schema = (
            {"type": "string", "format": "uuid"}
            if name == "id" or name.endswith("_id")
            else {"type": "string"}
        )
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    if spec.query is not None:
        qschema = spec.query.model_json_schema(ref_template=REF)
        required = set(qschema.get("required", []))
        for name, prop in qschema.get("properties", {}).items():
            params.append(
                {"name": name, "in": "query", "required": name in required, "schema": prop}
            )
    if spec.method == "POST" and spec.idempotent:
        params.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 200},
            }
        )
    if spec.method in ("PATCH", "DELETE", "PUT"):
        params.append(
            {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"}}
        )
    return params


def _request_body(spec: RouteSpec, refs: dict[Any, Any]) -> dict[str, Any] | None:
    if spec.raw_body is not None:
        binary = {"schema": {"type": "string", "format": "binary"}}
        return {
            "required": True,
            "description": spec.raw_body.description,
            "content": {media: binary for media in spec.raw_body.media_types},
        }
    if spec.body is None:
        return None
    content = {"application/json": {"schema": refs[(spec.body, "validation")]}}
    if spec.form:
        content[FORM] = {"schema": refs[(spec.body, "validation")]}
    return {"required": not spec.optional_body, "content": content}


def _success(spec: RouteSpec, refs: dict[Any, Any]) -> dict[str, Any]:
    response = spec.response
    if isinstance(response, File):
        binary = {"schema": {"type": "string", "format": "binary"}}
        return {"description": response.description, "content": {response.media_type: binary}}
    if isinstance(response, Empty):
        return {"description": response.description}
    ok: dict[str, Any] = {"description": "Success"}
    if spec.status != 204 and (response, "serialization") in refs:
        ok["content"] = {"application/json": {"schema": refs[(response, "serialization")]}}
        if spec.alternate is not None:
            binary = {"schema": {"type": "string", "format": "binary"}}
            ok["content"][spec.alternate.media_type] = binary
    return ok


def _error_codes(spec: RouteSpec) -> list[str]:
    codes = set(COMMON_ERRORS)
    if spec.method in ("POST", "PUT", "PATCH", "DELETE"):
        codes.update(WRITE_ERRORS)
    return sorted(codes)


def _operation(spec: RouteSpec, refs: dict[tuple[type[BaseModel], str], Any]) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": spec.endpoint,
        "summary": spec.summary or spec.endpoint,
        "tags": list(spec.tags),
        "parameters": _parameters(spec),
        "responses": {str(spec.status): _success(spec, refs)},
    }
    if spec.accepted is not None:
        op["responses"]["202"] = {
            "description": "Accepted: the work waits (see Location)",
            "content": {"application/json": {"schema": refs[(spec.accepted, "serialization")]}},
        }
    body = _request_body(spec, refs)
    if body is not None:
        op["requestBody"] = body
    for code in _error_codes(spec):
        op["responses"][code] = _problem(ERROR_TEXT[code])
    if not spec.public:
        op["security"] = [{"bearer": []}]
    return op


def build_document(api: Api) -> dict[str, Any]:
    """Return the OpenAPI document of an :class:`Api`."""
    models = _models(api)
    refs, defs = models_json_schema(models, ref_template=REF) if models else ({}, {})
    schemas = dict(defs.get("$defs", {}))
    schemas["Problem"] = PROBLEM_SCHEMA
    paths: dict[str, dict[str, Any]] = {}
    for spec in api.routes:
        paths.setdefault(api.base + spec.openapi_path, {})[spec.method.lower()] = _operation(
            spec, refs
        )
    return {
        "openapi": "3.1.0",
        "info": {"title": api.title, "version": api.version, "description": api.description},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }
