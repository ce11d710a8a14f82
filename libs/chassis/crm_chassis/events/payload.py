"""An event's protobuf payload as the JSON-ready dict of the proto3 JSON mapping.

``google.protobuf.json_format.MessageToDict`` looks every field's kind up again on every
call (its ``_Printer`` is rebuilt per message and asks each field descriptor what it is);
an import builds tens of thousands of envelopes, and that walk was an eighth of its time
(py-spy, tests/bench/README.md). :func:`message_dict` asks once per message type and keeps
one small converter per field, then only walks the fields that are set (``ListFields``, as
``MessageToDict`` does). What it has no converter for (maps, extensions, ``Any``,
``Struct``, wrappers, enums with JSON options) it leaves to ``MessageToDict`` itself, so
the result is always the one ``MessageToDict(message, preserving_proto_field_name=True)``
gives (libs/chassis/tests/events/test_payload.py compares the two on every event type).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.internal import type_checkers
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

Convert = Callable[[Any], Any]
#: Field number -> (JSON name, converter or None for a value that prints as it is); None
#: when the whole type is left to MessageToDict.
Plan = dict[int, tuple[str, Convert | None]] | None

_WRAPPED_ELSEWHERE = frozenset(
    {
        "google.protobuf.Any",
        "google.protobuf.Struct",
        "google.protobuf.Value",
        "google.protobuf.ListValue",
    }
)
_AS_STRING = frozenset(
    {"google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask"}
)
_INT64 = frozenset({FieldDescriptor.CPPTYPE_INT64, FieldDescriptor.CPPTYPE_UINT64})


def message_dict(message: Message) -> dict[str, Any]:
    """``MessageToDict(message, preserving_proto_field_name=True)``, from cached plans."""
    plan = _plan(message.DESCRIPTOR)
    if plan is None:
        return _fallback(message)
    out: dict[str, Any] = {}
    for field, value in message.ListFields():
        step = plan.get(field.number)
        if step is None:  # an extension: not part of the type's own fields
            return _fallback(message)
        name, convert = step
        out[name] = value if convert is None else convert(value)
    return out


def _fallback(message: Message) -> Any:
    return MessageToDict(message, preserving_proto_field_name=True)


@cache
def _plan(descriptor: Descriptor) -> Plan:
    full_name = descriptor.full_name
    if full_name in _WRAPPED_ELSEWHERE or full_name in _AS_STRING:
        return None
    if full_name.startswith("google.protobuf.") and full_name.endswith("Value"):
        return None  # the wrappers (Int64Value, StringValue, ...) print as their value
    plan: dict[int, tuple[str, Convert | None]] = {}
    for field in descriptor.fields:
        convert = _field_converter(field)
        if convert is None:
            return None
        plan[field.number] = (field.name, None if convert is _same else convert)
    return plan


def _field_converter(field: FieldDescriptor) -> Convert | None:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        return None
    one = _value_converter(field)
    if one is None or not field.is_repeated:
        return one
    if one is _same:
        return list
    return lambda values: [one(v) for v in values]


def _value_converter(field: FieldDescriptor) -> Convert | None:
    kind = field.cpp_type
    if kind == FieldDescriptor.CPPTYPE_MESSAGE:
        return _message_converter(field.message_type)
    if kind == FieldDescriptor.CPPTYPE_ENUM:
        return _enum_converter(field)
    if field.type == FieldDescriptor.TYPE_BYTES:
        return lambda value: base64.b64encode(value).decode("utf-8")
    if kind in _INT64:
        return str
    if kind == FieldDescriptor.CPPTYPE_DOUBLE:
        return _double
    if kind == FieldDescriptor.CPPTYPE_FLOAT:
        return _float
    return _same  # strings, bools, 32-bit integers print as they are


def _message_converter(descriptor: Descriptor) -> Convert:
    if descriptor.full_name == "google.protobuf.Timestamp":
        return _timestamp
    if descriptor.full_name in _AS_STRING:
        return lambda value: value.ToJsonString()
    # Nested types are planned on first use (a type may contain itself).
    return message_dict


def _enum_converter(field: FieldDescriptor) -> Convert | None:
    enum = field.enum_type
    if enum.full_name == "google.protobuf.NullValue":
        return lambda value: None
    if any(v.has_options for v in enum.values):
        return None  # a JSON name option may rename a value: leave it to MessageToDict
    names = {v.number: v.name for v in enum.values}
    if enum.is_closed:
        return lambda value: names[value] if value in names else _unknown_enum(field, value)
    return lambda value: names.get(value, value)


def _unknown_enum(field: FieldDescriptor, value: int) -> Any:
    # MessageToDict refuses a closed enum's unknown number; say so with its own error.
    from google.protobuf.json_format import SerializeToJsonError

    raise SerializeToJsonError(f"Failed to serialize {field.name} field: unknown enum {value}.")


def _timestamp(value: Timestamp) -> str:
    return _timestamp_text(value.seconds, value.nanos)


@lru_cache(maxsize=512)
def _timestamp_text(seconds: int, nanos: int) -> str:
    # The events of one batch share their times (an import's "now"): formatted once.
    return Timestamp(seconds=seconds, nanos=nanos).ToJsonString()


def _same(value: Any) -> Any:
    return value


def _special(value: float) -> str | None:
    if math.isinf(value):
        return "-Infinity" if value < 0 else "Infinity"
    if math.isnan(value):
        return "NaN"
    return None


def _double(value: float) -> Any:
    special = _special(value)
    return value if special is None else special


def _float(value: float) -> Any:
    special = _special(value)
    return type_checkers.ToShortestFloat(value) if special is None else special
