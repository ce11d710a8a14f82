"""gRPC reads of other services for the 360 view, resolved at run time by descriptor.

Sales, billing and support define their gRPC APIs on their own schedule. Rather than
importing generated stubs (and failing to start while a proto does not exist yet), each
read names its service and candidate methods; when the generated module is importable
and declares one of them, the request is built from the request message's descriptor
(only the fields it has: ``account_id``, ``page_size``, ``open_only``...) and sent over a
plain ``unary_unary`` call with the chassis's deadline and metadata. Otherwise the part
answers ``not_available_yet``; a service that does not answer in time, ``unavailable``.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from typing import Any

import grpc
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.json_format import MessageToDict

from crm_chassis.grpc import call, channel
from crm_contacts.domain.overview import (
    FORBIDDEN,
    NOT_AVAILABLE_YET,
    NOT_FOUND,
    OK,
    UNAVAILABLE,
    Answer,
    Remote,
)


def _find_service(remote: Remote) -> Any:
    for module in remote.modules:
        try:
            importlib.import_module(module)
        except ImportError:
            continue
    try:
        return descriptor_pool.Default().FindServiceByName(remote.full_name)
    except KeyError:
        return None


def _repeated(fd: FieldDescriptor) -> bool:
    # protobuf 6 replaced ``label`` with ``is_repeated``.
    flag = getattr(fd, "is_repeated", None)
    return bool(flag) if flag is not None else fd.label == FieldDescriptor.LABEL_REPEATED


def _set_fields(message: Any, values: dict[str, Any]) -> None:
    """Set the request fields the message has, converting to their scalar types."""
    by_name = message.DESCRIPTOR.fields_by_name
    for name, value in values.items():
        fd = by_name.get(name)
        if fd is None or value is None or _repeated(fd):
            continue
        if fd.type == FieldDescriptor.TYPE_STRING:
            setattr(message, name, str(value))
        elif fd.type == FieldDescriptor.TYPE_BOOL:
            setattr(message, name, bool(value))
        elif fd.cpp_type in (
            FieldDescriptor.CPPTYPE_INT32,
            FieldDescriptor.CPPTYPE_INT64,
            FieldDescriptor.CPPTYPE_UINT32,
            FieldDescriptor.CPPTYPE_UINT64,
        ):
            setattr(message, name, int(value))


def _items(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of a list answer: its first list of messages (``items``, ``invoices``...)."""
    for value in response.values():
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return value
    return []


class RemoteReads:
    """Channels to other services (one per target, opened on first use, after any fork)."""

    def __init__(self) -> None:
        self._channels: dict[str, grpc.Channel] = {}
        self._lock = threading.Lock()

    def _channel(self, remote: Remote) -> grpc.Channel:
        with self._lock:
            found = self._channels.get(remote.target)
            if found is None:
                found = channel(remote.target, services=[remote.full_name])
                self._channels[remote.target] = found
            return found

    def read(
        self,
        remote: Remote,
        methods: Sequence[str],
        request: dict[str, Any],
        *,
        token: str,
        timeout: float,
    ) -> Answer:
        """Call the first of ``methods`` the remote declares; never raises."""
        service = _find_service(remote)
        method = None
        if service is not None:
            method = next(
                (service.methods_by_name[m] for m in methods if m in service.methods_by_name), None
            )
        if method is None:
            return Answer(NOT_AVAILABLE_YET, reason=f"{remote.full_name} has no {methods[0]} yet")
        request_cls = message_factory.GetMessageClass(method.input_type)
        response_cls = message_factory.GetMessageClass(method.output_type)
        message = request_cls()
        _set_fields(message, request)
        stub = self._channel(remote).unary_unary(
            f"/{remote.full_name}/{method.name}",
            request_serializer=request_cls.SerializeToString,
            response_deserializer=response_cls.FromString,
        )
        try:
            response = call(stub, message, token=token, timeout=timeout)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else None
            if code == grpc.StatusCode.UNIMPLEMENTED:
                return Answer(NOT_AVAILABLE_YET, reason=f"{method.name} is not implemented")
            if code == grpc.StatusCode.NOT_FOUND:
                return Answer(NOT_FOUND, reason=f"{remote.service} has no such record")
            if code in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED):
                return Answer(FORBIDDEN, reason="not allowed for this caller")
            name = code.name if code is not None else "error"
            return Answer(UNAVAILABLE, reason=f"{remote.service} answered {name}")
        body = MessageToDict(response, preserving_proto_field_name=True)
        return Answer(OK, items=_items(body), response=body)

    def close(self) -> None:
        with self._lock:
            for ch in self._channels.values():
                ch.close()
            self._channels.clear()
