"""How long one HTTP request may run, and the settings that must follow it.

One place for the number, so the web server's timeout and what assumes it (the takeover of
an Idempotency-Key whose request died) cannot drift apart.
"""

from __future__ import annotations

from datetime import timedelta

# gunicorn's worker ``timeout`` (crm_chassis.http.serve): a worker silent this long is
# killed and its requests die with it. A gthread worker's heartbeat comes from its main
# loop, so one slow request in a thread is not killed by it: hence the renewal below.
REQUEST_TIMEOUT = timedelta(seconds=30)

# A key reserved longer ago than this belongs to a request that can no longer be running:
# the timeout, plus a margin for the kill itself and for clocks (the reservation time is
# the app's, compared by another process's app).
IDEMPOTENCY_STALE_AFTER = REQUEST_TIMEOUT + timedelta(seconds=5)

# A request still running renews its reservation this often, so a slow one (beyond the
# timeout, which gthread does not enforce per request) is never taken over while it runs.
IDEMPOTENCY_RENEW_EVERY = REQUEST_TIMEOUT / 3
