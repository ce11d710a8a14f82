"""Knowledge-base articles (FAQ): their status machine, their versions and their search words.

An article is unowned (identity's ``knowledge_base`` module: module access sees them all);
its ``author_id`` is who wrote it. Content (title, body, category, product, keywords) may be
edited in any status but Obsolete. A draft or reviewed article is edited in place (its
current version is rewritten); every edit of a *published* article makes a new version, so
what customers read before stays readable in the history.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from crm_chassis.errors import Conflict, FieldError, InvalidFields, VersionMismatch
from crm_chassis.fields import Checker
from crm_chassis.states import StateMachine

DRAFT, REVIEWED, PUBLISHED, OBSOLETE = "Draft", "Reviewed", "Published", "Obsolete"

ARTICLE_STATUS = StateMachine(
    name="knowledge-base article",
    transitions={
        DRAFT: frozenset({REVIEWED, OBSOLETE}),
        REVIEWED: frozenset({DRAFT, PUBLISHED, OBSOLETE}),
        PUBLISHED: frozenset({OBSOLETE}),
        OBSOLETE: frozenset(),
    },
    initial=DRAFT,
)

CONTENT = ("title", "body", "category", "product_id", "keywords")
EDITABLE = (*CONTENT, "status")
TITLE_LIMIT = 255
BODY_LIMIT = 100_000
CATEGORY_LIMIT = 100
MAX_KEYWORDS = 30
MAX_SEARCH_TERMS = 32
# Words too common to tell articles apart: a suggestion from a ticket's text ignores them so
# "the printer is broken" ranks by "printer" and "broken", on PostgreSQL and SQLite alike.
STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have how i if in is it its my no not of on "
    "or our so that the their then there this to too was we what when where which who why "
    "will with you your can do does did".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)


class ArticleObsolete(Conflict):
    """An obsolete article is history: it is not edited (409)."""

    def __init__(self) -> None:
        super().__init__(
            "An Obsolete article cannot be edited.",
            extra={"current_status": OBSOLETE, "allowed_next": []},
        )


@dataclass(frozen=True)
class ArticleFields:
    """An article's content as given (absent ones None) or as checked."""

    title: str | None = None
    body: str | None = None
    category: str | None = None
    product_id: UUID | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleVersion:
    """One version of an article's content: who wrote it and when."""

    article_id: UUID
    number: int
    title: str
    body: str
    category: str | None
    product_id: UUID | None
    keywords: tuple[str, ...]
    status: str
    edited_by: UUID | None
    created_at: datetime


@dataclass
class Article:
    id: UUID
    title: str
    body: str
    created_at: datetime
    updated_at: datetime
    author_id: UUID | None = None
    category: str | None = None
    product_id: UUID | None = None
    keywords: tuple[str, ...] = ()
    status: str = DRAFT
    published_at: datetime | None = None
    revision: int = 1
    version: int = 1
    # The version rows this change writes: appended (a new one) or rewritten (the current).
    pending_versions: list[ArticleVersion] = field(default_factory=list, repr=False)

    @classmethod
    def create(
        cls, *, id: UUID, now: datetime, author_id: UUID | None, fields: ArticleFields
    ) -> Article:
        checked = clean_article(fields)
        article = cls(
            id=id,
            title=checked.title or "",
            body=checked.body or "",
            created_at=now,
            updated_at=now,
            author_id=author_id,
        )
        article._take_on(checked)
        article.pending_versions.append(article.snapshot(author_id, now))
        return article

    def update(
        self,
        changes: ArticleFields,
        sent: Collection[str],
        *,
        status: str | None,
        editor: UUID | None,
        now: datetime,
        expected_version: int | None,
    ) -> tuple[str, ...]:
        """Change the ``sent`` fields; return the names that changed (412, 409, 422)."""
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)
        unknown = set(sent) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        content = set(sent) & set(CONTENT)
        if content and self.status == OBSOLETE:
            raise ArticleObsolete()
        current = ArticleFields(**{f: getattr(self, f) for f in CONTENT})
        checked = clean_article(
            dataclasses.replace(current, **{n: getattr(changes, n) for n in content})
        )
        new_status = status if "status" in sent and status != self.status else None
        if new_status is not None:
            ARTICLE_STATUS.check(self.status, new_status)
        was_published = self.status == PUBLISHED
        changed = self._take_on(checked)
        if new_status is not None:
            self.status = new_status
            if new_status == PUBLISHED:
                self.published_at = now
            changed = (*changed, "status")
        if not changed:
            return ()
        if was_published and set(changed) & set(CONTENT):
            self.revision += 1
        self.pending_versions.append(self.snapshot(editor, now))
        self.version += 1
        self.updated_at = now
        return changed

    def snapshot(self, editor: UUID | None, now: datetime) -> ArticleVersion:
        """The current content as version ``revision``."""
        return ArticleVersion(
            article_id=self.id,
            number=self.revision,
            title=self.title,
            body=self.body,
            category=self.category,
            product_id=self.product_id,
            keywords=self.keywords,
            status=self.status,
            edited_by=editor,
            created_at=now,
        )

    def _take_on(self, checked: ArticleFields) -> tuple[str, ...]:
        changed = tuple(n for n in CONTENT if getattr(self, n) != getattr(checked, n))
        for name in changed:
            setattr(self, name, getattr(checked, name))
        return changed


def clean_article(fields: ArticleFields) -> ArticleFields:
    """Check an article's content (422 naming every bad field); texts trimmed."""
    check = Checker()
    title = check.text("title", fields.title, required=True, max_length=TITLE_LIMIT)
    body = check.text("body", fields.body, required=True, max_length=BODY_LIMIT)
    category = check.text("category", fields.category, max_length=CATEGORY_LIMIT)
    keywords = check.tags(fields.keywords, "keywords")
    if len(keywords) > MAX_KEYWORDS:
        check.add("keywords", f"at most {MAX_KEYWORDS} keywords")
    if any("," in k for k in keywords):
        check.add("keywords", "a keyword has no comma")
    check.raise_if_any()
    return ArticleFields(
        title=title, body=body, category=category, product_id=fields.product_id, keywords=keywords
    )


def search_terms(*texts: str | None, drop_stop_words: bool = False) -> list[str]:
    """The words of ``texts`` as a search engine takes them: lower case, letters and digits
    only (so no query syntax reaches FTS5 or tsquery), each once, at most 32."""
    seen: dict[str, None] = {}
    for value in texts:
        for word in _WORD.findall((value or "").lower()):
            word = word.strip("_")
            if not word or (drop_stop_words and (word in STOP_WORDS or len(word) < 2)):
                continue
            seen.setdefault(word, None)
    return list(seen)[:MAX_SEARCH_TERMS]


def keywords_text(keywords: tuple[str, ...]) -> str:
    """How keywords are stored (and indexed): one comma-separated text."""
    return ", ".join(keywords)


def keywords_of(stored: str | None) -> tuple[str, ...]:
    return tuple(k.strip() for k in (stored or "").split(",") if k.strip())
