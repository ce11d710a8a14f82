"""Alembic environment of the support service (the chassis runs it)."""

from crm_chassis.db.migrate import run_env
from crm_support.adapters.tables import metadata

run_env(metadata)
