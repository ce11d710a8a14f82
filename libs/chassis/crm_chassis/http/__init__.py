"""HTTP bootstrap: route declarations, the app factory, problem+json errors, OpenAPI, serving."""

from crm_chassis.http.api import Api, Reply, field_errors, format_etag, if_match
from crm_chassis.http.app import create_app, problem_response
from crm_chassis.http.schemas import ListQuery, Page, Schema
from crm_chassis.http.serve import serve

__all__ = [
    "Api",
    "ListQuery",
    "Page",
    "Reply",
    "Schema",
    "create_app",
    "field_errors",
    "format_etag",
    "if_match",
    "problem_response",
    "serve",
]
