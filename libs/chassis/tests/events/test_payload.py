"""An event's payload dict is exactly what MessageToDict made of it before (payload.py).

Compared as the JSON the outbox stores (``json.dumps`` with sorted keys), byte for byte:
dict equality alone would take ``1`` for ``"1"``'s neighbour ``1.0`` or ``True``.
"""

from __future__ import annotations

import importlib
import json
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from google.protobuf import (
    any_pb2,
    descriptor_pb2,
    descriptor_pool,
    duration_pb2,
    field_mask_pb2,
    message_factory,
    struct_pb2,
    timestamp_pb2,
    wrappers_pb2,
)
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from crm_chassis.events import Envelope
from crm_chassis.events.payload import message_dict

F = descriptor_pb2.FieldDescriptorProto
SERVICES = ("identity", "contacts", "sales", "billing", "support", "marketing")


def _same_json(message: Message) -> None:
    old = json.dumps(MessageToDict(message, preserving_proto_field_name=True), sort_keys=True)
    assert json.dumps(message_dict(message), sort_keys=True) == old


def _event_messages() -> list[type[Message]]:
    """Every event message of every service (crm.<service>.v1.events_pb2)."""
    found = []
    for service in SERVICES:
        module = importlib.import_module(f"crm.{service}.v1.events_pb2")
        for name in module.DESCRIPTOR.message_types_by_name:
            found.append(getattr(module, name))
    return found


def _fill(message: Message, depth: int = 0, variant: int = 1) -> Message:
    """Set every field of ``message`` (nested ones too, a few levels) to a non-default value."""
    for field in message.DESCRIPTOR.fields:
        if field.containing_oneof is not None and field.containing_oneof.fields[0] is not field:
            continue  # one member per oneof
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            _fill_map(getattr(message, field.name), field, depth, variant)
        elif field.is_repeated:
            for n in (variant, variant + 1):
                _append(getattr(message, field.name), field, depth, n)
        elif field.cpp_type == FieldDescriptor.CPPTYPE_MESSAGE:
            if depth < 3:
                _fill_message(getattr(message, field.name), depth + 1, variant)
        else:
            setattr(message, field.name, _scalar(field, variant))
    return message


def _fill_message(message: Message, depth: int, variant: int) -> None:
    name = message.DESCRIPTOR.full_name
    if name == "google.protobuf.Timestamp":
        # Whole seconds, milliseconds, microseconds and nanoseconds print differently.
        nanos = (0, 5_000_000, 123_456_000, 123_456_789)[variant % 4]
        message.seconds, message.nanos = 1_780_000_000 + variant, nanos
    elif name == "google.protobuf.Duration":
        message.seconds, message.nanos = variant, 500_000_000
    elif name == "google.protobuf.Struct":
        message.update({"a": 1.5, "b": [True, None, "x"], "c": {"d": "e"}})
    elif name == "google.protobuf.Value":
        message.string_value = f"v{variant}"
    elif name == "google.protobuf.Any":
        message.Pack(wrappers_pb2.StringValue(value="packed"))
    elif name == "google.protobuf.FieldMask":
        message.paths.extend(["a.b", "c"])
    else:
        _fill(message, depth, variant)


def _append(values: Any, field: FieldDescriptor, depth: int, variant: int) -> None:
    if field.cpp_type == FieldDescriptor.CPPTYPE_MESSAGE:
        if depth < 3:
            _fill_message(values.add(), depth + 1, variant)
    else:
        values.append(_scalar(field, variant))


def _fill_map(target: Any, field: FieldDescriptor, depth: int, variant: int) -> None:
    key_field = field.message_type.fields_by_name["key"]
    value_field = field.message_type.fields_by_name["value"]
    for n in (variant, variant + 1):
        key = _scalar(key_field, n)
        if value_field.cpp_type == FieldDescriptor.CPPTYPE_MESSAGE:
            _fill_message(target[key], depth + 1, n)
        else:
            target[key] = _scalar(value_field, n)


def _scalar(field: FieldDescriptor, variant: int) -> Any:
    kind = field.cpp_type
    if kind == FieldDescriptor.CPPTYPE_STRING:
        if field.type == FieldDescriptor.TYPE_BYTES:
            return bytes([variant, 255, 0])
        return f"{field.name}-{variant}-é"
    if kind == FieldDescriptor.CPPTYPE_BOOL:
        return variant % 2 == 1
    if kind == FieldDescriptor.CPPTYPE_ENUM:
        numbers = [v.number for v in field.enum_type.values]
        return numbers[variant % len(numbers)]
    if kind in (FieldDescriptor.CPPTYPE_DOUBLE, FieldDescriptor.CPPTYPE_FLOAT):
        return 0.1 * variant + 1
    if kind in (FieldDescriptor.CPPTYPE_INT64, FieldDescriptor.CPPTYPE_UINT64):
        return 2**53 + variant
    return 7 * variant


SCALARS = [
    ("i32", F.TYPE_INT32), ("i64", F.TYPE_INT64), ("u32", F.TYPE_UINT32),
    ("u64", F.TYPE_UINT64), ("s64", F.TYPE_SINT64), ("f64", F.TYPE_FIXED64),
    ("dbl", F.TYPE_DOUBLE), ("flt", F.TYPE_FLOAT), ("flag", F.TYPE_BOOL),
    ("text", F.TYPE_STRING), ("raw", F.TYPE_BYTES),
]  # fmt: skip
TYPED = [
    ("color", F.TYPE_ENUM, ".payload_test.Color"),
    ("inner", F.TYPE_MESSAGE, ".payload_test.Inner"),
    ("at", F.TYPE_MESSAGE, ".google.protobuf.Timestamp"),
    ("took", F.TYPE_MESSAGE, ".google.protobuf.Duration"),
    ("doc", F.TYPE_MESSAGE, ".google.protobuf.Struct"),
    ("value", F.TYPE_MESSAGE, ".google.protobuf.Value"),
    ("count", F.TYPE_MESSAGE, ".google.protobuf.Int64Value"),
    ("name", F.TYPE_MESSAGE, ".google.protobuf.StringValue"),
    ("packed", F.TYPE_MESSAGE, ".google.protobuf.Any"),
    ("mask", F.TYPE_MESSAGE, ".google.protobuf.FieldMask"),
]


