"""Full-text search of articles: PostgreSQL's text search and SQLite's FTS5, one port.

Both weigh a word in the title above one in the keywords above one in the body:
PostgreSQL by the ``setweight`` labels A/B/C of :data:`DOCUMENT` (``ts_rank``'s default
weights 1.0, 0.4, 0.2), SQLite by ``bm25``'s column weights (10, 5, 1). :data:`DOCUMENT` is
the very expression migration 0005 indexes with GIN, so PostgreSQL's ``@@`` uses the index;
SQLite's FTS5 table is kept current by the migration's triggers. What a caller typed never
reaches FTS5's query syntax: it is cut into words (``search_terms``) and each is quoted.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from crm_chassis.db import Database
from crm_support.adapters.tables import kb_articles
from crm_support.domain.articles import search_terms
from crm_support.domain.ports import ArticleFilter, RankedArticle

DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(keywords, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'C')"
)
# bm25 weights per FTS5 column: article_id (not searched), title, keywords, body.
BM25_WEIGHTS = (0.0, 10.0, 5.0, 1.0)
_FTS = sa.table("kb_articles_fts", sa.column("article_id"))
_FTS_NAME = sa.literal_column("kb_articles_fts")


def _filtered(stmt: sa.Select[Any], where: ArticleFilter) -> sa.Select[Any]:
    if where.statuses is not None:
        stmt = stmt.where(kb_articles.c.status.in_(list(where.statuses)))
    if where.category is not None:
        stmt = stmt.where(kb_articles.c.category == where.category)
    if where.product_id is not None:
        stmt = stmt.where(kb_articles.c.product_id == where.product_id)
    return stmt


class PostgresArticleSearch:
    """``websearch_to_tsquery`` against the GIN-indexed weighted ``tsvector``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.document = sa.literal_column(f"({DOCUMENT})")

    def _query(self, text: str, any_term: bool) -> Any:
        words = search_terms(text, drop_stop_words=any_term)
        # websearch syntax: words side by side must all match; "or" between them: any.
        return sa.func.websearch_to_tsquery("english", (" or " if any_term else " ").join(words))

    def ranked(
        self, text: str, *, any_term: bool, where: ArticleFilter, limit: int
    ) -> list[RankedArticle]:
        if not search_terms(text, drop_stop_words=any_term):
            return []
        query = self._query(text, any_term)
        rank = sa.func.ts_rank(self.document, query)
        stmt = _filtered(
            sa.select(kb_articles.c.id, rank.label("rank")).where(self.document.op("@@")(query)),
            where,
        )
        stmt = stmt.order_by(rank.desc(), kb_articles.c.id).limit(limit)
        with self.db.reading() as session:
            return [RankedArticle(r.id, float(r.rank)) for r in session.execute(stmt)]

    def condition(self, text: str) -> Any:
        if not search_terms(text):
            return sa.false()
        return self.document.op("@@")(self._query(text, False))


class SqliteArticleSearch:
    """FTS5 ``MATCH`` with quoted words, ordered by ``bm25`` (lower is better there)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _query(text: str, any_term: bool) -> str | None:
        words = search_terms(text, drop_stop_words=any_term)
        quoted = [f'"{w}"' for w in words]
        return (" OR " if any_term else " ").join(quoted) or None

    def ranked(
        self, text: str, *, any_term: bool, where: ArticleFilter, limit: int
    ) -> list[RankedArticle]:
        query = self._query(text, any_term)
        if query is None:
            return []
        score = sa.func.bm25(_FTS_NAME, *BM25_WEIGHTS)
        stmt = (
            sa.select(kb_articles.c.id, score.label("score"))
            .select_from(_FTS.join(kb_articles, kb_articles.c.id == _FTS.c.article_id))
            .where(_FTS_NAME.op("MATCH")(query))
        )
        stmt = _filtered(stmt, where).order_by(score, kb_articles.c.id).limit(limit)
        with self.db.reading() as session:
            return [RankedArticle(r.id, -float(r.score)) for r in session.execute(stmt)]

    def condition(self, text: str) -> Any:
        query = self._query(text, False)
        if query is None:
            return sa.false()
        matching = sa.select(_FTS.c.article_id).where(_FTS_NAME.op("MATCH")(query))
        return kb_articles.c.id.in_(matching)


def article_search(db: Database) -> PostgresArticleSearch | SqliteArticleSearch:
    """The adapter for the database's dialect."""
    if db.dialect == "postgresql":
        return PostgresArticleSearch(db)
    return SqliteArticleSearch(db)
