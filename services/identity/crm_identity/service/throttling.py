"""Sign-in throttling backed by the database, so every web worker sees the same counts."""

from __future__ import annotations

from datetime import timedelta

from crm_chassis.logging import get_logger
from crm_identity.domain.errors import TooManyAttempts
from crm_identity.domain.throttling import Limit, retry_after
from crm_identity.domain.users import normalize_email
from crm_identity.service.unit_of_work import UnitOfWork

log = get_logger(__name__)


def email_key(email: str) -> str:
    return "email:" + normalize_email(email)


def ip_key(ip: str) -> str:
    return "ip:" + ip


class LoginThrottle:
    def __init__(
        self, uow: UnitOfWork, *, window_seconds: int, per_email: int, per_ip: int
    ) -> None:
        self.uow = uow
        self.window = timedelta(seconds=window_seconds)
        self.limits = {"email": Limit(per_email, self.window), "ip": Limit(per_ip, self.window)}

    def _keys(self, email: str | None, ip: str | None) -> list[tuple[str, Limit]]:
        keys = []
        if email:
            keys.append((email_key(email), self.limits["email"]))
        if ip:
            keys.append((ip_key(ip), self.limits["ip"]))
        return keys

    def check(self, *, email: str | None, ip: str | None) -> int:
        """Raise TooManyAttempts (429 with Retry-After) when a key is over its limit.

        Returns the number of recent failures of all keys, so that a success only writes
        (to reset) when there is something to reset.
        """
        now = self.uow.clock()
        waits = []
        counted = 0
        with self.uow.read() as tx:
            for key, limit in self._keys(email, ip):
                failures = tx.login_failures.since(key, now - self.window)
                counted += len(failures)
                wait = retry_after(failures, limit, now)
                if wait is not None:
                    waits.append(wait)
        if waits:
            log.warning("identity.login.throttled", retry_after=max(waits))
            raise TooManyAttempts(max(waits))
        return counted

    def record_failure(self, *, email: str | None, ip: str | None) -> None:
        """Count a failure in its own committed transaction (the request itself fails)."""
        now = self.uow.clock()
        with self.uow.write() as tx:
            tx.login_failures.record([k for k, _ in self._keys(email, ip)], now)
            tx.login_failures.purge_before(now - self.window)

    def reset(self, *, email: str) -> None:
        with self.uow.write() as tx:
            tx.login_failures.clear(email_key(email))
