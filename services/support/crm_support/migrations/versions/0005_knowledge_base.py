"""The knowledge base: articles, their versions, and full-text search for the dialect.

PostgreSQL: a GIN index over the weighted ``tsvector`` of title (A), keywords (B) and body
(C), the same expression ``crm_support.adapters.article_search.DOCUMENT`` queries with, so
``@@`` and ``ts_rank`` are index-backed. SQLite: an FTS5 table (porter stemming) with the
article's id, kept current by triggers, ranked with ``bm25`` and the same weights.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(keywords, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'C')"
)
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE kb_articles_fts USING fts5("
    "article_id UNINDEXED, title, keywords, body, tokenize = 'porter unicode61')",
    "CREATE TRIGGER kb_articles_fts_insert AFTER INSERT ON kb_articles BEGIN "
    "INSERT INTO kb_articles_fts (article_id, title, keywords, body) "
    "VALUES (new.id, new.title, new.keywords, new.body); END",
    "CREATE TRIGGER kb_articles_fts_update AFTER UPDATE OF title, keywords, body "
    "ON kb_articles BEGIN "
    "DELETE FROM kb_articles_fts WHERE article_id = old.id; "
    "INSERT INTO kb_articles_fts (article_id, title, keywords, body) "
    "VALUES (new.id, new.title, new.keywords, new.body); END",
    "CREATE TRIGGER kb_articles_fts_delete AFTER DELETE ON kb_articles BEGIN "
    "DELETE FROM kb_articles_fts WHERE article_id = old.id; END",
]


def upgrade() -> None:
    op.create_table(
        "kb_articles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(100), nullable=True),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("keywords", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kb_articles"),
    )
    op.create_index("ix_kb_articles_product_id", "kb_articles", ["product_id"])
    op.create_index("ix_kb_articles_status", "kb_articles", ["status"])
    op.create_index("ix_kb_articles_updated_at", "kb_articles", ["updated_at"])
    op.create_table(
        "kb_article_versions",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(100), nullable=True),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("keywords", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("edited_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["kb_articles.id"],
            name="fk_kb_article_versions_article_id_kb_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "number", name="pk_kb_article_versions"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_kb_articles_fts ON kb_articles USING gin (({DOCUMENT}))")
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_kb_articles_fts")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS kb_articles_fts_{name}")
        op.execute("DROP TABLE IF EXISTS kb_articles_fts")
    op.drop_table("kb_article_versions")
    op.drop_index("ix_kb_articles_updated_at", table_name="kb_articles")
    op.drop_index("ix_kb_articles_status", table_name="kb_articles")
    op.drop_index("ix_kb_articles_product_id", table_name="kb_articles")
    op.drop_table("kb_articles")
