"""The 360 view route: one account with everything around it, each part marked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import request

from crm_chassis import context
from crm_chassis.auth.tokens import bearer_token
from crm_chassis.errors import Forbidden
from crm_chassis.http import Api, Reply
from crm_contacts.api.accounts import account_out
from crm_contacts.api.activities import task_out
from crm_contacts.api.contacts import contact_out
from crm_contacts.api.schemas import redacted as shown
from crm_contacts.api.timeline import entry_out
from crm_contacts.bootstrap import Contacts
from crm_contacts.service.activities import TASKS
from crm_contacts.service.activity_queries import ActivityQueries
from crm_contacts.service.overview import RECENT, Overview
from crm_contacts.service.queries import ListParams
from crm_contacts.service.timeline import TimelineQueries


def _local(read: Callable[[], list[dict[str, Any]]]) -> dict[str, Any]:
    try:
        return {"status": "ok", "items": read()}
    except Forbidden:
        return {"status": "forbidden"}


def register(
    api: Api,
    service: Contacts,
    overview: Overview,
    activities: ActivityQueries,
    timeline: TimelineQueries,
) -> None:
    access = service.access

    @api.route(
        "/accounts/<account_id>/overview",
        "GET",
        permission=("accounts", "view"),
        summary="360 view: the account, its contacts, open opportunities, recent quotes "
        "and orders, invoices and balance, open tickets (each part with a status)",
    )
    def account_overview(account_id: UUID) -> Reply:
        principal = context.principal()
        account = service.queries.get_account(principal, account_id)  # 404 unless visible
        token = bearer_token(request.headers.get("Authorization"))

        def contacts() -> list[dict[str, Any]]:
            found, _ = service.queries.list_contacts(
                principal, ListParams(limit=50, filters={"account_id": account_id})
            )
            fa = access.fields(principal, "contacts")
            return [shown(contact_out(c), fa) for c in found]

        def open_tasks() -> list[dict[str, Any]]:
            found, _ = activities.list_tasks(
                principal,
                ListParams(
                    limit=50,
                    filters={"related_type": "account", "related_id": account_id, "open": True},
                ),
            )
            fa = access.fields(principal, TASKS)
            return [fa.redact(task_out(t).model_dump(mode="json")) for t in found]

        def recent() -> list[dict[str, Any]]:
            found, _ = timeline.for_account(principal, account_id, limit=RECENT, cursor=None)
            return [entry_out(e) for e in found]

        body: dict[str, Any] = {
            "account": shown(account_out(account), access.fields(principal, "accounts")),
            "contacts": _local(contacts),
            "open_tasks": _local(open_tasks),
            "timeline": _local(recent),
        }
        body.update(overview.remote_parts(principal, account_id, token))
        body["generated_at"] = overview.generated_at()
        return Reply(body)
