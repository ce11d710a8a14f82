"""The service-suite helpers: a fresh database at the newest migration per test (the
SQLite template is migrated once), and the settings that trust a TokenFactory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm_chassis.testing.service import token_settings
from crm_chassis.testing.tokens import TokenFactory

ENV = """
from sqlalchemy import MetaData
from crm_chassis.db.migrate import run_env
run_env(MetaData())
"""

REVISION = """
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table("thing", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO thing (id) VALUES (1)")


def downgrade():
    op.drop_table("thing")
"""


@pytest.fixture(scope="module")
def migrations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("migrations")
    (folder / "versions").mkdir()
    (folder / "env.py").write_text(ENV)
    (folder / "versions" / "0001_thing.py").write_text(REVISION)
    return folder


def rows(url: str) -> list[int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = list(conn.execute(sa.text("SELECT id FROM thing")).scalars())
    engine.dispose()
    return found


def test_each_test_gets_its_own_migrated_database(
    migrated_database_url: Callable[[str, Path], str], migrations: Path
) -> None:
    url = migrated_database_url("things", migrations)
    assert rows(url) == [1]
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO thing (id) VALUES (2)"))
    engine.dispose()
    assert rows(url) == [1, 2]


def test_a_later_test_starts_from_the_migration_again(
    migrated_database_url: Callable[[str, Path], str], migrations: Path
) -> None:
    assert rows(migrated_database_url("things", migrations)) == [1]


def test_token_settings_point_at_the_factory(token_factory: TokenFactory) -> None:
    assert token_settings(token_factory) == {
        "jwks_url": token_factory.jwks_url,
        "token_audience": token_factory.audience,
        "token_issuer": token_factory.issuer,
    }


def test_serving_grpc_answers_health_and_stops_after_the_block(
    token_factory: TokenFactory,
) -> None:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    from crm_chassis.config import ServiceSettings
    from crm_chassis.testing.service import serving_grpc

    settings = ServiceSettings(**token_settings(token_factory))
    with serving_grpc(settings, lambda server: [], token_factory.verifier()) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        answer = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
        assert answer.status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(ValueError):  # the channel is closed with the server
        stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=1)
    assert isinstance(channel, grpc.Channel)
