"""Commands: what callers ask, one frozen dataclass each, named in the imperative.

Each subclasses ``crm_chassis.usecases.Command[R]``, ``R`` being what carrying it out
returns; a partial update names the fields the client ``sent`` (so "not sent" and "set to
null" differ). The REST API, gRPC, the portal and the e-mail channel all run these same
commands through ``app.run(Cmd, caller=principal)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.usecases import Command
from crm_support.domain.articles import Article, ArticleFields
from crm_support.domain.assignment import AssignmentRule, TicketSettings
from crm_support.domain.comments import Attachment, PostedComment
from crm_support.domain.picklists import TicketLists
from crm_support.domain.tickets import Ticket, TicketFields


@dataclass(frozen=True)
class OpenTicket(Command[Ticket]):
    """Open a ticket; without an owner the assignment rules choose one.

    A portal caller's ticket is at its own account and contact whatever it sends.
    """

    fields: TicketFields
    sent: frozenset[str] = frozenset()
    # The caller's token: contacts and sales are asked about the references as the caller.
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ChangeTicket(Command[Ticket]):
    """Change the ``sent`` fields; ``status`` moves along TICKET_STATUS (reopen: reason);
    ``owner_id``/``owner_kind`` in ``sent`` reassign."""

    ticket_id: UUID
    fields: TicketFields
    sent: frozenset[str]
    status: str | None = None
    reason: str | None = None
    expected_version: int | None = None
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class AddComment(Command[PostedComment]):
    """Add to a ticket's thread. A customer's comment (portal, e-mail) is always public; on
    a Closed ticket it reopens it within the reopen window, else opens a new linked ticket.

    ``author_kind``/``author_id`` are honoured for service callers (the e-mail channel names
    the matched contact); a user's comment is staff's, a portal user's the customer's.
    """

    ticket_id: UUID
    body: str
    is_public: bool = True
    author_kind: str | None = None
    author_id: UUID | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class AddAttachment(Command[Attachment]):
    """Store a file on a ticket (or on one of its comments): size and type checked."""

    ticket_id: UUID
    filename: str
    content_type: str
    content: bytes = field(repr=False)
    comment_id: UUID | None = None


@dataclass(frozen=True)
class LogTime(Command[Ticket]):
    """Add worked minutes to a ticket's time spent (staff)."""

    ticket_id: UUID
    minutes: int


@dataclass(frozen=True)
class RepointAccounts(Command[int]):
    """contacts merged accounts: tickets of the merged ones name the survivor (a count)."""

    merged_ids: tuple[UUID, ...]
    surviving_id: UUID


@dataclass(frozen=True)
class SaveAssignmentRule(Command[AssignmentRule]):
    """Add (``rule_id`` None) or replace an assignment rule (administrators)."""

    name: str
    priority: int
    target: str
    owner_id: UUID | None = None
    group_id: UUID | None = None
    criteria: tuple[tuple[str, str], ...] = ()
    active: bool = True
    rule_id: UUID | None = None


@dataclass(frozen=True)
class DeleteAssignmentRule(Command[None]):
    rule_id: UUID


@dataclass(frozen=True)
class SetTicketPicklists(Command[TicketLists]):
    """Administrators' severity and category lists (tickets keep values taken off)."""

    severities: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class SetTicketSettings(Command[TicketSettings]):
    """Administrators' fallback owner and reopen window (None: the service default)."""

    fallback_owner_id: UUID | None = None
    reopen_window_days: float | None = None


# -- knowledge base ------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateArticle(Command[Article]):
    """A new article, in Draft; its author is the caller."""

    fields: ArticleFields
    # The caller's token: sales is asked about ``product_id`` as the caller.
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class UpdateArticle(Command[Article]):
    """Change the ``sent`` fields of an article (content and/or ``status``)."""

    article_id: UUID
    fields: ArticleFields
    sent: frozenset[str]
    status: str | None = None
    expected_version: int | None = None
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class DeleteArticle(Command[None]):
    """Remove an article and its versions."""

    article_id: UUID
    expected_version: int | None = None
