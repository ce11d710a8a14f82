"""gRPC upstream for gateway tests: ``python grpc_upstream.py PORT``.

Registers ``/crm.contacts.v1.ContactsService/GetAccount`` with bytes (de)serializers through a
generic handler (no generated stubs needed); the answer is JSON with the request bytes and the
invocation metadata the server received, so tests can see which headers crossed the gateway.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from concurrent import futures

import grpc


def get_account(request: bytes, context: grpc.ServicerContext) -> bytes:
    metadata = {k: v for k, v in context.invocation_metadata() if isinstance(v, str)}
    return json.dumps({"request": request.decode(), "metadata": metadata}).encode()


def main() -> None:
    port = int(sys.argv[1])
    handler = grpc.method_handlers_generic_handler(
        "crm.contacts.v1.ContactsService",
        {"GetAccount": grpc.unary_unary_rpc_method_handler(get_account)},
    )
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers((handler,))
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    server.stop(grace=1).wait()


if __name__ == "__main__":
    main()
