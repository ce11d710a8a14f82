"""Fixtures: tokens from the chassis TokenFactory (JWKS on a local port), and a real gRPC
server on a free port running a tiny JSON-over-bytes test service (no test proto)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest

from crm_chassis import context as crm_context
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.config import ServiceSettings
from crm_chassis.errors import FieldError, NotFound, ValidationFailed
from crm_chassis.grpc import build_server
from crm_chassis.testing.tokens import TokenFactory

SERVICE = "test.v1.ProbeService"
PUBLIC_METHOD = f"/{SERVICE}/Public"


class Issuer:
    """Tokens as identity signs them, from the chassis's TokenFactory (one test signer)."""

    def __init__(self, factory: TokenFactory) -> None:
        self.factory = factory

    def token(self, sub: str = "user-1", **claims: Any) -> str:
        claims.setdefault("roles", ["sales_rep"])
        return self.factory.issue(sub, ttl=300, **claims)


@pytest.fixture(scope="session")
def issuer(token_factory: TokenFactory) -> Issuer:
    return Issuer(token_factory)


@pytest.fixture(scope="session")
def verifier(token_factory: TokenFactory) -> TokenVerifier:
    return token_factory.verifier()


def _json(handler: Callable[[dict[str, Any], grpc.ServicerContext], Any]) -> Any:
    return grpc.unary_unary_rpc_method_handler(
        handler,
        request_deserializer=lambda b: json.loads(b or b"{}"),
        response_serializer=lambda obj: json.dumps(obj).encode(),
    )


def _whoami(request: dict[str, Any], context: grpc.ServicerContext) -> dict[str, Any]:
    who = crm_context.optional_principal()
    return {
        "subject": who.subject if who else None,
        "roles": list(who.roles) if who else [],
        "correlation_id": crm_context.correlation_id(),
        "time_remaining": context.time_remaining(),
        "authorization": dict(context.invocation_metadata()).get("authorization"),
    }


def _not_found(request: dict[str, Any], context: grpc.ServicerContext) -> Any:
    raise NotFound("Widget 7 does not exist.")


def _invalid(request: dict[str, Any], context: grpc.ServicerContext) -> Any:
    raise ValidationFailed(
        "The widget is invalid.", errors=[FieldError("name", "must not be empty")]
    )


def _boom(request: dict[str, Any], context: grpc.ServicerContext) -> Any:
    raise RuntimeError("db password is hunter2")


def _database_down(request: dict[str, Any], context: grpc.ServicerContext) -> Any:
    import sqlalchemy as sa

    raise sa.exc.OperationalError("SELECT 1", None, ConnectionRefusedError("refused"))


def _handler_aborts(request: dict[str, Any], context: grpc.ServicerContext) -> Any:
    context.abort(grpc.StatusCode.PERMISSION_DENIED, "Not your widget.")


def _count(request: dict[str, Any], context: grpc.ServicerContext) -> Iterator[dict[str, Any]]:
    for n in range(int(request.get("n", 3))):
        who = crm_context.principal()
        if n == request.get("fail_at"):
            raise NotFound("Ran out of widgets.")
        yield {"n": n, "subject": who.subject}


def register_probe(server: grpc.Server) -> list[str]:
    handlers = {
        "Whoami": _json(_whoami),
        "Public": _json(_whoami),
        "NotFound": _json(_not_found),
        "Invalid": _json(_invalid),
        "Boom": _json(_boom),
        "DatabaseDown": _json(_database_down),
        "HandlerAborts": _json(_handler_aborts),
        "Count": grpc.unary_stream_rpc_method_handler(
            _count,
            request_deserializer=lambda b: json.loads(b or b"{}"),
            response_serializer=lambda obj: json.dumps(obj).encode(),
        ),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))
    return [SERVICE]


class Running:
    def __init__(self, server: grpc.Server, port: int) -> None:
        self.server = server
        self.target = f"127.0.0.1:{port}"
        self.channel = grpc.insecure_channel(self.target)

    def method(self, name: str, *, stream: bool = False) -> Any:
        factory = self.channel.unary_stream if stream else self.channel.unary_unary
        return factory(
            f"/{SERVICE}/{name}",
            request_serializer=lambda obj: json.dumps(obj).encode(),
            response_deserializer=json.loads,
        )


@pytest.fixture
def running(verifier: TokenVerifier) -> Iterator[Running]:
    # One worker thread: consecutive calls run on the same thread, which is what lets a
    # test see a principal leaking from one call into the next.
    settings = ServiceSettings(grpc_host="127.0.0.1", grpc_port=0, grpc_max_workers=1)
    server = build_server(
        settings, register_probe, verifier, public_methods=frozenset({PUBLIC_METHOD})
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    probe = Running(server, port)
    yield probe
    probe.channel.close()
    server.stop(None)
