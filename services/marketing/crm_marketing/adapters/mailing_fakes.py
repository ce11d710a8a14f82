"""A ready audience, template and scheduled mailing for tests of mass mail and the
benchmark (over the in-memory audience of ``audience_memory``)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from crm_chassis.db import Database
from crm_marketing.adapters.audience_memory import MemoryRecipients, MemoryTemplates
from crm_marketing.adapters.mailing_store import MailingStore
from crm_marketing.domain.mailings import Mailing, MailingFields
from crm_marketing.domain.ports import SKIP_OPTED_OUT, Recipient, RenderedMail

AUDIENCE = UUID(int=100)
TEMPLATE = UUID(int=200)
HTML = (
    '<html><body><p>Hello {name}</p><a href="https://shop.example.com/offer?a=1&amp;b=2">'
    "Offer</a></body></html>"
)


def audience(count: int, *, opted_out: int = 0) -> MemoryRecipients:
    people = [
        Recipient(address=f"person{i}@example.com", name=f"Person {i}", contact_id=UUID(int=i + 1))
        for i in range(count)
    ]
    people += [
        Recipient(
            address=f"out{i}@example.com",
            name="Out",
            contact_id=UUID(int=10_000 + i),
            skip_reason=SKIP_OPTED_OUT,
        )
        for i in range(opted_out)
    ]
    # The same mailbox twice (another record, other case): one send-list row.
    if count:
        people.append(Recipient(address="PERSON0@example.com", name="Twin", lead_id=UUID(int=9)))
    return MemoryRecipients({AUDIENCE: people})


def templates() -> MemoryTemplates:
    return MemoryTemplates({TEMPLATE: RenderedMail("Hi {name}", HTML, "Hello {name}")})


def fields(**changes: object) -> MailingFields:
    values: dict[str, object] = {
        "name": "Spring offer",
        "template_id": TEMPLATE,
        "audience_kind": "list",
        "audience_id": AUDIENCE,
        "from_address": "news@example.org",
        "from_name": "Example News",
    }
    values.update(changes)
    return MailingFields(**values)  # type: ignore[arg-type]


def scheduled_mailing(db: Database, **changes: object) -> UUID:
    now = datetime.now(UTC)
    mailing = Mailing.draft(id=uuid4(), fields=fields(**changes), by="u1", owner_id=None, now=now)
    mailing.schedule(now)
    with db.transaction() as session:
        MailingStore(session).add(mailing)
    return mailing.id
