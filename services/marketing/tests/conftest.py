"""Fixtures of the marketing tests: a migrated database, the wired service, its REST app.

The chassis's pytest plugin gives ``token_factory``, ``database_url`` (fresh, dropped
after), ``migrated_database_url`` and ``amqp_vhost_url``; set ``CRM_TEST_DATABASE_URL_BASE``
to run on PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from crm_access import token_verifier
from crm_chassis.errors import Unavailable
from crm_chassis.testing.service import token_settings, warnings_as_errors
from crm_chassis.testing.tokens import TokenFactory
from crm_marketing.api.app import build_app
from crm_marketing.bootstrap import Marketing, bootstrap
from crm_marketing.config import Settings
from crm_marketing.domain.campaign_members import MemberRef
from crm_marketing.entrypoints.migrate import MIGRATIONS


class FakeMembers:
    """sales' leads and contacts' contacts (the MemberDirectory port): each id is visible
    to the tokens it was made for (any token when ``only`` is None)."""

    def __init__(self) -> None:
        self.known: dict[MemberRef, tuple[str, set[str] | None]] = {}
        self.calls: list[tuple[int, str | None]] = []
        self.down = False

    def make(self, member_type: str, name: str = "Ann Lee", only: set[str] | None = None) -> UUID:
        ref = MemberRef(member_type, uuid.uuid4())
        self.known[ref] = (name, only)
        return ref.member_id

    def names(self, refs: Collection[MemberRef], *, token: str | None) -> Mapping[MemberRef, str]:
        self.calls.append((len(refs), token))
        if self.down:
            raise Unavailable("sales is not answering")
        found = {}
        for ref in refs:
            name, only = self.known.get(ref, (None, set()))
            if name is not None and (only is None or token in only):
                found[ref] = name
        return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    warnings_as_errors(items, "services/marketing/tests")


@pytest.fixture
def db_url(migrated_database_url: Callable[[str, Path], str]) -> str:
    """A fresh database at the newest migration."""
    return migrated_database_url("marketing", MIGRATIONS)


@pytest.fixture
def settings(db_url: str, token_factory: TokenFactory) -> Settings:
    return Settings(database_url=db_url, **token_settings(token_factory))


@pytest.fixture
def members() -> FakeMembers:
    """sales' leads and contacts' contacts as campaign members (h/campaigns)."""
    return FakeMembers()


@pytest.fixture
def service(settings: Settings, members: FakeMembers) -> Iterator[Marketing]:
    app = bootstrap(settings, member_directory=members)
    yield app
    app.db.dispose()


@pytest.fixture
def client(service: Marketing, settings: Settings) -> Any:
    return build_app(service, token_verifier(settings, service.access.store)).test_client()


# -- online lead forms (h/forms): admin headers, a form body, stamps, the outbox --
import json  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from crm_marketing.adapters.tables import event_tables, form_submissions  # noqa: E402

API = "/api/marketing/v1"
ORIGIN = "https://www.example.com"


def _form_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Trade show sign-up",
        "fields": [
            {"name": "first", "label": "First name", "maps_to": "first_name"},
            {"name": "last", "label": "Last name", "required": True, "maps_to": "last_name"},
            {
                "name": "mail",
                "label": "E-mail",
                "type": "email",
                "required": True,
                "maps_to": "email",
            },
            {"name": "org", "label": "Company", "max_length": 50, "maps_to": "company"},
            {"name": "city", "label": "City", "maps_to": "address.city"},
            {"name": "size", "label": "Size", "type": "select", "choices": ["1-10", "11+"]},
            {"name": "note", "label": "Message", "type": "textarea", "max_length": 500},
        ],
        "thank_you_url": "https://www.example.com/thanks",
        "error_url": "https://www.example.com/oops?form=1",
        "allowed_origins": [ORIGIN],
        "min_fill_seconds": 0,
        "rate_limit_per_hour": 50,
    }
    body.update(overrides)
    return body


def _stamp(service: Marketing, form_id: str) -> str:
    return str(service.run.dependency("stamps").stamp(form_id))


def _outbox(service: Marketing) -> list[tuple[str, dict[str, Any]]]:
    with service.db.reading() as session:
        rows = session.execute(
            sa.select(event_tables.outbox.c.type, event_tables.outbox.c.body).order_by(
                event_tables.outbox.c.seq
            )
        ).all()
    return [(r.type, json.loads(r.body)) for r in rows]


def _submission_count(service: Marketing) -> int:
    with service.db.reading() as session:
        return int(
            session.execute(sa.select(sa.func.count()).select_from(form_submissions)).scalar_one()
        )


@pytest.fixture
def admin(token_factory: TokenFactory) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_factory.admin(str(uuid.uuid4()))}"}


@pytest.fixture
def form_body() -> Any:
    """A valid form definition (keyword arguments replace its attributes)."""
    return _form_body


@pytest.fixture
def form_stamp(service: Marketing) -> Any:
    """A genuine render stamp of a form, made now."""
    return lambda form_id: _stamp(service, form_id)


@pytest.fixture
def outbox(service: Marketing) -> Any:
    """The outbox's events so far: (type, envelope)."""
    return lambda: _outbox(service)


@pytest.fixture
def submission_count(service: Marketing) -> Any:
    return lambda: _submission_count(service)


@pytest.fixture
def campaign_id(service: Marketing) -> str:
    """A campaign in Planning, owned by an administrator (a form may credit it)."""
    from crm_chassis.auth.principal import Principal
    from crm_marketing.domain.campaigns import CampaignFields
    from crm_marketing.domain.commands import CreateCampaign

    admin = Principal(str(uuid.uuid4()), roles=("admin",))
    made = service.run(CreateCampaign(CampaignFields(name="Spring fair", currency="EUR")), admin)
    return str(made.id)
