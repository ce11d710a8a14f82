"""The 360 view route: one account with everything around it, each part marked."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, service
from crm_contacts.api.accounts import account_body
from crm_contacts.api.activity_schemas import OverviewOut
from crm_contacts.api.contacts import contact_body
from crm_contacts.api.tasks import task_body
from crm_contacts.api.timeline import entry_out
from crm_contacts.bootstrap import Contacts
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.activity_access import TASKS
from crm_contacts.service.overview import AccountOverview, Part

bp = Blueprint("overview", tag="accounts")


@bp.get(
    "/accounts/<account_id>/overview",
    response=OverviewOut,
    permission=(ACCOUNTS, "view"),
    summary="360 view: the account, its contacts, open opportunities, recent quotes "
    "and orders, invoices and balance, open tickets (each part with a status)",
)
def account_overview(account_id: UUID) -> dict[str, Any]:
    caller, token = context.principal(), context.caller_token() or ""
    return overview_body(service(Contacts).overview.of_account(caller, account_id, token))


def overview_body(view: AccountOverview) -> dict[str, Any]:
    """The 360 view as the caller may see it (field access applies to every local record)."""
    app, caller = service(Contacts), context.principal()
    contacts, tasks = app.access.fields(caller, CONTACTS), app.access.fields(caller, TASKS)
    return {
        "account": account_body(view.account),
        "contacts": _part(view.contacts, lambda c: contact_body(c, contacts)),
        "open_tasks": _part(view.open_tasks, lambda t: task_body(t, tasks)),
        "timeline": _part(view.timeline, lambda e: entry_out(e).model_dump(mode="json")),
        **view.remote,
        "generated_at": view.generated_at,
    }


def _part(part: Part[Any], out: Any) -> dict[str, Any]:
    if part.status != "ok":
        return {"status": part.status}
    return {"status": part.status, "items": [out(item) for item in part.items]}
