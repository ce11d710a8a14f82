"""gRPC fixtures: a real server on a free port and a SalesService stub."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest

from crm.sales.v1 import sales_pb2_grpc as pb_grpc
from crm_chassis.access import token_verifier
from crm_chassis.grpc import build_server
from crm_sales.grpc_api.servicer import register


@pytest.fixture
def stub(service: Any, settings: Any) -> Iterator[Any]:
    server = build_server(
        settings, register(service), token_verifier(settings, service.access.store)
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield pb_grpc.SalesServiceStub(channel)
    channel.close()
    server.stop(0).wait()
