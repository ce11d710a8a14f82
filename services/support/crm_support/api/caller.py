"""The verified caller of this request: run a command as it, and what it may see."""

from __future__ import annotations

from typing import TypeVar

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import service
from crm_chassis.usecases import Command
from crm_support.bootstrap import Support
from crm_support.service.access import ticket_fields

R = TypeVar("R")


def support() -> Support:
    """The wired support service of this app."""
    return service(Support)


def run(command: Command[R]) -> R:
    """Carry out ``command`` as the verified caller."""
    return support().run(command, caller=context.principal())


def field_access() -> FieldAccess:
    """Which ticket fields the caller may see (a portal caller: no staff-only ones)."""
    return ticket_fields(support().access, context.principal())
