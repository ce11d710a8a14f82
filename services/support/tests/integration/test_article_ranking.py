"""Article search ranks title above keywords above body, on SQLite (FTS5) and PostgreSQL.

The same fixed corpus is searched on both engines; PostgreSQL runs when
``CRM_TEST_DATABASE_URL_BASE`` names a server (as CI does), and its plan uses the GIN index.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_chassis.db.migrate import upgrade
from crm_chassis.testing.databases import drop_database, new_database_url, postgres_base
from crm_support.adapters.article_search import DOCUMENT
from crm_support.bootstrap import Support, bootstrap
from crm_support.config import Settings
from crm_support.domain.articles import ArticleFields
from crm_support.domain.commands import CreateArticle, UpdateArticle
from crm_support.entrypoints.migrate import MIGRATIONS

ADMIN = Principal(str(uuid.uuid4()), roles=("admin",))
FILLER = "Steps to follow carefully when the office equipment misbehaves."
CORPUS = {
    "title": ("Printer shows an error", FILLER, ()),
    "keywords": ("Office devices troubleshooting", FILLER, ("printer", "scanner")),
    "body": ("Network drives", f"{FILLER} Restart the printer queue.", ()),
    "none": ("Mail quota", "Archive old mail to free space.", ("mail",)),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def kb(request, tmp_path, token_factory) -> Iterator[Support]:
    if request.param == "postgresql" and postgres_base() is None:
        pytest.skip("set CRM_TEST_DATABASE_URL_BASE to rank on PostgreSQL too")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kb.db'}"
    else:
        url = new_database_url("support_kb", tmp_path)
    upgrade(MIGRATIONS, url)
    app = bootstrap(Settings(database_url=url, jwks_url=token_factory.jwks_url))
    yield app
    app.db.dispose()
    drop_database(url)


def _publish(app: Support, title: str, body: str, keywords: tuple[str, ...]) -> uuid.UUID:
    fields = ArticleFields(title=title, body=body, keywords=keywords)
    article = app.run(CreateArticle(fields=fields), caller=ADMIN)
    for status in ("Reviewed", "Published"):
        change = UpdateArticle(article.id, ArticleFields(), frozenset({"status"}), status=status)
        app.run(change, caller=ADMIN)
    return article.id


def _corpus(app: Support) -> dict[uuid.UUID, str]:
    return {_publish(app, *content): name for name, content in CORPUS.items()}


def test_a_word_in_the_title_outranks_keywords_which_outrank_the_body(kb):
    names = _corpus(kb)
    hits = kb.articles.search(ADMIN, "printers")
    assert [names[h.article.id] for h in hits] == ["title", "keywords", "body"]
    assert hits[0].rank > hits[1].rank > hits[2].rank > 0


def test_every_word_must_match_a_search_and_any_word_a_suggestion(kb):
    names = _corpus(kb)
    assert [names[h.article.id] for h in kb.articles.search(ADMIN, "printer queue")] == ["body"]
    suggested = kb.articles.suggestions(ADMIN, "The mail printer", "is it full?")
    assert {names[h.article.id] for h in suggested} == {"title", "keywords", "body", "none"}
    printers = [names[h.article.id] for h in suggested if names[h.article.id] != "none"]
    assert printers == ["title", "keywords", "body"]


def test_query_syntax_is_only_words(kb):
    _corpus(kb)
    for text in ('"unbalanced', "printer AND OR NOT", "NEAR(printer", "*", "col:printer", "-x"):
        kb.articles.search(ADMIN, text)
        kb.articles.suggestions(ADMIN, text, text)
    assert kb.articles.search(ADMIN, "!!!") == []


def test_drafts_are_never_suggested(kb):
    fields = ArticleFields(title="Printer draft", body="Printer printer.")
    kb.run(CreateArticle(fields=fields), caller=ADMIN)
    assert kb.articles.suggestions(ADMIN, "printer", None) == []
    assert len(kb.articles.search(ADMIN, "printer")) == 1


def test_postgresql_answers_from_the_gin_index(kb):
    if kb.db.dialect != "postgresql":
        pytest.skip("the plan is checked on PostgreSQL")
    with kb.db.reading() as session:
        session.execute(sa.text("SET LOCAL enable_seqscan = off"))
        plan = session.execute(
            sa.text(
                f"EXPLAIN SELECT id FROM kb_articles WHERE ({DOCUMENT}) @@ "
                "websearch_to_tsquery('english', 'printer')"
            )
        )
        lines = plan.scalars().all()
    assert any("ix_kb_articles_fts" in line for line in lines), lines
