"""Ports: what support's use cases need from the world, as ``typing.Protocol`` classes.

Another service's data (read over gRPC), a mail server, a PDF renderer: each is a protocol
here, implemented in ``adapters/`` and chosen in ``bootstrap.py``, so use cases and their
tests never touch the wire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from crm_support.domain.portal_documents import PortalDocument, PrintedDocument


@dataclass(frozen=True)
class ContactRef:
    id: UUID
    account_id: UUID | None


class References(Protocol):
    """contacts' accounts and contacts, sales' products, as a caller may see them.

    ``token`` is the caller's; None asks with the service's own credentials (portal and
    e-mail tickets, whose account and contact the token or the matched sender fixed).
    Each answers None/False for a record that does not exist or the caller may not see.
    """

    def account_exists(self, account_id: UUID, *, token: str | None) -> bool: ...

    def get_contact(self, contact_id: UUID, *, token: str | None) -> ContactRef | None: ...

    def product_exists(self, product_id: UUID, *, token: str | None) -> bool: ...


class ContractSlas(Protocol):
    """The SLA policy an account's service contract grants at a time (h/contracts fills
    it; until then no account has one and the ticket's priority picks the policy)."""

    def policy_for(self, account_id: UUID, at: datetime) -> UUID | None: ...


@dataclass(frozen=True)
class ArticleFilter:
    """What a ranked article search is limited to (None: any)."""

    statuses: tuple[str, ...] | None = None
    category: str | None = None
    product_id: UUID | None = None


@dataclass(frozen=True)
class RankedArticle:
    """One search hit: the article and its relevance (higher is better)."""

    article_id: UUID
    rank: float


class ArticleSearch(Protocol):
    """Full-text search of knowledge-base articles, title weighted above keywords above body.

    One port, two adapters chosen by the database's dialect (``bootstrap``): PostgreSQL's
    full-text search (``ts_rank`` over a GIN-indexed ``tsvector``) and SQLite's FTS5
    (``bm25``). ``any_term`` matches articles holding any of the words (suggestions from a
    ticket's text) instead of all of them (a search box).
    """

    def ranked(
        self, text: str, *, any_term: bool, where: ArticleFilter, limit: int
    ) -> list[RankedArticle]: ...

    def condition(self, text: str) -> Any:
        """A SQL condition on ``kb_articles`` selecting the articles matching all words."""
        ...


class PortalDocuments(Protocol):
    """sales' quotes and orders and billing's invoices, read with the portal user's token.

    ``kind`` is ``quote``, ``order`` or ``invoice``; a record missing or not visible to the
    token is None. Pages follow the other service's own page tokens.
    """

    def page(
        self, kind: str, *, token: str, size: int, page_token: str | None
    ) -> tuple[list[PortalDocument], str | None]: ...

    def get(self, kind: str, document_id: UUID, *, token: str) -> PortalDocument | None: ...

    def invoice_pdf(self, invoice_id: UUID, *, token: str) -> PrintedDocument | None: ...
