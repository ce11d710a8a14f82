"""The worker's send job for mailings (h/mailings): a timer that drains what is due."""

from __future__ import annotations

import threading
from collections.abc import Callable

from crm_chassis.roles import every
from crm_marketing.bootstrap import Marketing, mass_mailer


def start_mailing_job(app: Marketing) -> Callable[[], None]:
    """Start the timer (unless ``mailing_send_seconds`` is 0); returns its stop."""
    seconds = app.settings.mailing_send_seconds
    if seconds <= 0:
        return lambda: None
    job = mass_mailer(app)
    stopped = threading.Event()
    every(seconds, lambda: job.drain(stopped.is_set), "mailing-send", first_now=True, stop=stopped)
    return stopped.set
