"""The lead list's own filters beyond exact fields: e-mail, tags, score, creation."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from crm_sales.adapters import tables as t


def lead_filters(stmt: sa.Select, f: dict[str, Any]) -> sa.Select:
    """``stmt`` narrowed by the lead filters ``f`` holds (exact fields are done by the list)."""
    if f.get("email"):
        stmt = stmt.where(t.leads.c.email_lc == str(f["email"]).strip().lower())
    if f.get("tag"):
        stmt = stmt.where(
            sa.exists().where(
                t.lead_tags.c.lead_id == t.leads.c.id, t.lead_tags.c.tag == str(f["tag"]).lower()
            )
        )
    if f.get("min_score") is not None:
        stmt = stmt.where(t.leads.c.score >= f["min_score"])
    # Marketing's segments (gRPC ListLeads): any of several tags, a creation bound.
    if f.get("tags"):
        tags = sorted({str(tag).strip().lower() for tag in f["tags"]})
        tagged = t.lead_tags.c.lead_id == t.leads.c.id
        stmt = stmt.where(sa.exists().where(tagged, t.lead_tags.c.tag.in_(tags)))
    if f.get("created_since") is not None:
        stmt = stmt.where(t.leads.c.created_at >= f["created_since"])
    return stmt
