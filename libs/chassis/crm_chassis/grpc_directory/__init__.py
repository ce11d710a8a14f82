"""The gateway's gRPC directory: reflection for every service and health per service.

Traefik routes gRPC by path (``/crm.<svc>.v1.<Service>/``) to each service's own server,
but reflection and health have one path each (``/grpc.reflection.v1.ServerReflection/``,
``/grpc.health.v1.Health/``), so through the gateway they reach this process instead: it
answers reflection from the generated descriptors of every proto under one namespace
(``crm``: a new service's proto joins without a change here) and forwards health checks
to the owning service's own health service. A mechanism only: it knows no service.
"""

from crm_chassis.grpc_directory.catalog import Catalog, GrpcService, load_catalog
from crm_chassis.grpc_directory.health import ForwardingHealth
from crm_chassis.grpc_directory.server import DirectorySettings, build_directory, main

__all__ = [
    "Catalog",
    "DirectorySettings",
    "ForwardingHealth",
    "GrpcService",
    "build_directory",
    "load_catalog",
    "main",
]
