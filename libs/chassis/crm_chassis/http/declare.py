"""Route declarations: what a view takes, what it answers, with which one success status.

A service declares its views as module-level functions, one :class:`Blueprint` per resource
(``api/leads.py`` holds ``bp = Blueprint("leads")`` and the lead views). Each declaration
names the body, query and response schemas and the one status a success answers with, so
the OpenAPI document is built from the very declarations that validate requests and shape
responses, and cannot drift from the behaviour:

- a response schema is required (a pydantic model, ``Page[...]``, :class:`File` for a
  download); only a ``204`` (or a declared :class:`Empty`) answers with nothing;
- a view answering another success status than the declared one is a bug (500, logged).

Nothing here builds an app: blueprints are plain declarations an :class:`~crm_chassis.http.Api`
collects, so they can be imported, grepped and tested without a running service.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

_PARAM = re.compile(r"<(?:[a-z]+:)?([a-zA-Z_][a-zA-Z0-9_]*)>")
View = Callable[..., Any]


@dataclass(frozen=True)
class File:
    """A response that is a file or a stream of bytes of one media type (PDF, CSV, ...)."""

    media_type: str
    description: str = "The file"


@dataclass(frozen=True)
class Empty:
    """A success that answers no body with a status other than 204 (RFC 7009's revoke: 200)."""

    description: str = "Done"


@dataclass(frozen=True)
class RawBody:
    """A request body the view reads itself (uploads), in one of ``media_types``."""

    media_types: tuple[str, ...]
    description: str = "The upload"


@dataclass(frozen=True)
class RouteSpec:
    """One declared route of a service's REST API."""

    path: str
    method: str
    endpoint: str
    view: View
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
    raw_body: RawBody | None = None
    max_body_bytes: int | str | None = None
    alternate: File | None = None
    accepted: type[BaseModel] | None = None
    optional_body: bool = False
    permission_any: tuple[tuple[str, str], ...] = ()
    staff_only: bool = False

    @property
    def declares_access(self) -> bool:
        """True when the chassis decides module access before reading the request."""
        return self.public or self.permission is not None or bool(self.permission_any)

    @property
    def params(self) -> list[str]:
        return _PARAM.findall(self.path)

    @property
    def openapi_path(self) -> str:
        return _PARAM.sub(lambda m: "{" + m.group(1) + "}", self.path)

    @property
    def is_file(self) -> bool:
        return isinstance(self.response, File)


def check_response_declared(path: str, method: str, response: Any, status: int) -> None:
    """Refuse a declaration without a response schema (only a 204 may answer nothing)."""
    if status == 204:
        if response is not None:
            raise TypeError(f"{method} {path}: a 204 answers no body; declare no response")
        return
    if not (
        isinstance(response, File | Empty)
        or (isinstance(response, type) and issubclass(response, BaseModel))
    ):
        raise TypeError(
            f"{method} {path}: declare the response schema "
            "(a pydantic model, Page[...], File or Empty)"
        )
    if not 200 <= status < 300:
        raise TypeError(f"{method} {path}: the declared status must be a success (2xx)")


class Blueprint:
    """The routes of one resource, declared at module level and collected by an ``Api``."""

    def __init__(self, name: str, *, tag: str | None = None) -> None:
        self.name = name
        self.tag = tag or name
        self.routes: list[RouteSpec] = []

    def route(
        self,
        path: str,
        method: str,
        *,
        response: Any,
        status: int = 200,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        permission: tuple[str, str] | None = None,
        public: bool = False,
        summary: str = "",
        **options: Any,
    ) -> Callable[[View], View]:
        """Declare a view; see the module docstring.

        Further ``options`` (the fields of :class:`RouteSpec`): ``form`` (a form body too),
        ``idempotent`` (honours Idempotency-Key; default True), ``raw_body`` (an upload),
        ``max_body_bytes`` (this route's body limit: a number, or the name of a settings
        field read per request, ``"import_max_bytes"``), ``alternate`` (a second
        representation the client may choose, e.g. ``File("text/csv")`` for ``?format=csv``;
        the view then returns a FileReply), ``accepted`` (the body of a 202 for a route that
        may defer its work, such as a delete waiting for a manager's approval: the one other
        success a route may declare, since "not done yet" promises the declared outcome
        rather than being another), ``optional_body`` (the client may leave the body out),
        ``permission_any`` (module permissions of which the caller must hold at least one,
        for a route whose module depends on its input, such as ``POST /merges`` of accounts
        or contacts: the use case then checks the exact one), ``staff_only`` (no portal).

        ``permission`` (and ``permission_any``, ``staff_only``) are checked right after the
        token, before the path, query or body are read, so a caller without access gets 403,
        never a 422 describing the schema (docs/api-conventions.md, "Order of checks").
        """
        method = method.upper()
        check_response_declared(path, method, response, status)
        form, idempotent = options.pop("form", False), options.pop("idempotent", True)

        def decorator(view: View) -> View:
            self.routes.append(
                RouteSpec(
                    path=path,
                    method=method,
                    endpoint=f"{self.name}.{view.__name__}",
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
                    tags=(self.tag,),
                    **options,
                )
            )
            return view

        return decorator

    def get(self, path: str, **options: Any) -> Callable[[View], View]:
        return self.route(path, "GET", **options)

    def post(self, path: str, **options: Any) -> Callable[[View], View]:
        return self.route(path, "POST", **options)

    def put(self, path: str, **options: Any) -> Callable[[View], View]:
        return self.route(path, "PUT", **options)

    def patch(self, path: str, **options: Any) -> Callable[[View], View]:
        return self.route(path, "PATCH", **options)

    def delete(self, path: str, **options: Any) -> Callable[[View], View]:
        status = options.pop("status", 204)
        return self.route(
            path, "DELETE", response=options.pop("response", None), status=status, **options
        )
