"""The local policy copy: newer versions only, every process sees a change within its
refresh interval, the event handler, and the start-up fetch over real gRPC and HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import grpc
import pytest
import sqlalchemy as sa

from crm.identity.v1 import events_pb2, identity_pb2, identity_pb2_grpc
from crm_access import PolicySnapshot, PolicyStore, add_policy_table
from crm_access.fetch import fetch_snapshot
from crm_access.model import UserFacts
from crm_access.store import create_policy_table_v1, policy_changed_handler
from crm_chassis.auth.client_credentials import ServiceTokenSource
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import Unauthenticated
from crm_chassis.events.envelope import Envelope


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db(database_url: Callable[[str], str]) -> Iterator[Database]:
    database = Database(database_url("policy"))
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    with database.engine.begin() as conn:
        create_policy_table_v1(Operations(MigrationContext.configure(conn)))
    yield database
    database.dispose()


@pytest.fixture
def table() -> sa.Table:
    return add_policy_table(sa.MetaData())


def snap(version: int, *, rep_active: bool = True) -> PolicySnapshot:
    return PolicySnapshot(
        version=version, users=(UserFacts(id="rep", role_id="r", active=rep_active),)
    )


def test_only_a_newer_version_replaces_the_copy(db: Database, table: sa.Table) -> None:
    store = PolicyStore(db, table, "contacts")
    assert store.save(snap(2))
    assert not store.save(snap(1))
    assert not store.save(snap(2, rep_active=False))
    assert store.decider().version == 2
    assert not store.is_revoked(Principal(subject="rep"))


def test_other_processes_see_a_change_within_the_refresh_interval(
    db: Database, table: sa.Table
) -> None:
    clock = Clock()
    reader = PolicyStore(db, table, "contacts", refresh_seconds=1.0, clock=clock)
    writer = PolicyStore(db, table, "contacts")
    writer.save(snap(1))
    assert reader.decider().version == 1
    writer.save(snap(2, rep_active=False))
    clock.now += 0.5
    assert reader.decider().version == 1  # cached: no query per request
    clock.now += 0.6
    assert reader.decider().version == 2
    assert reader.is_revoked(Principal(subject="rep"))


def test_an_empty_copy_decides_from_tokens(db: Database, table: sa.Table) -> None:
    store = PolicyStore(db, table, "contacts")
    assert store.decider().version == 0
    store.check(
        Principal(subject="x", permissions=frozenset({"accounts.view"})), "accounts", "view"
    )


def test_the_event_handler_stores_newer_snapshots(db: Database, table: sa.Table) -> None:
    handle = policy_changed_handler(table)
    for version in (3, 2):
        msg = events_pb2.PolicyChanged(version=version, snapshot_json=snap(version).to_json())
        envelope = Envelope.build(
            type="identity.policy.changed.v1", source="identity", subject="policy", data=msg
        )
        with db.transaction() as session:
            handle(session, Envelope.from_json(envelope.to_json()))
    assert PolicyStore(db, table, "contacts").decider().version == 3


# -- the start-up fetch -------------------------------------------------------------------


class TokenEndpoint(BaseHTTPRequestHandler):
    calls: list[dict[str, str]] = []

    def do_POST(self) -> None:
        from urllib.parse import parse_qsl

        form = dict(parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
        TokenEndpoint.calls.append(form)
        ok = form.get("client_secret") == "s3cret"
        body = json.dumps(
            {"access_token": "tok-1", "token_type": "Bearer", "expires_in": 300}
            if ok
            else {"error": "invalid_client"}
        ).encode()
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def token_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), TokenEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/token"
    server.shutdown()
    server.server_close()


class Policies(identity_pb2_grpc.PolicyServiceServicer):
    def __init__(self) -> None:
        self.seen_metadata: list[dict[str, str]] = []

    def GetSnapshot(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.seen_metadata.append(dict(context.invocation_metadata()))
        return identity_pb2.GetSnapshotResponse(version=7, snapshot_json=snap(7).to_json())


def test_fetch_calls_identity_as_the_service(token_url: str) -> None:
    servicer = Policies()
    server = grpc.server(futures.ThreadPoolExecutor(2))
    identity_pb2_grpc.add_PolicyServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        tokens = ServiceTokenSource(token_url, "svc-contacts", "s3cret")
        got = fetch_snapshot(f"127.0.0.1:{port}", tokens)
        fetch_snapshot(f"127.0.0.1:{port}", tokens)
    finally:
        server.stop(None)
    assert got.version == 7
    assert servicer.seen_metadata[0]["authorization"] == "Bearer tok-1"
    assert len(TokenEndpoint.calls) == 1  # the token is cached until it nearly expires
    assert TokenEndpoint.calls[0]["grant_type"] == "client_credentials"


def test_refused_credentials_are_unauthenticated(token_url: str) -> None:
    with pytest.raises(Unauthenticated):
        ServiceTokenSource(token_url, "svc-contacts", "wrong").token()
