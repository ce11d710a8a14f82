"""Whether a campaign exists, for the form that credits it (marketing's own campaigns table)."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa

from crm_chassis.db import Database
from crm_marketing.adapters.campaign_tables import campaigns


class StoredCampaigns:
    def __init__(self, db: Database) -> None:
        self._db = db

    def exists(self, campaign_id: UUID) -> bool:
        with self._db.reading() as session:
            found = session.execute(
                sa.select(campaigns.c.id).where(
                    campaigns.c.id == campaign_id, campaigns.c.deleted_at.is_(None)
                )
            ).first()
        return found is not None
