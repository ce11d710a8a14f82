"""The chassis server over a real socket: auth, principal, errors, logging, health, reflection."""

from __future__ import annotations

import grpc
import pytest
import structlog
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from crm_chassis.testing.tokens import TokenFactory

from .conftest import SERVICE, Issuer, Running


def bearer(token: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {token}"),)


def test_a_call_without_a_token_is_unauthenticated(running: Running) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        running.method("Whoami")({}, timeout=5)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer "],
)
def test_a_call_with_a_bad_token_is_unauthenticated(running: Running, authorization: str) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        running.method("Whoami")({}, timeout=5, metadata=(("authorization", authorization),))
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_a_token_for_another_audience_is_unauthenticated(running: Running, issuer: Issuer) -> None:
    token = issuer.token(aud="someone-else")
    with pytest.raises(grpc.RpcError) as caught:
        running.method("Whoami")({}, timeout=5, metadata=bearer(token))
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_a_token_signed_by_another_key_is_unauthenticated(running: Running) -> None:
    impostor = Issuer(TokenFactory())  # a key identity never published
    impostor.factory.kid = "unknown-kid"
    with pytest.raises(grpc.RpcError) as caught:
        running.method("Whoami")({}, timeout=5, metadata=bearer(impostor.token()))
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_the_handler_sees_the_principal_of_a_valid_token(running: Running, issuer: Issuer) -> None:
    answer = running.method("Whoami")({}, timeout=5, metadata=bearer(issuer.token("user-42")))
    assert answer["subject"] == "user-42"
    assert answer["roles"] == ["sales_rep"]


def test_the_principal_does_not_outlive_its_call(running: Running, issuer: Issuer) -> None:
    running.method("Whoami")({}, timeout=5, metadata=bearer(issuer.token("user-42")))
    # Same (single) worker thread, public method, no token.
    answer = running.method("Public")({}, timeout=5)
    assert answer["subject"] is None


def test_a_public_method_needs_no_token(running: Running) -> None:
    assert running.method("Public")({}, timeout=5)["subject"] is None


def test_an_app_error_becomes_its_status_and_detail(running: Running, issuer: Issuer) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        running.method("NotFound")({}, timeout=5, metadata=bearer(issuer.token()))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert caught.value.details() == "Widget 7 does not exist."


def test_field_errors_travel_as_bad_request_details(running: Running, issuer: Issuer) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        running.method("Invalid")({}, timeout=5, metadata=bearer(issuer.token()))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    raw = dict(caught.value.trailing_metadata())["grpc-status-details-bin"]
    status = status_pb2.Status.FromString(raw)
    bad = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(bad)
    assert [(v.field, v.description) for v in bad.field_violations] == [
        ("name", "must not be empty")
    ]


def test_an_unexpected_exception_is_internal_without_its_text(
    running: Running, issuer: Issuer
) -> None:
    with structlog.testing.capture_logs() as logs:
        with pytest.raises(grpc.RpcError) as caught:
            running.method("Boom")({}, timeout=5, metadata=bearer(issuer.token()))
    assert caught.value.code() == grpc.StatusCode.INTERNAL
    assert "hunter2" not in caught.value.details()
    assert "RuntimeError" not in caught.value.details()
    assert caught.value.details().startswith("Internal server error.")
    unhandled = [e for e in logs if e["event"] == "grpc.unhandled_error"]
    assert unhandled and unhandled[0]["error_type"] == "RuntimeError"
    assert isinstance(unhandled[0]["exc_info"], RuntimeError)


def test_a_database_that_is_down_is_unavailable_so_callers_may_retry(
    running: Running, issuer: Issuer
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        running.method("DatabaseDown")({}, timeout=5, metadata=bearer(issuer.token()))
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "refused" not in caught.value.details()


def test_a_handler_abort_keeps_its_own_status(running: Running, issuer: Issuer) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        running.method("HandlerAborts")({}, timeout=5, metadata=bearer(issuer.token()))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert caught.value.details() == "Not your widget."


def test_a_streamed_response_keeps_the_principal_and_maps_errors(
    running: Running, issuer: Issuer
) -> None:
    count = running.method("Count", stream=True)
    token = issuer.token("user-7")
    assert [m["subject"] for m in count({"n": 3}, timeout=5, metadata=bearer(token))] == [
        "user-7"
    ] * 3
    with pytest.raises(grpc.RpcError) as caught:
        list(count({"n": 3, "fail_at": 1}, timeout=5, metadata=bearer(token)))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


def test_each_call_logs_one_line_with_method_code_and_duration(
    running: Running, issuer: Issuer
) -> None:
    metadata = (*bearer(issuer.token("user-9")), ("x-correlation-id", "corr-123"))
    with structlog.testing.capture_logs() as logs:
        with pytest.raises(grpc.RpcError):
            running.method("NotFound")({}, timeout=5, metadata=metadata)
    lines = [e for e in logs if e["event"] == "grpc.call"]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == f"/{SERVICE}/NotFound"
    assert line["code"] == "NOT_FOUND"
    assert line["duration_ms"] >= 0
    assert line["subject"] == "user-9"


def test_the_correlation_id_is_adopted_and_echoed(running: Running, issuer: Issuer) -> None:
    metadata = (*bearer(issuer.token()), ("x-correlation-id", "corr-123"))
    answer, call = running.method("Whoami").with_call({}, timeout=5, metadata=metadata)
    assert answer["correlation_id"] == "corr-123"
    assert dict(call.trailing_metadata())["x-correlation-id"] == "corr-123"


def test_a_malformed_correlation_id_is_replaced(running: Running, issuer: Issuer) -> None:
    metadata = (*bearer(issuer.token()), ("x-correlation-id", "bad id {with} spaces" * 20))
    answer = running.method("Whoami")({}, timeout=5, metadata=metadata)
    assert answer["correlation_id"] and answer["correlation_id"] != "bad id {with} spaces" * 20


def test_health_answers_serving_without_a_token(running: Running) -> None:
    stub = health_pb2_grpc.HealthStub(running.channel)
    for service in ("", SERVICE):
        answer = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
        assert answer.status == health_pb2.HealthCheckResponse.SERVING


def test_reflection_lists_the_services_without_a_token(running: Running) -> None:
    stub = reflection_pb2_grpc.ServerReflectionStub(running.channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    (answer,) = list(stub.ServerReflectionInfo(iter([request]), timeout=5))
    names = {s.name for s in answer.list_services_response.service}
    assert {SERVICE, "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"} <= names


def test_reflection_v1_answers_too_without_a_token(running: Running) -> None:
    # Current clients (grpcurl) ask v1 first; its messages are v1alpha's, field for field.
    call = running.channel.stream_stream(
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    (answer,) = list(call(iter([request]), timeout=5))
    names = {s.name for s in answer.list_services_response.service}
    assert {SERVICE, "grpc.reflection.v1.ServerReflection"} <= names
