"""Alembic environment of the sales service (the chassis runs it)."""

from crm_chassis.db.migrate import run_env
from crm_sales.adapters.tables import metadata

run_env(metadata)
