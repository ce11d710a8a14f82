"""The servicer: parse the request, call one query or use case, map the result to protos.

MarketingService declares no RPCs yet (``protos/crm/marketing/v1``); the server
already answers health (SERVING) and reflection for it. Methods go on the servicer, named as
the RPCs are; errors are raised as the chassis's AppErrors and its interceptor maps them.
"""

from __future__ import annotations

import grpc

from crm.marketing.v1 import marketing_pb2_grpc as pb_grpc
from crm_chassis.grpc.server import Register
from crm_marketing.bootstrap import Marketing

SERVICE_NAME = "crm.marketing.v1.MarketingService"


class MarketingServicer(pb_grpc.MarketingServiceServicer):
    """The RPCs of MarketingService, over the wired service."""

    def __init__(self, app: Marketing) -> None:
        self.app = app


def register(app: Marketing) -> Register:
    """Return the chassis ``register`` callback adding this servicer to a server."""

    def add(server: grpc.Server) -> list[str]:
        servicer = MarketingServicer(app)
        pb_grpc.add_MarketingServiceServicer_to_server(servicer, server)
        return [SERVICE_NAME]

    return add
