"""The public links of mailed messages (h/mailings): unsubscribe, open pixel, click.

No login: the signed token is the recipient's proof (``public=True``, like support's survey
links; the gateway routes anonymous calls with its stricter per-IP limit). A bad or forged
token is a 404 that says no more.

- ``GET /unsubscribe/{token}``: what the link would do (JSON, or a small confirmation page
  with a button for a browser); ``POST``: RFC 8058 one-click (``List-Unsubscribe=One-Click``)
  or the page's button; recorded once, answered 200 every time.
- ``GET /t/o/{token}``: a 1x1 GIF, never cached; the open counted once per recipient.
- ``GET /t/c/{token}``: a 302 to the link's target, which must be one of the mailing's
  own links (no open redirect); the click counted once per recipient.
"""

from __future__ import annotations

import base64
import html
from typing import Any

from flask import request

from crm_chassis.http import Blueprint, Empty, File, FileReply, Reply, service
from crm_marketing.api.mailing_schemas import OneClickIn, UnsubscribeOut
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.mailing_commands import TrackClick, TrackOpen, UnsubscribeByLink

bp = Blueprint("mail-links")
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NO_STORE = {"Cache-Control": "no-store, max-age=0", "Pragma": "no-cache"}
HTML_PAGE = File("text/html", "The confirmation page (a browser's Accept: text/html)")


def _wants_html() -> bool:
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "text/html" and (
        accept["text/html"] > accept["application/json"]
    )


def _page(view: dict[str, Any]) -> FileReply:
    name, address = html.escape(view["mailing"]), html.escape(view["address"])
    if view["unsubscribed"]:
        body = f"<p>{address} is unsubscribed from these mails ({name}).</p>"
    else:
        body = (
            f"<p>Stop mails like &laquo;{name}&raquo; to {address}?</p>"
            '<form method="post"><button type="submit">Unsubscribe</button></form>'
        )
    page = f"<!doctype html><html><head><title>Unsubscribe</title></head><body>{body}</body></html>"
    return FileReply(page.encode(), disposition="inline", media_type="text/html", headers=NO_STORE)


@bp.get(
    "/unsubscribe/<token>",
    response=UnsubscribeOut,
    alternate=HTML_PAGE,
    public=True,
    summary="What an unsubscribe link does (JSON, or a confirmation page)",
)
def unsubscribe_page(token: str) -> Any:
    app = service(Marketing)
    assert app.mailing_queries is not None
    view = app.mailing_queries.unsubscribe_view(token)
    return _page(view) if _wants_html() else Reply(view, headers=NO_STORE)


@bp.post(
    "/unsubscribe/<token>",
    body=OneClickIn,
    form=True,
    optional_body=True,
    idempotent=False,
    response=UnsubscribeOut,
    alternate=HTML_PAGE,
    public=True,
    summary="Unsubscribe (RFC 8058 one-click, or the page's button); recorded once",
)
def unsubscribe(token: str, body: OneClickIn | None) -> Any:
    app = service(Marketing)
    changed = app.run(UnsubscribeByLink(token))
    assert app.mailing_queries is not None
    view = {**app.mailing_queries.unsubscribe_view(token), "changed": changed}
    return _page(view) if _wants_html() else Reply(view, headers=NO_STORE)


@bp.get("/t/o/<token>", response=File("image/gif", "A 1x1 GIF"), public=True)
def open_pixel(token: str) -> FileReply:
    """The open pixel: counted once per recipient (when the mailing tracks opens)."""
    service(Marketing).run(TrackOpen(token))
    return FileReply(PIXEL, disposition="inline", media_type="image/gif", headers=NO_STORE)


@bp.get(
    "/t/c/<token>",
    response=Empty("A 302 to the link's target (Location)"),
    public=True,
    summary="A tracked link: 302 to its target, only one of the mailing's own links",
)
def click(token: str) -> Reply:
    target = service(Marketing).run(TrackClick(token))
    return Reply(status=302, location=target, headers=NO_STORE)
