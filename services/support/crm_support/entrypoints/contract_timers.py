"""The worker's timers for service contracts and statistics (h/contracts): contracts follow
their dates and usage (and review reminders fall due), and newly closed tickets get their
statistics facts. Each pass is idempotent: two workers may run them at once."""

from __future__ import annotations

import threading

from crm_chassis.roles import every
from crm_support.bootstrap import Support
from crm_support.domain.contract_commands import CheckContracts, RecordTicketFacts


def start_contract_timers(app: Support) -> list[threading.Event]:
    """Start the timers the settings ask for; set the returned events to stop them."""
    settings = app.settings
    timers = []
    if settings.contract_check_seconds > 0:
        timers.append(
            every(
                settings.contract_check_seconds,
                lambda: app.run(CheckContracts()),
                "contract-check",
                first_now=True,
            )
        )
    if settings.facts_check_seconds > 0:
        timers.append(
            every(
                settings.facts_check_seconds,
                lambda: app.run(RecordTicketFacts()),
                "ticket-facts",
                first_now=True,
            )
        )
    return timers
