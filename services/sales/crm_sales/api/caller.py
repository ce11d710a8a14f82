"""The verified caller of this request: run a command as it, and what it may see."""

from __future__ import annotations

from typing import TypeVar

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import service
from crm_chassis.usecases import Command
from crm_sales.bootstrap import Sales

R = TypeVar("R")


def sales() -> Sales:
    """The wired sales service of this app."""
    return service(Sales)


def run(command: Command[R]) -> R:
    """Carry out ``command`` as the verified caller."""
    return sales().run(command, caller=context.principal())


def field_access(module: str) -> FieldAccess:
    """Which fields of ``module`` the caller may see and change."""
    return sales().access.fields(context.principal(), module)
