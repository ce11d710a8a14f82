"""Commands of online lead forms (imperative, frozen; use cases in service/forms.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.usecases import Command
from crm_marketing.domain.forms import Form, FormSpec
from crm_marketing.domain.submissions import Submission


@dataclass(frozen=True)
class DefineForm(Command[Form]):
    spec: FormSpec
    owner_id: UUID | None = None


@dataclass(frozen=True)
class ReviseForm(Command[Form]):
    """Change the attributes named in ``sent`` (the others of ``spec`` are ignored)."""

    form_id: UUID
    spec: FormSpec
    sent: frozenset[str]
    owner_id: UUID | None = None
    status: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class SubmitForm(Command[Submission]):
    """A public submission: the visitor's values and what the request says about it."""

    form_id: UUID
    values: dict[str, str] = field(default_factory=dict)
    honeypot: str = ""
    stamp: str = ""
    origin: str | None = None
    client_address: str = ""
    client_key: str | None = None
