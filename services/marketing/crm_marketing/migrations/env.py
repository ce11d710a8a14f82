"""Alembic environment of the marketing service (the chassis runs it)."""

import crm_marketing.adapters.campaign_tables  # noqa: F401  (registers its tables)
from crm_chassis.db.migrate import run_env
from crm_marketing.adapters.tables import metadata

run_env(metadata)
