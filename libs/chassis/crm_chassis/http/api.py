"""Route declarations: one decorator gives validation, auth, permission and the OpenAPI entry.

A view declares its body, query and response schemas; the wrapper parses and validates
them, so the document at ``/openapi.json`` is built from the very code that validates
requests and cannot drift from the behaviour.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from flask import Response, current_app, request
from pydantic import BaseModel, ValidationError

from crm_chassis import context
from crm_chassis.auth.tokens import bearer_token
from crm_chassis.errors import (
    AppError,
    BadRequest,
    FieldError,
    UnsupportedMediaType,
    ValidationFailed,
)

_PARAM = re.compile(r"<(?:[a-z]+:)?([a-zA-Z_][a-zA-Z0-9_]*)>")
JSON_TYPES = ("application/json",)
FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass
class Reply:
    """What a view returns: a body (schema, dict or None), a status and headers."""

    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    etag: int | str | None = None


@dataclass(frozen=True)
class RouteSpec:
    path: str
    method: str
    endpoint: str
    view: Callable[..., Any]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: Any
    status: int
    permission: tuple[str, str] | None
    public: bool
    summary: str
    form: bool
    idempotent: bool
    tags: tuple[str, ...]

    @property
    def params(self) -> list[str]:
        return _PARAM.findall(self.path)

    @property
    def openapi_path(self) -> str:
        return _PARAM.sub(lambda m: "{" + m.group(1) + "}", self.path)


def field_errors(exc: ValidationError, prefix: str = "") -> list[FieldError]:
    """Turn pydantic errors into docs/api-conventions.md's ``errors: [{field, message}]``."""
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


def format_etag(version: int | str) -> str:
    return f'"{version}"'


class Api:
    """The routes of one service's REST API under ``/api/<service>/<version>``."""

    def __init__(
        self, service: str, title: str, version: str = "v1", description: str = ""
    ) -> None:
        self.service = service
        self.title = title
        self.version = version
        self.description = description
        self.base = f"/api/{service}/{version}"
        self.routes: list[RouteSpec] = []

    def route(
        self,
        path: str,
        method: str,
        *,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        response: Any = None,
        status: int = 200,
        permission: tuple[str, str] | None = None,
        public: bool = False,
        summary: str = "",
        form: bool = False,
        idempotent: bool = True,
        tags: tuple[str, ...] = (),
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Declare a view; see the module docstring."""
        method = method.upper()

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            spec = RouteSpec(
                path=path,
                method=method,
                endpoint=f"{view.__name__}_{method.lower()}_{len(self.routes)}",
                view=view,
                body=body,
                query=query,
                response=response,
                status=status,
                permission=permission,
                public=public,
                summary=summary or (inspect.getdoc(view) or "").split("\n")[0],
                form=form,
                idempotent=idempotent,
                tags=tags or (path.strip("/").split("/")[0] or self.service,),
            )
            self.routes.append(spec)
            return view

        return decorator

    def register(self, app: Any) -> None:
        """Add every declared route to the Flask app."""
        for spec in self.routes:
            app.add_url_rule(
                self.base + spec.path,
                endpoint=spec.endpoint,
                view_func=_wrap(spec),
                methods=[spec.method],
            )


def _parse_path_params(values: dict[str, Any]) -> dict[str, Any]:
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


def _parse_query(model: type[BaseModel]) -> BaseModel:
    raw: dict[str, Any] = {}
    for key in request.args:
        values = request.args.getlist(key)
        raw[key] = values if len(values) > 1 else values[0]
    # Multi-valued filters are declared as lists; accept a single value for them too.
    for name, info in model.model_fields.items():
        if name in raw and not isinstance(raw[name], list):
            origin = getattr(info.annotation, "__origin__", None)
            if origin is list:
                raw[name] = [raw[name]]
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            "The query parameters are not valid.", errors=field_errors(exc)
        ) from None


def _media_type() -> str:
    return (request.mimetype or "").lower()


def _parse_body(spec: RouteSpec) -> BaseModel:
    media = _media_type()
    assert spec.body is not None
    if spec.form and media == FORM_TYPE:
        raw: Any = request.form.to_dict()
    elif media in JSON_TYPES or media.endswith("+json"):
        data = request.get_data(cache=True)
        if not data.strip():
            raise BadRequest("The request body is empty; a JSON object is expected.")
        try:
            raw = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("The request body is not valid JSON.") from None
        if not isinstance(raw, dict):
            raise ValidationFailed(
                "The request body must be a JSON object.",
                errors=[FieldError("body", "must be an object")],
            )
    else:
        accepted = "application/json" + (f" or {FORM_TYPE}" if spec.form else "")
        raise UnsupportedMediaType(f"Send the body as {accepted}.")
    try:
        return spec.body.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed("The request body is not valid.", errors=field_errors(exc)) from None


def _authenticate(spec: RouteSpec) -> None:
    crm = current_app.extensions["crm"]
    if spec.public:
        return
    principal = crm.verifier.verify(bearer_token(request.headers.get("Authorization")))
    context.set_principal(principal)
    if spec.permission is not None:
        module, action = spec.permission
        crm.access.check(principal, module, action)


def _to_response(spec: RouteSpec, result: Any) -> Response:
    reply = result if isinstance(result, Reply) else Reply(result, status=spec.status)
    body = reply.body
    if isinstance(body, BaseModel):
        payload: bytes | None = body.model_dump_json().encode()
    elif body is None:
        payload = None
    else:
        payload = json.dumps(body, default=str).encode()
    response = Response(
        payload if reply.status != 204 else None,
        status=reply.status,
        content_type="application/json" if payload is not None else None,
    )
    if reply.location:
        response.headers["Location"] = reply.location
    if reply.etag is not None:
        response.headers["ETag"] = format_etag(reply.etag)
    response.headers.update(reply.headers)
    return response


def _wrap(spec: RouteSpec) -> Callable[..., Response]:
    signature = inspect.signature(spec.view).parameters

    def view(**path_values: Any) -> Response:
        _authenticate(spec)
        kwargs = _parse_path_params(path_values)
        if spec.query is not None:
            kwargs["query"] = _parse_query(spec.query)
        if spec.body is not None:
            kwargs["body"] = _parse_body(spec)
        elif spec.method in ("POST", "PUT", "PATCH") and request.get_data(cache=True).strip():
            media = _media_type()
            if not (media in JSON_TYPES or media.endswith("+json")):
                raise UnsupportedMediaType("Send the body as application/json.")
        kwargs = {k: v for k, v in kwargs.items() if k in signature}

        def run() -> Response:
            return _to_response(spec, spec.view(**kwargs))

        key = request.headers.get("Idempotency-Key")
        if spec.method == "POST" and spec.idempotent and key is not None:
            store = current_app.extensions["crm"].idempotency
            if store is not None:
                return store.run(key, run)
        return run()

    view.__name__ = spec.endpoint
    return view


__all__ = ["Api", "AppError", "Reply", "RouteSpec", "field_errors", "format_etag", "if_match"]
