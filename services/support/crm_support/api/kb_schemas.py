"""Request and response bodies of the knowledge base (articles, versions, search)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import Field, PlainSerializer, WithJsonSchema

from crm_chassis.http import ListQuery, Schema
from crm_support.domain.articles import Article, ArticleVersion

Text = str | None


def _isoformat(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


Timestamp = Annotated[
    datetime,
    PlainSerializer(_isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def hideable(description: str | None = None) -> Any:
    """A response field the caller's field access may leave out (absent, not null)."""
    return Field(None, description=description)


class _ArticleFields(Schema):
    body: str | None = Field(None, max_length=100_000)
    category: str | None = Field(None, max_length=100)
    product_id: UUID | None = None
    keywords: list[str] | None = Field(None, max_length=30)


class ArticleCreate(_ArticleFields):
    title: str = Field(min_length=1, max_length=255)
    body: str = Field(min_length=1, max_length=100_000)


class ArticlePatch(_ArticleFields):
    title: str | None = Field(None, min_length=1, max_length=255)
    status: str | None = Field(None, description="Draft, Reviewed, Published or Obsolete")


class ArticleOut(Schema):
    id: UUID
    title: Text = hideable()
    body: Text = hideable()
    category: Text = hideable()
    product_id: UUID | None = hideable()
    keywords: list[str] | None = hideable()
    status: Text = hideable()
    author_id: UUID | None = hideable()
    published_at: Timestamp | None = hideable()
    revision: int | None = hideable("The number of the current version")
    created_at: Timestamp | None = hideable()
    updated_at: Timestamp | None = hideable()
    version: int | None = hideable()


class ArticleVersionOut(Schema):
    number: int
    title: Text = hideable()
    body: Text = hideable()
    category: Text = hideable()
    product_id: UUID | None = hideable()
    keywords: list[str] | None = hideable()
    status: Text = hideable()
    edited_by: UUID | None = hideable()
    created_at: Timestamp | None = hideable()


class ArticleVersionsOut(Schema):
    items: list[ArticleVersionOut]


class ArticleHitOut(ArticleOut):
    rank: float = Field(description="Relevance, higher is better (comparable within one answer)")


class ArticleHitsOut(Schema):
    items: list[ArticleHitOut]


class ArticleListQuery(ListQuery):
    status: list[str] = Field(default_factory=list, max_length=4)
    category: str | None = Field(None, max_length=100)
    product_id: UUID | None = None
    author_id: UUID | None = None


class ArticleSearchQuery(Schema):
    q: str = Field(min_length=1, max_length=200)
    status: list[str] = Field(default_factory=list, max_length=4)
    category: str | None = Field(None, max_length=100)
    product_id: UUID | None = None
    limit: int = Field(20, ge=1, le=50)


class SuggestionQuery(Schema):
    title: str = Field(min_length=1, max_length=255)
    description: str | None = Field(None, max_length=10_000)
    limit: int = Field(5, ge=1, le=20)


def article_out(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "category": article.category,
        "product_id": article.product_id,
        "keywords": list(article.keywords),
        "status": article.status,
        "author_id": article.author_id,
        "published_at": article.published_at,
        "revision": article.revision,
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "version": article.version,
    }


def version_out(version: ArticleVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "title": version.title,
        "body": version.body,
        "category": version.category,
        "product_id": version.product_id,
        "keywords": list(version.keywords),
        "status": version.status,
        "edited_by": version.edited_by,
        "created_at": version.created_at,
    }
