"""Reads of the knowledge base: get, keyset-paged lists, ranked search, suggestions, versions.

Articles are unowned (module access sees them all), except for portal callers, who read
published articles only: a draft, reviewed or obsolete article is 404 to them and never in
their lists, searches or suggestions, and the version history is staff-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import Forbidden, RecordNotFound
from crm_chassis.pagination import ListParams, decode_cursor, keyset, page, parse_sort
from crm_support.adapters.article_repository import article_from_row, version_from_row
from crm_support.adapters.tables import kb_article_versions, kb_articles
from crm_support.domain.articles import ARTICLE_STATUS, PUBLISHED, Article, ArticleVersion
from crm_support.domain.ports import ArticleFilter, ArticleSearch
from crm_support.service.access import KNOWLEDGE_BASE

SORTS = ("updated_at", "created_at", "title")
DEFAULT_SORT = "-updated_at"
FILTERS = ("status", "category", "product_id", "author_id")
MAX_SEARCH = 50
SUGGESTIONS = 5


@dataclass(frozen=True)
class Hit:
    """A ranked search result."""

    article: Article
    rank: float


class ArticleQueries:
    """The knowledge base's read side, over one database, access policy and search port."""

    def __init__(self, db: Database, access: RecordAccess, search: ArticleSearch) -> None:
        self.db = db
        self.access = access
        self.search_port = search

    def _statuses(
        self, principal: Principal, wanted: tuple[str, ...] | None
    ) -> tuple[str, ...] | None:
        """The statuses the caller may read among ``wanted`` (portal: Published only)."""
        if principal.kind != "portal":
            return wanted
        return tuple(s for s in (wanted or (PUBLISHED,)) if s == PUBLISHED)

    def get(self, principal: Principal, article_id: UUID) -> Article:
        self.access.require(principal, KNOWLEDGE_BASE, "view")
        stmt = sa.select(kb_articles).where(kb_articles.c.id == article_id)
        allowed = self._statuses(principal, None)
        if allowed is not None:
            stmt = stmt.where(kb_articles.c.status.in_(list(allowed)))
        with self.db.reading() as session:
            row = session.execute(stmt).first()
        if row is None:
            raise RecordNotFound("Article", article_id)
        return article_from_row(row)

    def list(self, principal: Principal, params: ListParams) -> tuple[list[Article], str | None]:
        """One page of articles; ``q`` matches every word (full-text, stemmed)."""
        self.access.require(principal, KNOWLEDGE_BASE, "view")
        sort, descending = parse_sort(params.sort or DEFAULT_SORT, set(SORTS), "updated_at")
        stmt = sa.select(kb_articles)
        wanted = params.filters.get("status")
        statuses = self._statuses(principal, tuple(wanted) if wanted else None)
        if statuses is not None:
            stmt = stmt.where(kb_articles.c.status.in_(list(statuses)))
        for name in ("category", "product_id", "author_id"):
            if params.filters.get(name) is not None:
                stmt = stmt.where(kb_articles.c[name] == params.filters[name])
        if params.updated_since is not None:
            stmt = stmt.where(kb_articles.c.updated_at >= params.updated_since)
        if params.q and params.q.strip():
            stmt = stmt.where(self.search_port.condition(params.q))
        after = (
            decode_cursor(params.cursor, sort=sort, descending=descending)
            if params.cursor
            else None
        )
        stmt = keyset(
            stmt,
            kb_articles.c[sort],
            kb_articles.c.id,
            descending=descending,
            after=after,
            limit=params.limit,
        )
        with self.db.reading() as session:
            items = [article_from_row(r) for r in session.execute(stmt)]
        return page(
            items,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda a: (getattr(a, sort), a.id),
        )

    def search(
        self,
        principal: Principal,
        q: str,
        *,
        status: tuple[str, ...] | None = None,
        category: str | None = None,
        product_id: UUID | None = None,
        limit: int = 20,
    ) -> list[Hit]:
        """The best ``limit`` articles holding every word of ``q``, most relevant first."""
        self.access.require(principal, KNOWLEDGE_BASE, "view")
        for s in status or ():
            ARTICLE_STATUS.check_known(s)
        where = ArticleFilter(self._statuses(principal, status), category, product_id)
        return self._hits(q, any_term=False, where=where, limit=min(limit, MAX_SEARCH))

    def suggestions(
        self, principal: Principal, title: str, description: str | None, limit: int = SUGGESTIONS
    ) -> list[Hit]:
        """Published articles for a new ticket: any of its words, title and keywords first."""
        self.access.require(principal, KNOWLEDGE_BASE, "view")
        text = f"{title} {description or ''}"
        where = ArticleFilter(statuses=(PUBLISHED,))
        return self._hits(text, any_term=True, where=where, limit=min(limit, MAX_SEARCH))

    def versions(self, principal: Principal, article_id: UUID) -> list[ArticleVersion]:
        """The article's versions, oldest first (staff only)."""
        if principal.kind == "portal":
            raise Forbidden("An article's history is for staff.")
        self.get(principal, article_id)
        stmt = (
            sa.select(kb_article_versions)
            .where(kb_article_versions.c.article_id == article_id)
            .order_by(kb_article_versions.c.number)
        )
        with self.db.reading() as session:
            return [version_from_row(r) for r in session.execute(stmt)]

    def _hits(self, text: str, *, any_term: bool, where: ArticleFilter, limit: int) -> list[Hit]:
        if where.statuses == ():
            return []
        ranked = self.search_port.ranked(text, any_term=any_term, where=where, limit=limit)
        if not ranked:
            return []
        ids = [r.article_id for r in ranked]
        with self.db.reading() as session:
            rows = session.execute(sa.select(kb_articles).where(kb_articles.c.id.in_(ids)))
            found = {r.id: article_from_row(r) for r in rows}
        return [Hit(found[r.article_id], r.rank) for r in ranked if r.article_id in found]