def _all_kinds() -> type[Message]:
    """A message type with every kind of field the proto3 JSON mapping treats apart."""
    file = descriptor_pb2.FileDescriptorProto(name="payload_test.proto", package="payload_test")
    file.syntax = "proto3"
    for dep in ("timestamp", "duration", "struct", "wrappers", "any", "field_mask"):
        file.dependency.append(f"google/protobuf/{dep}.proto")
    file.enum_type.add(name="Color").value.extend(
        [
            descriptor_pb2.EnumValueDescriptorProto(name="COLOR_UNSET", number=0),
            descriptor_pb2.EnumValueDescriptorProto(name="RED", number=1),
            descriptor_pb2.EnumValueDescriptorProto(name="GREEN", number=2),
        ]
    )
    inner = file.message_type.add(name="Inner")
    inner.field.add(name="text", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    inner.field.add(name="big", number=2, type=F.TYPE_INT64, label=F.LABEL_OPTIONAL)
    _add_kinds(file)
    pool = descriptor_pool.DescriptorPool()
    for module in (timestamp_pb2, duration_pb2, struct_pb2, wrappers_pb2, any_pb2):
        pool.AddSerializedFile(module.DESCRIPTOR.serialized_pb)
    pool.AddSerializedFile(field_mask_pb2.DESCRIPTOR.serialized_pb)
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("payload_test.Kinds"))


def _add_kinds(file: descriptor_pb2.FileDescriptorProto) -> None:
    kinds = file.message_type.add(name="Kinds")
    fields = [(name, kind, None) for name, kind in SCALARS] + TYPED
    for number, (name, kind, type_name) in enumerate(fields, start=1):
        for label, prefix, offset in ((F.LABEL_OPTIONAL, "", 0), (F.LABEL_REPEATED, "many_", 100)):
            field = kinds.field.add(name=prefix + name, number=offset + number, type=kind)
            field.label = label
            if type_name:
                field.type_name = type_name
    kinds.field.add(
        name="maybe", number=50, type=F.TYPE_INT32, label=F.LABEL_OPTIONAL, proto3_optional=True,
        oneof_index=0,
    )  # fmt: skip
    kinds.oneof_decl.add(name="_maybe")
    # A map makes its type one left to MessageToDict; the type holding it is still planned.
    totals = file.message_type.add(name="Totals")
    entry = totals.nested_type.add(name="TotalsEntry")
    entry.options.map_entry = True
    entry.field.add(name="key", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    entry.field.add(name="value", number=2, type=F.TYPE_INT64, label=F.LABEL_OPTIONAL)
    totals.field.add(
        name="totals", number=1, type=F.TYPE_MESSAGE, label=F.LABEL_REPEATED,
        type_name=".payload_test.Totals.TotalsEntry",
    )  # fmt: skip
    kinds.field.add(
        name="totals", number=60, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL,
        type_name=".payload_test.Totals",
    )  # fmt: skip


@pytest.mark.parametrize("cls", _event_messages(), ids=lambda c: c.DESCRIPTOR.full_name)
def test_every_event_payload_is_what_message_to_dict_made(cls: type[Message]) -> None:
    _same_json(cls())
    for variant in (1, 2, 3):
        _same_json(_fill(cls(), variant=variant))


def test_every_service_has_event_messages() -> None:
    assert len({c.DESCRIPTOR.file.package for c in _event_messages()}) == len(SERVICES)


def test_every_kind_of_field_prints_as_message_to_dict_prints_it() -> None:
    kinds = _all_kinds()
    _same_json(kinds())
    for variant in (1, 2, 3, 4):
        _same_json(_fill(kinds(), variant=variant))


def test_the_planned_path_is_taken_where_it_can_be() -> None:
    from crm_chassis.events.payload import _plan

    kinds = _all_kinds()
    assert _plan(kinds.DESCRIPTOR) is not None
    assert _plan(kinds.DESCRIPTOR.fields_by_name["totals"].message_type) is None


def test_zero_values_without_presence_are_left_out_and_optional_ones_kept() -> None:
    kinds = _all_kinds()
    message = kinds(maybe=0, i32=0, text="", flag=False)
    assert message_dict(message) == {"maybe": 0}
    _same_json(message)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e300, 3.4028235e38, 0.1])
def test_special_floats_print_like_message_to_dict(value: float) -> None:
    kinds = _all_kinds()
    message = kinds(dbl=value, flt=value if abs(value) < 3.5e38 else 1.0)
    message.many_dbl.append(value)
    _same_json(message)


def test_an_unknown_open_enum_number_prints_as_the_number() -> None:
    kinds = _all_kinds()
    message = kinds(color=7)
    assert message_dict(message) == {"color": 7}
    _same_json(message)


def test_the_envelope_carries_the_same_payload_as_before() -> None:
    from crm.sales.v1 import events_pb2 as sales_events

    message = _fill(sales_events.LeadConverted())
    at = datetime(2026, 12, 5, tzinfo=UTC)
    envelope = Envelope.build(
        type="sales.lead.converted.v1", source="sales", subject="s", data=message, time=at
    )
    assert envelope.data == MessageToDict(message, preserving_proto_field_name=True)
