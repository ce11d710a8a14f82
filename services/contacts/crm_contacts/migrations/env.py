"""Alembic environment of the contacts service (the chassis runs it)."""

from crm_chassis.db.migrate import run_env
from crm_contacts.adapters.tables import metadata

run_env(metadata)
