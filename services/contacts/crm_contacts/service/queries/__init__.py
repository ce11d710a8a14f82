"""Reads: gets, batch gets, keyset-paged lists and searches, with the record scope in SQL.

REST, gRPC and the 360 view call these; nothing here changes data.
"""

from crm_contacts.service.queries.activities import ActivityQueries
from crm_contacts.service.queries.records import MAX_BATCH, ListParams, Queries, like_pattern
from crm_contacts.service.queries.timeline import TimelineQueries

__all__ = [
    "MAX_BATCH",
    "ActivityQueries",
    "ListParams",
    "Queries",
    "TimelineQueries",
    "like_pattern",
]
