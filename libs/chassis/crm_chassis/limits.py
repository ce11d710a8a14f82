"""Limits every input meets before a service sees it, the same on REST and gRPC.

What a client can send that the code behind could not handle (docs/api-conventions.md,
"Input limits"): JSON nested deeper than :data:`MAX_JSON_DEPTH` (checked on the raw bytes,
before the parser recurses), integers beyond 64 bits, dates outside years
:data:`MIN_YEAR`..:data:`MAX_YEAR`, and NUL or control characters in text. Each is the
client's error, answered 400 or 422 naming the field, never a 500. Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from itertools import accumulate
from typing import Any

from crm_chassis.errors import BadRequest, FieldError, InvalidFields
from crm_chassis.fields import INT64_MAX, INT64_MIN, MAX_YEAR, MIN_DATE_YEAR, MIN_YEAR

MAX_JSON_DEPTH = 64
#: gRPC request strings: searches and tokens at most 1,000 characters, any other 10,000.
MAX_QUERY_LENGTH = 1000
MAX_GRPC_STRING = 10_000
QUERY_FIELDS = frozenset({"query", "q", "search", "page_token"})
#: C0 controls but tab, newline and carriage return; DEL; C1 controls (terminal escapes).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings skipped), found
    without recursion so a hostile body cannot exhaust the stack."""
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    return max(accumulate(_STEP[b] for b in brackets), default=0)


def check_json_depth(data: bytes, limit: int = MAX_JSON_DEPTH) -> None:
    """400 when ``data`` nests deeper than ``limit``."""
    if json_depth(data) > limit:
        raise BadRequest(
            f"The request body nests deeper than {limit} levels.",
            errors=[FieldError("body", f"nested deeper than {limit} levels")],
        )


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]" if path else str(index))
    elif hasattr(type(value), "model_fields") and not isinstance(value, type):
        fields = type(value).model_fields
        for name in fields:
            yield from _walk(getattr(value, name, None), f"{path}.{name}" if path else name)
    else:
        yield path, value


def value_problem(value: Any, *, dates: bool = True, old_dates: bool = False) -> str | None:
    """Why ``value`` (one scalar) is out of bounds, or None. Times must lie in
    MIN_YEAR..MAX_YEAR; so must dates, or from MIN_DATE_YEAR with ``old_dates`` (bodies)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            return "is out of range (a 64-bit integer)"
    elif isinstance(value, str):
        if CONTROL_CHARACTERS.search(value):
            return "must not contain NUL or control characters"
    elif dates and isinstance(value, (date, datetime)):
        low = MIN_DATE_YEAR if old_dates and not isinstance(value, datetime) else MIN_YEAR
        if not low <= value.year <= MAX_YEAR:
            return f"must be a date between the years {low} and {MAX_YEAR}"
    return None


def problems(value: Any, *, dates: bool = True, old_dates: bool = False) -> list[FieldError]:
    """Every out-of-bounds scalar in ``value`` (JSON data, a pydantic model, a mapping of
    query values), named by its path (``lines[2].quantity``)."""
    out = []
    for path, scalar in _walk(value, ""):
        message = value_problem(scalar, dates=dates, old_dates=old_dates)
        if message:
            out.append(FieldError(path or "body", message))
    return out


def check(value: Any, *, dates: bool = True) -> None:
    """Raise 422 naming every out-of-bounds field of ``value``."""
    found = problems(value, dates=dates)
    if found:
        raise InvalidFields(found)


def message_problems(message: Any, prefix: str = "") -> list[FieldError]:
    """The string fields of a protobuf request that are too long or hold control
    characters, and Timestamps outside the sane years (nested messages included)."""
    out: list[FieldError] = []
    for descriptor, value in message.ListFields():
        name = prefix + descriptor.name
        values = list(value) if descriptor.is_repeated else [value]
        for item in values:
            if isinstance(item, str):
                limit = MAX_QUERY_LENGTH if descriptor.name in QUERY_FIELDS else MAX_GRPC_STRING
                if len(item) > limit:
                    out.append(FieldError(name, f"is at most {limit} characters"))
                elif CONTROL_CHARACTERS.search(item):
                    out.append(FieldError(name, "must not contain NUL or control characters"))
            elif hasattr(item, "ListFields"):
                if item.DESCRIPTOR.full_name == "google.protobuf.Timestamp":
                    if not _sane_timestamp(item):
                        out.append(FieldError(name, _YEARS))
                else:
                    out.extend(message_problems(item, name + "."))
    return out


_YEARS = f"must be a time between the years {MIN_YEAR} and {MAX_YEAR}"
# Seconds since the epoch of 1900-01-01 and of 2201-01-01.
_MIN_SECONDS = -2_208_988_800
_MAX_SECONDS = 7_289_654_400


def _sane_timestamp(ts: Any) -> bool:
    return bool(_MIN_SECONDS <= ts.seconds < _MAX_SECONDS)


def check_text(field: str, value: str, max_length: int) -> None:
    """400 naming ``field`` when a text is longer than ``max_length`` or holds controls."""
    if len(value) > max_length:
        raise BadRequest(
            f"{field} is longer than {max_length} characters.",
            errors=[FieldError(field, f"is at most {max_length} characters")],
        )
    if CONTROL_CHARACTERS.search(value):
        raise BadRequest(
            f"{field} holds NUL or control characters.",
            errors=[FieldError(field, "must not contain NUL or control characters")],
        )
