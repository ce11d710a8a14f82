"""Commands: what callers ask, one frozen dataclass each, named in the imperative.

Each subclasses ``crm_chassis.usecases.Command[R]``, ``R`` being what carrying it out
returns, and carries typed fields (never a ``dict[str, Any]``); a partial update names the
fields the client sent. The use case that carries it out is a function in ``service/``::

    @dataclass(frozen=True)
    class OpenTicket(Command[Ticket]):
        subject: str
        account_id: UUID | None = None
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from crm_chassis.usecases import Command
from crm_support.domain.articles import Article, ArticleFields

# -- knowledge base ------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateArticle(Command[Article]):
    """A new article, in Draft; its author is the caller."""

    fields: ArticleFields


@dataclass(frozen=True)
class UpdateArticle(Command[Article]):
    """Change the ``sent`` fields of an article (content and/or ``status``)."""

    article_id: UUID
    fields: ArticleFields
    sent: frozenset[str]
    status: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteArticle(Command[None]):
    """Remove an article and its versions."""

    article_id: UUID
    expected_version: int | None = None
