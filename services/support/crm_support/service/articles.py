"""Knowledge-base use cases: write and change articles (an unowned module).

Reads (lists, search, suggestions, versions) are in ``article_queries.py``.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, VersionMismatch
from crm_support.domain.articles import Article
from crm_support.domain.commands import CreateArticle, DeleteArticle, UpdateArticle
from crm_support.domain.ports import References
from crm_support.service.access import KNOWLEDGE_BASE
from crm_support.service.references import check_references
from crm_support.service.unit_of_work import UnitOfWorkFactory


def author_of(principal: Principal) -> UUID | None:
    """The caller as an author (service accounts and odd subjects are nobody)."""
    try:
        return UUID(principal.subject) if principal.kind == "user" else None
    except ValueError:
        return None


def _check_product(references: References, product_id: UUID | None, token: str | None) -> None:
    # Asked before the transaction: no row lock is held across the network.
    check_references(
        references, account_id=None, contact_id=None, product_id=product_id, token=token
    )


def create_article(
    cmd: CreateArticle,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    references: References,
    caller: Principal,
) -> Article:
    """Write a new article (Draft), its first version kept; its product must exist."""
    access.require(caller, KNOWLEDGE_BASE, "create")
    article = Article.create(
        id=uuid.uuid4(), now=utcnow(), author_id=author_of(caller), fields=cmd.fields
    )
    _check_product(references, article.product_id, cmd.token)
    with uow() as tx:
        tx.articles.add(article)
    return article


def update_article(
    cmd: UpdateArticle,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    references: References,
    caller: Principal,
) -> Article:
    """Change content and/or status (412 on a stale If-Match, 409 on a refused status)."""
    access.require(caller, KNOWLEDGE_BASE, "edit")
    if "product_id" in cmd.sent:
        _check_product(references, cmd.fields.product_id, cmd.token)
    with uow() as tx:
        article = tx.articles.get(cmd.article_id)
        if article is None:
            raise RecordNotFound("Article", cmd.article_id)
        article.update(
            cmd.fields,
            cmd.sent,
            status=cmd.status,
            editor=author_of(caller),
            now=utcnow(),
            expected_version=cmd.expected_version,
        )
        tx.articles.save(article)
    return article


def delete_article(
    cmd: DeleteArticle, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    """Remove an article with its history (412 on a stale If-Match)."""
    access.require(caller, KNOWLEDGE_BASE, "delete")
    with uow() as tx:
        article = tx.articles.get(cmd.article_id)
        if article is None:
            raise RecordNotFound("Article", cmd.article_id)
        if cmd.expected_version is not None and cmd.expected_version != article.version:
            raise VersionMismatch(cmd.expected_version, article.version)
        tx.articles.delete(article.id)
