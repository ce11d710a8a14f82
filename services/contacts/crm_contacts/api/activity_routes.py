"""Wire the routes of activities, notes, the timeline and the 360 view onto the service's Api.

Their use cases are built here from the parts the wired service already has (database,
access, queries), so adding them needs no change to the service's bootstrap.
"""

from __future__ import annotations

from crm_chassis.http import Api
from crm_contacts.api import activities, notes, overview, timeline
from crm_contacts.bootstrap import Contacts
from crm_contacts.service.activities import ActivityService
from crm_contacts.service.activity_queries import ActivityQueries
from crm_contacts.service.notes import NoteService
from crm_contacts.service.overview import Overview, Sources
from crm_contacts.service.timeline import TimelineQueries


def register(api: Api, service: Contacts) -> None:
    """Declare the task, event, note, timeline and overview routes."""
    queries = ActivityQueries(service.db, service.access, service.queries)
    activities.register(api, ActivityService(service.db, service.access, service.queries), queries)
    notes.register(api, NoteService(service.db, service.access, service.queries), queries)
    timelines = TimelineQueries(service.db, service.access, service.queries)
    timeline.register(api, timelines)
    settings = service.settings
    sources = Sources(
        sales=settings.sales_grpc_target,
        billing=settings.billing_grpc_target,
        support=settings.support_grpc_target,
        timeout=settings.overview_timeout_seconds,
    )
    overview.register(api, service, Overview(sources), queries, timelines)
