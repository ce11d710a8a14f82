"""Reflection from the directory: every crm service, under v1alpha and v1 alike."""

from __future__ import annotations

import grpc
from _directory_helpers import CONTACTS, Directory
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from crm_chassis.grpc.reflection import V1_SERVICE, v1_file_proto
from crm_chassis.grpc_directory import load_catalog

HEALTH = "grpc.health.v1.Health"
REFLECTION = ("grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection")


def test_v1alpha_lists_and_resolves_every_service(directory: Directory) -> None:
    database = ProtoReflectionDescriptorDatabase(directory.channel)
    listed = set(database.get_services())
    catalog = set(load_catalog("crm", {}, environ={}).service_names)
    assert listed == catalog | {HEALTH, *REFLECTION}
    pool = DescriptorPool(database)
    method = pool.FindServiceByName(CONTACTS).methods_by_name["GetAccount"]
    assert method.input_type.full_name == "crm.contacts.v1.GetAccountRequest"
    assert "id" in method.input_type.fields_by_name
    # The reflected v1 reflection service describes itself with v1 types.
    v1 = pool.FindServiceByName(V1_SERVICE).methods_by_name["ServerReflectionInfo"]
    assert v1.input_type.full_name == "grpc.reflection.v1.ServerReflectionRequest"


def _v1_call(channel: grpc.Channel, *requests: reflection_pb2.ServerReflectionRequest) -> list:
    # v1 messages are v1alpha's field for field: the v1alpha classes speak v1 on the wire.
    call = channel.stream_stream(
        f"/{V1_SERVICE}/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    return list(call(iter(requests), timeout=5))


def test_v1_path_answers_the_same(directory: Directory) -> None:
    listed, found, missing = _v1_call(
        directory.channel,
        reflection_pb2.ServerReflectionRequest(list_services=""),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol=CONTACTS),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="crm.nothing.v1.X"),
    )
    names = {s.name for s in listed.list_services_response.service}
    assert CONTACTS in names and HEALTH in names and set(REFLECTION) <= names
    assert found.file_descriptor_response.file_descriptor_proto
    assert missing.error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]


def test_v1_file_names_no_v1alpha_type() -> None:
    proto = v1_file_proto()
    assert proto.package == "grpc.reflection.v1"
    text = str(proto)
    assert "v1alpha" not in text
    assert {m.name for m in proto.message_type} >= {
        "ServerReflectionRequest",
        "ServerReflectionResponse",
    }
