"""Alembic environment of the billing service (the chassis runs it)."""

from crm_billing.adapters.tables import metadata
from crm_chassis.db.migrate import run_env

run_env(metadata)
