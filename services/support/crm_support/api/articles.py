"""Knowledge-base routes: articles, their versions, ranked search and ticket suggestions.

Staff with the ``knowledge_base`` module read every article and write as their profile
allows; portal callers (``portal.knowledge_base.read``) read published articles only.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_chassis.pagination import ListParams
from crm_support.api.kb_schemas import (
    ArticleCreate,
    ArticleHitsOut,
    ArticleListQuery,
    ArticleOut,
    ArticlePatch,
    ArticleSearchQuery,
    ArticleVersionsOut,
    SuggestionQuery,
    article_out,
    version_out,
)
from crm_support.bootstrap import Support
from crm_support.domain.articles import ArticleFields
from crm_support.domain.commands import CreateArticle, DeleteArticle, UpdateArticle
from crm_support.service.access import KNOWLEDGE_BASE
from crm_support.service.article_queries import Hit

BASE = "/api/support/v1/articles"
VIEW = (KNOWLEDGE_BASE, "view")

bp = Blueprint("articles")


def _redact(body: dict[str, Any]) -> dict[str, Any]:
    fields = service(Support).access.fields(context.principal(), KNOWLEDGE_BASE)
    return fields.redact(body)


def _fields(body: ArticleCreate | ArticlePatch) -> ArticleFields:
    return ArticleFields(
        title=body.title,
        body=body.body,
        category=body.category,
        product_id=body.product_id,
        keywords=tuple(body.keywords or ()),
    )


def _hits(hits: list[Hit]) -> dict[str, Any]:
    return {"items": [_redact({**article_out(h.article), "rank": h.rank}) for h in hits]}


@bp.post(
    "/articles",
    body=ArticleCreate,
    response=ArticleOut,
    status=201,
    permission=(KNOWLEDGE_BASE, "create"),
)
def create_article(body: ArticleCreate) -> Reply:
    """Write an article (Draft); its first version is kept."""
    article = service(Support).run(
        CreateArticle(fields=_fields(body), token=context.caller_token()),
        caller=context.principal(),
    )
    return Reply(
        _redact(article_out(article)), location=f"{BASE}/{article.id}", etag=article.version
    )


@bp.get("/articles", query=ArticleListQuery, response=Page[ArticleOut], permission=VIEW)
def list_articles(query: ArticleListQuery) -> dict[str, Any]:
    """List articles (sort updated_at, created_at, title; q: every word, full-text)."""
    filters = {
        k: v
        for k, v in query.model_dump(
            include={"status", "category", "product_id", "author_id"}
        ).items()
        if v not in (None, [])
    }
    params = ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        q=query.q,
        updated_since=query.updated_since,
        filters=filters,
    )
    items, cursor = service(Support).articles.list(context.principal(), params)
    return {"items": [_redact(article_out(a)) for a in items], "next_cursor": cursor}


@bp.get("/articles/search", query=ArticleSearchQuery, response=ArticleHitsOut, permission=VIEW)
def search_articles(query: ArticleSearchQuery) -> dict[str, Any]:
    """The most relevant articles holding every word of q (title > keywords > body)."""
    hits = service(Support).articles.search(
        context.principal(),
        query.q,
        status=tuple(query.status) if query.status else None,
        category=query.category,
        product_id=query.product_id,
        limit=query.limit,
    )
    return _hits(hits)


@bp.get("/articles/suggestions", query=SuggestionQuery, response=ArticleHitsOut, permission=VIEW)
def suggest_articles(query: SuggestionQuery) -> dict[str, Any]:
    """Published articles that may answer a new ticket, from its title and description."""
    hits = service(Support).articles.suggestions(
        context.principal(), query.title, query.description, query.limit
    )
    return _hits(hits)


@bp.get("/articles/<article_id>", response=ArticleOut, permission=VIEW)
def get_article(article_id: UUID) -> Reply:
    """Get an article (portal callers: published ones only)."""
    article = service(Support).articles.get(context.principal(), article_id)
    return Reply(_redact(article_out(article)), etag=article.version)


@bp.get("/articles/<article_id>/versions", response=ArticleVersionsOut, permission=VIEW)
def list_versions(article_id: UUID) -> dict[str, Any]:
    """The article's versions, oldest first (staff only)."""
    versions = service(Support).articles.versions(context.principal(), article_id)
    return {"items": [_redact(version_out(v)) for v in versions]}


@bp.patch(
    "/articles/<article_id>",
    body=ArticlePatch,
    response=ArticleOut,
    permission=(KNOWLEDGE_BASE, "edit"),
)
def patch_article(article_id: UUID, body: ArticlePatch) -> Reply:
    """Change content and/or status; an edit of a published article makes a new version."""
    command = UpdateArticle(
        article_id=article_id,
        fields=_fields(body),
        sent=frozenset(body.model_fields_set),
        status=body.status,
        expected_version=if_match(),
        token=context.caller_token(),
    )
    article = service(Support).run(command, caller=context.principal())
    return Reply(_redact(article_out(article)), etag=article.version)


@bp.delete("/articles/<article_id>", response=None, permission=(KNOWLEDGE_BASE, "delete"))
def delete_article(article_id: UUID) -> None:
    """Delete an article and its versions."""
    service(Support).run(DeleteArticle(article_id, if_match()), caller=context.principal())
