"""Run a service's Alembic migrations programmatically, and the shared ``env.py`` body.

A service's ``migrations/env.py`` is two lines::

    from crm_chassis.db.migrate import run_env
    from crm_contacts.adapters.tables import metadata
    run_env(metadata)
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, pool


def alembic_config(script_location: Path, url: str) -> Config:
    """Build an Alembic config for a migrations directory and a database URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(script_location: Path, url: str, revision: str = "heads") -> None:
    """Migrate the database at ``url`` to ``revision``."""
    command.upgrade(alembic_config(script_location, url), revision)


def run_env(metadata: MetaData) -> None:
    """The body of every service's Alembic ``env.py``."""
    from alembic import context
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
