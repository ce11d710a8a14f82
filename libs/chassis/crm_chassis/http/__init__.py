"""HTTP bootstrap: declared views, the app factory, problem+json errors, OpenAPI, serving.

A service declares one :class:`Blueprint` per resource at module level; its views are
plain functions that reach the wired service with :func:`service`.
"""

from crm_chassis.http.api import Api, field_errors, if_match, service
from crm_chassis.http.app import create_app, problem_response
from crm_chassis.http.declare import Blueprint, Empty, File, RawBody, RouteSpec
from crm_chassis.http.responses import FileReply, JsonBody, Reply, format_etag, json_datetime
from crm_chassis.http.schemas import (
    AddressIn,
    AddressOut,
    ListQuery,
    MoneyIn,
    MoneyOut,
    Page,
    Schema,
)
from crm_chassis.http.serve import serve

__all__ = [
    "AddressIn",
    "AddressOut",
    "Api",
    "Blueprint",
    "Empty",
    "File",
    "FileReply",
    "JsonBody",
    "ListQuery",
    "MoneyIn",
    "MoneyOut",
    "Page",
    "RawBody",
    "Reply",
    "RouteSpec",
    "Schema",
    "create_app",
    "field_errors",
    "format_etag",
    "if_match",
    "json_datetime",
    "problem_response",
    "serve",
    "service",
]
