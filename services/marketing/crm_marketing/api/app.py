"""The Flask app of the web role: the service's blueprints under /api/marketing/v1.

Besides the chassis's built-in routes (``health/live``, ``health/ready``,
``openapi.json``), each resource module's ``bp`` is in the list below (each helper appends
its own line).
"""

from __future__ import annotations

from flask import Flask

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.http import Api, Blueprint, create_app
from crm_marketing.adapters.tables import idempotency_keys
from crm_marketing.api import (
    campaign_reports,
    campaigns,
    form_public,
    forms,
    mail_links,
    mailing_lists,
    mailings,
    segments,
    suppressions,
    templates,
)
from crm_marketing.bootstrap import Marketing

TITLE = "CRM Marketing API"
DESCRIPTION = (
    "Campaigns (members, response statuses, ROI), mailing lists and segments, mail-merge "
    "templates, mass e-mail with tracking and one-click unsubscribe, online lead forms."
)
#: Every resource module's blueprint (each helper appends its own line).
#: Campaigns and their ROI report (h/campaigns).
BLUEPRINTS: list[Blueprint] = [campaigns.bp, campaign_reports.bp]
BLUEPRINTS += [mailings.bp, mail_links.bp]  # h/mailings
# Audience: templates, mailing lists, segments, suppressions (h/audience).
BLUEPRINTS += [templates.bp, suppressions.bp, mailing_lists.bp, segments.bp]


#: Online lead forms (h/forms): staff routes, then the public submission endpoint.
BLUEPRINTS += [forms.bp, form_public.bp]


def build_app(app: Marketing, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""
    api = Api("marketing", TITLE, description=DESCRIPTION, blueprints=BLUEPRINTS)
    return create_app(
        app.settings,
        api,
        db=app.db,
        verifier=verifier,
        access=app.access.policy,
        idempotency_table=idempotency_keys,
        service=app,
        init=_init,
    )


def _init(flask_app: Flask) -> None:
    # CORS preflights of the public form endpoint (api/form_public.py).
    form_public.install_preflight(flask_app)
