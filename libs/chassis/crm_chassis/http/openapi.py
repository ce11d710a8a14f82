"""Build the OpenAPI 3.1 document from the declared routes and their pydantic schemas."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from crm_chassis.http.api import Api, RouteSpec

REF = "#/components/schemas/{model}"

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
    "409": "Conflict with the record's state",
    "412": "The record changed since the given ETag",
    "413": "Body too large",
    "415": "Wrong content type",
    "422": "Invalid fields",
    "429": "Rate limited",
}


def _models(api: Api) -> list[tuple[type[BaseModel], str]]:
    seen: dict[tuple[type[BaseModel], str], None] = {}
    for spec in api.routes:
        if spec.body is not None:
            seen[(spec.body, "validation")] = None
        if isinstance(spec.response, type) and issubclass(spec.response, BaseModel):
            seen[(spec.response, "serialization")] = None
    return list(seen)


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": REF.format(model="Problem")}}},
    }


def _operation(spec: RouteSpec, refs: dict[tuple[type[BaseModel], str], Any]) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": spec.endpoint.rsplit("_", 2)[0],
        "summary": spec.summary or spec.endpoint,
        "tags": list(spec.tags),
        "parameters": [],
        "responses": {},
    }
    for name in spec.params:
        schema = (
            {"type": "string", "format": "uuid"}
            if name == "id" or name.endswith("_id")
            else {"type": "string"}
        )
        op["parameters"].append({"name": name, "in": "path", "required": True, "schema": schema})
    if spec.query is not None:
        qschema = spec.query.model_json_schema(ref_template=REF)
        required = set(qschema.get("required", []))
        for name, prop in qschema.get("properties", {}).items():
            op["parameters"].append(
                {"name": name, "in": "query", "required": name in required, "schema": prop}
            )
    if spec.method == "POST" and spec.idempotent:
        op["parameters"].append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 200},
            }
        )
    if spec.method in ("PATCH", "DELETE", "PUT"):
        op["parameters"].append(
            {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"}}
        )
    if spec.body is not None:
        content = {"application/json": {"schema": refs[(spec.body, "validation")]}}
        if spec.form:
            content["application/x-www-form-urlencoded"] = {
                "schema": refs[(spec.body, "validation")]
            }
        op["requestBody"] = {"required": True, "content": content}
    ok: dict[str, Any] = {"description": "Success"}
    if (
        spec.status != 204
        and isinstance(spec.response, type)
        and (spec.response, "serialization") in refs
    ):
        ok["content"] = {"application/json": {"schema": refs[(spec.response, "serialization")]}}
    op["responses"][str(spec.status)] = ok
    codes = ["400", "422"]
    if not spec.public:
        codes += ["401", "403"]
    if spec.params:
        codes.append("404")
    if spec.body is not None:
        codes += ["413", "415"]
    if spec.method in ("PATCH", "DELETE"):
        codes += ["409", "412"]
    codes.append("429")
    for code in sorted(set(codes)):
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
