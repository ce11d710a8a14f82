"""The knowledge base's tables: articles and their versions (on the service's metadata).

Full-text search is not a table here: on PostgreSQL a GIN index over the weighted
``tsvector`` expression of ``kb_articles`` (:data:`crm_support.adapters.article_search.DOCUMENT`),
on SQLite the FTS5 table ``kb_articles_fts`` kept current by triggers; both are made by
migration ``0005`` for their dialect only.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.types import UTCDateTime


def add_kb_tables(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table]:
    """Add the articles and their versions to the service's ``metadata``."""
    kb_articles = sa.Table(
        "kb_articles",
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("category", sa.String(100)),
        sa.Column("product_id", sa.Uuid, index=True),
        sa.Column("keywords", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("author_id", sa.Uuid),
        sa.Column("published_at", UTCDateTime()),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
    )

    kb_article_versions = sa.Table(
        "kb_article_versions",
        metadata,
        sa.Column(
            "article_id",
            sa.Uuid,
            sa.ForeignKey("kb_articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("category", sa.String(100)),
        sa.Column("product_id", sa.Uuid),
        sa.Column("keywords", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("edited_by", sa.Uuid),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    return kb_articles, kb_article_versions
