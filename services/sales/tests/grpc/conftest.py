"""gRPC fixtures: a real server on a free port and a SalesService stub."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crm.sales.v1 import sales_pb2_grpc as pb_grpc
from crm_access import token_verifier
from crm_chassis.testing.service import serving_grpc
from crm_sales.grpc_api.servicer import register


@pytest.fixture
def stub(service: Any, settings: Any) -> Iterator[Any]:
    verifier = token_verifier(settings, service.access.store)
    with serving_grpc(settings, register(service), verifier) as channel:
        yield pb_grpc.SalesServiceStub(channel)
