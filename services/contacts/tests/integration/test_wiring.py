"""The wired service: every command has its use case, every event its named handlers."""

from __future__ import annotations

import inspect

from crm_chassis.events.dispatch import handlers_for, named_handlers
from crm_chassis.usecases import Command
from crm_contacts.domain import commands
from crm_contacts.events.incoming import LEAD_CONVERTED, handlers


def test_every_command_is_carried_out_by_one_use_case(service):
    declared = {
        cls
        for _, cls in inspect.getmembers(commands, inspect.isclass)
        if issubclass(cls, Command) and cls is not Command
    }
    assert service.run.commands == declared


def test_a_lead_conversion_has_two_handlers_and_no_pattern_trick(service):
    wired = handlers(service)
    assert [name for name, _ in handlers_for(wired, LEAD_CONVERTED)] == [
        f"{LEAD_CONVERTED}#create_account_and_contact",
        f"{LEAD_CONVERTED}#add_to_timeline",
    ]
    assert not [key for key in wired if key.startswith("sales.lead.converted") and "*" in key]
    names = [name for _, name, _ in named_handlers(wired)]
    assert len(names) == len(set(names))
