"""Database engines, sessions, column types and migration running (SQLAlchemy 2, Alembic)."""

from crm_chassis.db.engine import Database
from crm_chassis.db.types import UTCDateTime, utcnow

__all__ = ["Database", "UTCDateTime", "utcnow"]
