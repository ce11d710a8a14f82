"""Server reflection, v1alpha (grpcio-reflection) and v1 (the same messages, another name).

grpcio-reflection implements only ``grpc.reflection.v1alpha``; current clients (grpcurl,
Postman, grpcui) ask ``grpc.reflection.v1`` first. The v1 protocol is the v1alpha one
under a new package, field for field, so the v1 path is served by the same servicer with
the v1alpha message classes (identical bytes on the wire), and the v1 file is added to the
descriptor pool so that reflection can describe itself under both names.
"""

from __future__ import annotations

from collections.abc import Iterable

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_reflection.v1alpha import reflection, reflection_pb2

V1ALPHA = "grpc.reflection.v1alpha"
V1 = "grpc.reflection.v1"
V1ALPHA_SERVICE = reflection.SERVICE_NAME
V1_SERVICE = f"{V1}.ServerReflection"
V1_FILE = "grpc/reflection/v1/reflection.proto"


def v1_file_proto() -> descriptor_pb2.FileDescriptorProto:
    """The v1alpha reflection file renamed to v1 (package, file name and type references)."""
    proto = descriptor_pb2.FileDescriptorProto()
    reflection_pb2.DESCRIPTOR.CopyToProto(proto)
    proto.name = V1_FILE
    proto.package = V1
    proto.ClearField("options")
    old, new = f".{V1ALPHA}.", f".{V1}."
    for message in proto.message_type:
        for fld in message.field:
            if fld.type_name.startswith(old):
                fld.type_name = new + fld.type_name[len(old) :]
    for service in proto.service:
        for method in service.method:
            method.input_type = new + method.input_type[len(old) :]
            method.output_type = new + method.output_type[len(old) :]
    return proto


def register_v1_descriptor(pool: descriptor_pool.DescriptorPool | None = None) -> None:
    """Add the v1 reflection file to ``pool`` (default pool) unless it is already there."""
    target = pool or descriptor_pool.Default()
    try:
        target.FindFileByName(V1_FILE)
    except KeyError:
        target.AddSerializedFile(v1_file_proto().SerializeToString())


def add_reflection(server: grpc.Server, service_names: Iterable[str]) -> tuple[str, ...]:
    """Serve reflection v1alpha and v1 for ``service_names`` (plus both reflection services).

    Returns the names listed by ``list_services``.
    """
    register_v1_descriptor()
    names = tuple(sorted({*service_names, V1ALPHA_SERVICE, V1_SERVICE}))
    servicer = reflection.ReflectionServicer(names)
    handler = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    server.add_generic_rpc_handlers(
        [
            grpc.method_handlers_generic_handler(service, {"ServerReflectionInfo": handler})
            for service in (V1ALPHA_SERVICE, V1_SERVICE)
        ]
    )
    return names
