"""The servicer: parse the request, call one query or use case, map the result to protos.

SupportService declares no RPCs yet (``protos/crm/support/v1``); the server
already answers health (SERVING) and reflection for it. Methods go on the servicer, named as
the RPCs are; errors are raised as the chassis's AppErrors and its interceptor maps them.
"""

from __future__ import annotations

import grpc

from crm.support.v1 import support_pb2_grpc as pb_grpc
from crm_chassis.grpc.server import Register
from crm_support.bootstrap import Support

SERVICE_NAME = "crm.support.v1.SupportService"


class SupportServicer(pb_grpc.SupportServiceServicer):
    """The RPCs of SupportService, over the wired service."""

    def __init__(self, app: Support) -> None:
        self.app = app


def register(app: Support) -> Register:
    """Return the chassis ``register`` callback adding this servicer to a server."""

    def add(server: grpc.Server) -> list[str]:
        servicer = SupportServicer(app)
        pb_grpc.add_SupportServiceServicer_to_server(servicer, server)
        return [SERVICE_NAME]

    return add
