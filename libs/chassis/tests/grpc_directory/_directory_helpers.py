"""Shared by the directory tests: a fake backend (the standard health service) and handles."""

from __future__ import annotations

from concurrent import futures
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from crm_chassis.grpc_directory import ForwardingHealth

CONTACTS = "crm.contacts.v1.ContactsService"
SALES = "crm.sales.v1.SalesService"


@dataclass
class Backend:
    server: grpc.Server
    health: health.HealthServicer
    port: int


@dataclass
class Directory:
    server: grpc.Server
    forwarding: ForwardingHealth
    channel: grpc.Channel

    @property
    def health(self) -> health_pb2_grpc.HealthStub:
        return health_pb2_grpc.HealthStub(self.channel)


def start_backend(port: int, *serving: str) -> Backend:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    for name in ("", *serving):
        servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    return Backend(server, servicer, port)
