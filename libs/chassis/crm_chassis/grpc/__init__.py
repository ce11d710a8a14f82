"""The gRPC bootstrap: a server with auth, logging, tracing, error mapping, health and
reflection, and a client channel and call helper for service-to-service reads."""

from crm_chassis.grpc.client import call, channel, read_methods, service_config, to_app_error
from crm_chassis.grpc.interceptors import (
    ALWAYS_PUBLIC_SERVICES,
    CORRELATION_HEADER,
    AuthInterceptor,
    CorrelationLoggingInterceptor,
    ErrorMappingInterceptor,
    server_interceptors,
)
from crm_chassis.grpc.remote import RemoteService, service_tokens
from crm_chassis.grpc.server import build_server, serve

__all__ = [
    "ALWAYS_PUBLIC_SERVICES",
    "CORRELATION_HEADER",
    "AuthInterceptor",
    "CorrelationLoggingInterceptor",
    "ErrorMappingInterceptor",
    "RemoteService",
    "build_server",
    "call",
    "channel",
    "read_methods",
    "serve",
    "server_interceptors",
    "service_config",
    "service_tokens",
    "to_app_error",
]
