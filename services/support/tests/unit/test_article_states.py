"""The article status machine and versions, walked by random steps (hypothesis)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from crm_chassis.states import InvalidTransition
from crm_support.domain.articles import (
    ARTICLE_STATUS,
    OBSOLETE,
    PUBLISHED,
    Article,
    ArticleFields,
    ArticleObsolete,
)

DOC = Path(__file__).resolve().parents[4] / "docs" / "domain.md"
T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


class ArticleLife(RuleBasedStateMachine):
    """Any order of status requests and edits keeps the machine's table and the history."""

    def __init__(self) -> None:
        super().__init__()
        self.now = T0
        self.article = Article.create(
            id=uuid.uuid4(), now=T0, author_id=None, fields=ArticleFields(title="T", body="B")
        )
        self.versions = {v.number: v for v in self.article.pending_versions}
        self.article.pending_versions.clear()

    def _keep(self) -> None:
        for version in self.article.pending_versions:
            self.versions[version.number] = version
        self.article.pending_versions.clear()

    @rule(wanted=st.sampled_from(ARTICLE_STATUS.statuses))
    def change_status(self, wanted: str) -> None:
        before, self.now = self.article.status, self.now + timedelta(minutes=1)
        version = self.article.version
        try:
            self.article.update(
                ArticleFields(),
                {"status"},
                status=wanted,
                editor=None,
                now=self.now,
                expected_version=None,
            )
        except InvalidTransition:
            assert wanted != before and not ARTICLE_STATUS.can(before, wanted)
            assert self.article.version == version
            return
        assert wanted == before or ARTICLE_STATUS.can(before, wanted)
        if wanted == PUBLISHED and before != PUBLISHED:
            assert self.article.published_at == self.now
        self._keep()

    @rule(body=st.text(alphabet="abc xyz", min_size=1, max_size=20).filter(str.strip))
    def edit(self, body: str) -> None:
        before = (self.article.status, self.article.revision, self.article.body)
        self.now += timedelta(minutes=1)
        try:
            self.article.update(
                ArticleFields(body=body),
                {"body"},
                status=None,
                editor=None,
                now=self.now,
                expected_version=None,
            )
        except ArticleObsolete:
            assert before[0] == OBSOLETE
            return
        grew = before[0] == PUBLISHED and body.strip() != before[2]
        assert self.article.revision == before[1] + (1 if grew else 0)
        self._keep()

    @invariant()
    def history_is_whole(self) -> None:
        assert self.article.status in ARTICLE_STATUS.statuses
        assert sorted(self.versions) == list(range(1, self.article.revision + 1))
        current = self.versions[self.article.revision]
        assert (current.body, current.status) == (self.article.body, self.article.status)


TestArticleLife = ArticleLife.TestCase
TestArticleLife.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)


def test_obsolete_is_final():
    assert ARTICLE_STATUS.allowed(OBSOLETE) == ()
    assert ARTICLE_STATUS.initial == "Draft"


@pytest.mark.parametrize("machine", [ARTICLE_STATUS], ids=lambda m: m.name)
def test_the_domain_doc_holds_the_machine(machine):
    assert machine.as_markdown() in DOC.read_text(encoding="utf-8")
