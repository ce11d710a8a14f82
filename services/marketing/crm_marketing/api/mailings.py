"""Mailing routes (h/mailings): drafts, send/pause/cancel, the send list, statistics."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, service
from crm_marketing.api.mailing_schemas import (
    MailingEdit,
    MailingIn,
    MailingListQuery,
    MailingOut,
    MailingStatisticsOut,
    RecipientOut,
    RecipientQuery,
    StatisticsQuery,
)
from crm_marketing.api.mailing_tables import CSV_FILE, statistics_reply
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.mailing_commands import (
    CancelMailing,
    CreateMailing,
    EditMailing,
    PauseMailing,
    SendMailing,
)
from crm_marketing.domain.mailings import MAILING_STATUS, Mailing, MailingFields
from crm_marketing.service.access import CAMPAIGNS
from crm_marketing.service.mailing_queries import MailingQueries

bp = Blueprint("mailings")
BASE = "/api/marketing/v1/mailings"
VIEW, CREATE, EDIT = (CAMPAIGNS, "view"), (CAMPAIGNS, "create"), (CAMPAIGNS, "edit")
_FIELDS = tuple(MailingFields.__dataclass_fields__)
_STATE = ("id", "status", "owner_id", "created_by", "created_at", "updated_at", "version")


def mailing_out(m: Mailing | Any) -> dict[str, Any]:
    """A Mailing (use cases) or a mailings row (queries) as MailingOut."""
    source = m.fields if isinstance(m, Mailing) else m
    body = {name: getattr(source, name) for name in _FIELDS}
    body.update({name: getattr(m, name) for name in (*_STATE, "started_at", "finished_at")})
    body["allowed_next"] = list(MAILING_STATUS.allowed(m.status))
    return body


def _queries() -> MailingQueries:
    found = service(Marketing).mailing_queries
    assert found is not None
    return found


@bp.post("/mailings", body=MailingIn, response=MailingOut, status=201, permission=CREATE)
def create(body: MailingIn) -> Reply:
    """Create a mailing (a Draft)."""
    values = body.model_dump(exclude={"owner_id"}, exclude_none=True)
    command = CreateMailing(MailingFields(**values), owner_id=body.owner_id)
    mailing = service(Marketing).run(command, caller=context.principal())
    return Reply(mailing_out(mailing), location=f"{BASE}/{mailing.id}", etag=mailing.version)


@bp.get("/mailings", query=MailingListQuery, response=Page[MailingOut], permission=VIEW)
def list_mailings(query: MailingListQuery) -> dict[str, Any]:
    """The mailings the caller may see, newest first."""
    rows, cursor = _queries().list(
        context.principal(), limit=query.limit, cursor=query.cursor, status=query.status
    )
    return {"items": [mailing_out(r) for r in rows], "next_cursor": cursor}


@bp.get("/mailings/<mailing_id>", response=MailingOut, permission=VIEW)
def get(mailing_id: UUID) -> Reply:
    row = _queries().get(context.principal(), mailing_id)
    return Reply(mailing_out(row), etag=row.version)


@bp.patch("/mailings/<mailing_id>", body=MailingEdit, response=MailingOut, permission=EDIT)
def edit(mailing_id: UUID, body: MailingEdit) -> Reply:
    """Change a Draft's fields (409 once it is scheduled)."""
    command = EditMailing(mailing_id, body.model_dump(exclude_unset=True))
    mailing = service(Marketing).run(command, caller=context.principal())
    return Reply(mailing_out(mailing), etag=mailing.version)


def _action(command: Any) -> Reply:
    mailing = service(Marketing).run(command, caller=context.principal())
    return Reply(mailing_out(mailing), etag=mailing.version)


@bp.post("/mailings/<mailing_id>/send", response=MailingOut, permission=EDIT)
def send(mailing_id: UUID) -> Reply:
    """Schedule a Draft (sent at scheduled_at, or now) or resume a Paused mailing; the
    sender must hold view on every module its audience reads."""
    return _action(SendMailing(mailing_id))


@bp.post("/mailings/<mailing_id>/pause", response=MailingOut, permission=EDIT)
def pause(mailing_id: UUID) -> Reply:
    """Stop sending before the next message (send resumes)."""
    return _action(PauseMailing(mailing_id))


@bp.post("/mailings/<mailing_id>/cancel", response=MailingOut, permission=EDIT)
def cancel(mailing_id: UUID) -> Reply:
    """Cancel for good: rows not sent yet are skipped."""
    return _action(CancelMailing(mailing_id))


@bp.get(
    "/mailings/<mailing_id>/recipients",
    query=RecipientQuery,
    response=Page[RecipientOut],
    permission=VIEW,
)
def recipients(mailing_id: UUID, query: RecipientQuery) -> dict[str, Any]:
    """The send list: each address's status (queued, sent, failed, bounced, skipped and why)."""
    rows, cursor = _queries().recipients(
        context.principal(), mailing_id, limit=query.limit, cursor=query.cursor, status=query.status
    )
    names = tuple(RecipientOut.model_fields)
    return {"items": [{n: getattr(r, n) for n in names} for r in rows], "next_cursor": cursor}


@bp.get(
    "/mailings/<mailing_id>/statistics",
    query=StatisticsQuery,
    response=MailingStatisticsOut,
    alternate=CSV_FILE,
    permission=VIEW,
)
def statistics(mailing_id: UUID, query: StatisticsQuery) -> Any:
    """Sent, delivered, opened, clicked, unsubscribed, bounced (JSON, or CSV)."""
    body = _queries().statistics(context.principal(), mailing_id)
    return statistics_reply(body, query.format)
