"""The gRPC server answers health and reflection for the service over a real socket."""

import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from crm_access import token_verifier
from crm_chassis.testing.service import serving_grpc
from crm_marketing.grpc_api.servicer import SERVICE_NAME, register


@pytest.fixture
def channel(service, settings):
    verifier = token_verifier(settings, service.access.store)
    with serving_grpc(settings, register(service), verifier) as ch:
        yield ch


@pytest.mark.parametrize("name", ["", SERVICE_NAME])
def test_health_reports_serving(channel, name):
    stub = health_pb2_grpc.HealthStub(channel)
    reply = stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=5)
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_reflection_lists_the_service(channel):
    assert SERVICE_NAME in ProtoReflectionDescriptorDatabase(channel).get_services()
