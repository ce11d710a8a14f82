"""Every command has its use case, wired once by bootstrap; nothing forwards to them."""

from __future__ import annotations

import inspect
from typing import Any

from crm_chassis.usecases import Command
from crm_sales.bootstrap import Sales
from crm_sales.domain import commands


def test_every_command_is_carried_out_by_a_wired_use_case(service: Any) -> None:
    declared = {
        c
        for c in vars(commands).values()
        if inspect.isclass(c) and issubclass(c, Command) and c is not Command
    }
    assert declared == service.run.commands


def test_the_wired_service_has_no_methods_of_its_own() -> None:
    own = [n for n, v in vars(Sales).items() if inspect.isfunction(v) and not n.startswith("__")]
    assert own == []
