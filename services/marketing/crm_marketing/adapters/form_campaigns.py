"""Whether a campaign exists, for the form that credits it (placeholder until campaigns land)."""

from __future__ import annotations

from uuid import UUID


class AnyCampaign:
    """Accepts every id: replaced by the campaigns table's check when h/campaigns is merged."""

    def exists(self, campaign_id: UUID) -> bool:
        return True
