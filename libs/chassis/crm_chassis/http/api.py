"""A service's REST API: the blueprints it is made of, and the wrapper every view runs in.

The wrapper authenticates (unless the route is public), checks the declared module
permission before anything of the request is read (401, then 403, then 400/415/422),
parses path ids, query and body into their schemas, honours Idempotency-Key on POST, and
turns what the view returned into the declared response
(:mod:`crm_chassis.http.responses`). Views are module-level functions declared on a
:class:`~crm_chassis.http.declare.Blueprint`; they reach the wired service with
:func:`service`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import Response, current_app, request

from crm_chassis import context
from crm_chassis.auth.tokens import bearer_token
from crm_chassis.errors import AppError, Forbidden
from crm_chassis.http import requests as parse
from crm_chassis.http.declare import Blueprint, RouteSpec
from crm_chassis.http.responses import Reply, format_etag, to_response

T = TypeVar("T")
field_errors = parse.field_errors
if_match = parse.if_match


class Api:
    """The routes of one service's REST API under ``/api/<service>/<version>``."""

    def __init__(
        self,
        service: str,
        title: str,
        version: str = "v1",
        description: str = "",
        blueprints: Iterable[Blueprint] = (),
    ) -> None:
        self.service = service
        self.title = title
        self.version = version
        self.description = description
        self.base = f"/api/{service}/{version}"
        self.routes: list[RouteSpec] = []
        self._by_endpoint: dict[str, RouteSpec] = {}
        for blueprint in blueprints:
            self.include(blueprint)

    def include(self, blueprint: Blueprint) -> None:
        """Add a blueprint's routes (each endpoint name once)."""
        known = {spec.endpoint for spec in self.routes}
        for spec in blueprint.routes:
            if spec.endpoint in known:
                raise ValueError(f"endpoint {spec.endpoint} is declared twice")
            self.routes.append(spec)

    def spec_for(self, endpoint: str | None) -> RouteSpec | None:
        """The declaration behind a Flask endpoint name."""
        if len(self._by_endpoint) != len(self.routes):
            self._by_endpoint = {spec.endpoint: spec for spec in self.routes}
        return self._by_endpoint.get(endpoint or "")

    def register(self, app: Any) -> None:
        """Add every declared route to the Flask app."""
        for spec in self.routes:
            app.add_url_rule(
                self.base + spec.path,
                endpoint=spec.endpoint,
                view_func=_wrap(spec),
                methods=[spec.method],
            )


def service(kind: type[T]) -> T:
    """The wired service of this app (what the service's ``bootstrap()`` built)."""
    wired = current_app.extensions["crm"].service
    if not isinstance(wired, kind):
        raise TypeError(f"this app serves a {type(wired).__name__}, not a {kind.__name__}")
    return wired


def _authenticate(spec: RouteSpec) -> None:
    if spec.public:
        return
    crm = current_app.extensions["crm"]
    token = bearer_token(request.headers.get("Authorization"))
    principal = crm.verifier.verify(token)
    context.set_principal(principal, token)
    if spec.staff_only and principal.kind == "portal":
        raise Forbidden("This is not available in the customer portal.")
    if spec.permission is not None:
        module, action = spec.permission
        crm.access.check(principal, module, action)
    if spec.permission_any:
        _check_any(crm.access, principal, spec.permission_any)


def _check_any(access: Any, principal: Any, wanted: tuple[tuple[str, str], ...]) -> None:
    """403 unless the caller holds at least one of ``wanted`` (module, action) pairs."""
    for module, action in wanted:
        try:
            access.check(principal, module, action)
        except Forbidden:
            continue
        return
    named = " or ".join(f"{action} {module}" for module, action in wanted)
    raise Forbidden(f"You may not {named}.")


def _arguments(spec: RouteSpec, path_values: dict[str, Any]) -> dict[str, Any]:
    kwargs = parse.path_params(path_values)
    if spec.query is not None:
        kwargs["query"] = parse.query_model(spec.query)
    if spec.body is not None:
        absent = spec.optional_body and not request.get_data(cache=True).strip()
        kwargs["body"] = None if absent else parse.body_model(spec)
    elif spec.raw_body is not None:
        kwargs["media_type"] = parse.raw_body_media(spec)
    else:
        parse.refuse_unexpected_body(spec)
    return kwargs


def _wrap(spec: RouteSpec) -> Callable[..., Response]:
    accepted = inspect.signature(spec.view).parameters

    def view(**path_values: Any) -> Response:
        _authenticate(spec)
        kwargs = _arguments(spec, path_values)
        kwargs = {k: v for k, v in kwargs.items() if k in accepted}

        def run() -> Response:
            return to_response(spec, spec.view(**kwargs))

        key = request.headers.get("Idempotency-Key")
        if spec.method == "POST" and spec.idempotent and key is not None:
            store = current_app.extensions["crm"].idempotency
            if store is not None:
                return store.run(key, run, upload=spec.raw_body is not None)
        return run()

    view.__name__ = spec.endpoint
    return view


__all__ = [
    "Api",
    "AppError",
    "Reply",
    "RouteSpec",
    "field_errors",
    "format_etag",
    "if_match",
    "service",
]
