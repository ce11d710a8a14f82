"""A bare grpcio server answering ``BatchGetAccounts`` from the same table, and a load driver.

``python tests/bench/bare_grpc.py PORT DATABASE_URL`` serves ``crm.contacts.v1.ContactsService``
with only ``BatchGetAccounts``: one ``SELECT ... WHERE id IN (...)`` on contacts' accounts
table (SQLAlchemy Core, the chassis' connection settings), the rows mapped to the same
``Account`` message (the bench's accounts set the fields mapped here: the scenario checks
that both servers answer the same bytes); no token, no access decision, no redaction, no
interceptors. Its thread pool and options are the services' (``grpc_max_workers`` default,
``SERVER_OPTIONS``). The baseline of gRPC ``BatchGetAccounts`` of 100 through the gateway.
"""

from __future__ import annotations

import sys
import threading
import time
import uuid
from concurrent import futures
from typing import Any

import grpc
import sqlalchemy as sa

from crm.contacts.v1 import contacts_pb2 as pb
from crm.contacts.v1 import contacts_pb2_grpc


class BareContacts(contacts_pb2_grpc.ContactsServiceServicer):
    def __init__(self, url: str) -> None:
        from crm_chassis.db import Database
        from crm_contacts.adapters.tables import accounts

        self.engine, self.table = Database(url).read_engine, accounts

    def BatchGetAccounts(self, request: Any, context: grpc.ServicerContext) -> Any:
        ids = [uuid.UUID(i) for i in request.ids]
        t = self.table
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t).where(t.c.id.in_(ids))).mappings().all()
        accounts = [
            pb.Account(
                id=str(r["id"]),
                name=r["name"],
                account_type=r.get("account_type") or "",
                industry=r.get("industry") or "",
                owner_id=str(r.get("owner_id") or ""),
                customer_code=r.get("customer_code") or "",
                version=int(r.get("version") or 0),
                tags=r.get("tags") or (),
                created_at=r["created_at"],
                updated_at=r["updated_at"],
            )
            for r in rows
        ]
        order = {i: n for n, i in enumerate(request.ids)}
        accounts.sort(key=lambda a: order[a.id])  # the same message: in request order
        found = {a.id for a in accounts}
        return pb.BatchGetAccountsResponse(
            accounts=accounts, missing_ids=[i for i in request.ids if i not in found]
        )


def answer_bytes(target: str, ids: list[str], metadata: list[tuple[str, str]]) -> bytes:
    """One BatchGetAccounts(ids) answer, serialized deterministically."""
    with grpc.insecure_channel(target) as channel:
        stub = contacts_pb2_grpc.ContactsServiceStub(channel)
        reply = stub.BatchGetAccounts(pb.BatchGetAccountsRequest(ids=ids), metadata=metadata)
    return bytes(reply.SerializeToString(deterministic=True))


def grpc_load(
    target: str,
    ids: list[str],
    metadata: list[tuple[str, str]],
    duration: float,
    concurrency: int = 8,
) -> dict[str, Any]:
    """Closed loop: ``concurrency`` threads call BatchGetAccounts(ids) for ``duration`` s."""
    request = pb.BatchGetAccountsRequest(ids=ids)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    with grpc.insecure_channel(target) as channel:
        stub = contacts_pb2_grpc.ContactsServiceStub(channel)
        stub.BatchGetAccounts(request, metadata=metadata, timeout=30)  # warm up, fail loudly
        stop_at = time.perf_counter() + duration

        def loop() -> None:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    stub.BatchGetAccounts(request, metadata=metadata, timeout=30)
                except grpc.RpcError:
                    with lock:
                        errors[0] += 1
                    continue
                with lock:
                    latencies.append(time.perf_counter() - started)

        threads = [threading.Thread(target=loop) for _ in range(concurrency)]
        begun = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - begun
    latencies.sort()
    p = (lambda q: round(latencies[int(q * (len(latencies) - 1))] * 1000, 2)) if latencies else None
    return {
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": p(0.5) if p else 0.0,
        "p99_ms": p(0.99) if p else 0.0,
        "calls": len(latencies),
        "errors": errors[0],
    }


def main() -> None:
    port, url = int(sys.argv[1]), sys.argv[2]
    from crm_chassis.config import ServiceSettings
    from crm_chassis.grpc.server import SERVER_OPTIONS

    workers = ServiceSettings.model_fields["grpc_max_workers"].default  # the services' pool
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers), options=SERVER_OPTIONS)
    contacts_pb2_grpc.add_ContactsServiceServicer_to_server(BareContacts(url), server)
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    server.wait_for_termination()


if __name__ == "__main__":
    main()
