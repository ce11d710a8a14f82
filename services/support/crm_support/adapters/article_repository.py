"""Articles as aggregates over one session, and the rows they are kept in."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.errors import Conflict
from crm_support.adapters.tables import kb_article_versions, kb_articles
from crm_support.domain.articles import (
    Article,
    ArticleVersion,
    keywords_of,
    keywords_text,
)


def article_values(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "category": article.category,
        "product_id": article.product_id,
        "keywords": keywords_text(article.keywords),
        "status": article.status,
        "author_id": article.author_id,
        "published_at": article.published_at,
        "revision": article.revision,
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "version": article.version,
    }


def article_from_row(row: Any) -> Article:
    return Article(
        id=row.id,
        title=row.title,
        body=row.body,
        category=row.category,
        product_id=row.product_id,
        keywords=keywords_of(row.keywords),
        status=row.status,
        author_id=row.author_id,
        published_at=row.published_at,
        revision=row.revision,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def version_values(version: ArticleVersion) -> dict[str, Any]:
    return {
        "article_id": version.article_id,
        "number": version.number,
        "title": version.title,
        "body": version.body,
        "category": version.category,
        "product_id": version.product_id,
        "keywords": keywords_text(version.keywords),
        "status": version.status,
        "edited_by": version.edited_by,
        "created_at": version.created_at,
    }


def version_from_row(row: Any) -> ArticleVersion:
    return ArticleVersion(
        article_id=row.article_id,
        number=row.number,
        title=row.title,
        body=row.body,
        category=row.category,
        product_id=row.product_id,
        keywords=keywords_of(row.keywords),
        status=row.status,
        edited_by=row.edited_by,
        created_at=row.created_at,
    )


class ArticleRepository:
    """Reads an article for change (row locked) and writes it back guarded by its version."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Any] = []
        self._loaded: dict[UUID, int] = {}

    def get(self, article_id: UUID) -> Article | None:
        stmt = sa.select(kb_articles).where(kb_articles.c.id == article_id).with_for_update()
        row = self.session.execute(stmt).first()
        if row is None:
            return None
        article = article_from_row(row)
        self._loaded[article.id] = article.version
        return article

    def add(self, article: Article) -> None:
        self.session.execute(sa.insert(kb_articles).values(**article_values(article)))
        self._write_versions(article)

    def save(self, article: Article) -> None:
        read_at = self._loaded.get(article.id)
        if read_at is None or read_at == article.version:
            return
        result = self.session.execute(
            sa.update(kb_articles)
            .where(kb_articles.c.id == article.id, kb_articles.c.version == read_at)
            .values(**article_values(article))
        )
        if result.rowcount != 1:
            raise Conflict(f"Article {article.id} was changed concurrently; try again.")
        self._loaded[article.id] = article.version
        self._write_versions(article)

    def delete(self, article_id: UUID) -> None:
        # Versions first: SQLite enforces no foreign keys unless asked, so no cascade there.
        self.session.execute(
            sa.delete(kb_article_versions).where(kb_article_versions.c.article_id == article_id)
        )
        self.session.execute(sa.delete(kb_articles).where(kb_articles.c.id == article_id))

    def _write_versions(self, article: Article) -> None:
        """Write the article's new or rewritten version rows (one per number)."""
        for version in article.pending_versions:
            self.session.execute(
                sa.delete(kb_article_versions).where(
                    kb_article_versions.c.article_id == version.article_id,
                    kb_article_versions.c.number == version.number,
                )
            )
            self.session.execute(sa.insert(kb_article_versions).values(**version_values(version)))
        article.pending_versions.clear()
