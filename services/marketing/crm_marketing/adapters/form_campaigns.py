"""The campaign a form credits: its owner, from marketing's own campaigns table."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa

from crm_chassis.db import Database
from crm_marketing.adapters.campaign_tables import campaigns


class StoredCampaigns:
    def __init__(self, db: Database) -> None:
        self._db = db

    def owner_of(self, campaign_id: UUID) -> UUID | None:
        """The owner of a campaign that exists and is not deleted, else None."""
        with self._db.reading() as session:
            found = session.execute(
                sa.select(campaigns.c.owner_id).where(
                    campaigns.c.id == campaign_id, campaigns.c.deleted_at.is_(None)
                )
            ).scalar_one_or_none()
        return found
