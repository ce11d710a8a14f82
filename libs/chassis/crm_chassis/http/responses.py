"""What views return, and how it becomes an HTTP response.

A view returns its body (a pydantic model, or a dict/list shaped like the declared schema),
a :class:`Reply` when it sets headers (Location, ETag), or a :class:`FileReply` for a
download. The body is validated against the declared response
schema on its way out, so what the OpenAPI document promises is what clients get: a view
that drifts from its schema fails loudly in the tests instead of quietly in production.
Keys a view leaves out (hidden fields) stay absent: only what was set is serialised.
A :class:`JsonBody` is the one exception: already in its JSON form, it is written as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from flask import Response, stream_with_context
from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_json

from crm_chassis.http.declare import Empty, File, RouteSpec
from crm_chassis.logging import get_logger

log = get_logger("crm.http")


@dataclass
class Reply:
    """A body with headers; ``status`` None means the route's declared status."""

    body: Any = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    etag: int | str | None = None


@dataclass
class FileReply:
    """A download: bytes or an iterator of chunks (streamed), with its file name."""

    content: bytes | Iterable[bytes]
    filename: str | None = None
    disposition: str = "attachment"
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    etag: int | str | None = None


class JsonBody(dict):  # type: ignore[type-arg]
    """A body already in the JSON form of the route's declared schema: written as it is.

    For hot read paths whose mapper a test holds equal to the schema's own JSON dump (e.g.
    contacts' ``account_json``, tested against ``AccountOut``): validating our own rows
    into the schema and dumping them back was a tenth of a list page's CPU (py-spy,
    tests/bench/profile_list.py). Every other body is still validated on its way out.
    """


def json_datetime(value: datetime) -> str:
    """A datetime as pydantic writes it in JSON (a zero offset as ``Z``), for JsonBody."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class ResponseDrift(RuntimeError):
    """A view answered something its declaration does not promise (a bug, never bad input)."""


def format_etag(version: int | str) -> str:
    return f'"{version}"'


@lru_cache(maxsize=512)
def _adapter(schema: Any) -> TypeAdapter[Any]:
    return TypeAdapter(schema)


def _serialise(spec: RouteSpec, body: Any, status: int) -> bytes | None:
    if body is None:
        return None
    schema = spec.accepted if status == 202 and spec.accepted is not None else spec.response
    if not isinstance(schema, type):
        raise ResponseDrift(f"{spec.method} {spec.path} answered JSON; declared {schema!r}")
    if isinstance(body, JsonBody):
        return to_json(body)
    if isinstance(body, schema):
        return body.model_dump_json().encode()
    adapter = _adapter(schema)
    try:
        value = adapter.validate_python(body)
    except ValidationError as exc:
        raise ResponseDrift(
            f"{spec.method} {spec.path} answered a body that is not a {schema.__name__}: "
            f"{exc.errors(include_url=False)[:3]}"
        ) from None
    return adapter.dump_json(value, exclude_unset=True)


def _check_status(spec: RouteSpec, status: int) -> None:
    deferred = status == 202 and spec.accepted is not None
    if 200 <= status < 300 and status != spec.status and not deferred:
        raise ResponseDrift(f"{spec.method} {spec.path} answered {status}, declared {spec.status}")


def file_response(spec: RouteSpec, reply: FileReply) -> Response:
    """A download: streamed when the content is an iterator, with Content-Disposition."""
    declared = spec.response if isinstance(spec.response, File) else spec.alternate
    declared_media = declared.media_type if declared is not None else None
    media = reply.media_type or declared_media or "application/octet-stream"
    content = reply.content
    if isinstance(content, bytes | bytearray):
        response = Response(content, status=spec.status, content_type=media)
    else:
        chunks: Iterator[bytes] = iter(content)
        response = Response(stream_with_context(chunks), status=spec.status, content_type=media)
    if reply.filename:
        response.headers["Content-Disposition"] = (
            f'{reply.disposition}; filename="{reply.filename}"'
        )
    if reply.etag is not None:
        response.headers["ETag"] = format_etag(reply.etag)
    response.headers.update(reply.headers)
    return response


def to_response(spec: RouteSpec, result: Any) -> Response:
    """Turn what a view returned into the response its declaration promises."""
    if isinstance(result, Response):
        # A hand-made response would bypass the declaration the document is built from.
        raise ResponseDrift(f"{spec.method} {spec.path} answered a raw response; return a body")
    if isinstance(result, FileReply):
        if not isinstance(spec.response, File) and spec.alternate is None:
            raise ResponseDrift(f"{spec.method} {spec.path} answered a file; declared JSON")
        return file_response(spec, result)
    reply = result if isinstance(result, Reply) else Reply(result)
    status = reply.status if reply.status is not None else spec.status
    _check_status(spec, status)
    answers_nothing = status == 204 or (status != 202 and isinstance(spec.response, Empty))
    if reply.body is not None and answers_nothing:
        raise ResponseDrift(f"{spec.method} {spec.path} declared no body but answered one")
    payload = _serialise(spec, reply.body, status) if status != 204 else None
    response = Response(
        payload,
        status=status,
        content_type="application/json" if payload is not None else None,
    )
    if reply.location:
        response.headers["Location"] = reply.location
    if reply.etag is not None:
        response.headers["ETag"] = format_etag(reply.etag)
    response.headers.update(reply.headers)
    return response
