"""Sign-in guards backed by the database, so every web worker sees the same counts.

Per e-mail address: a lockout with back-off (:mod:`crm_identity.domain.lockout`), audited.
Per client address: a sliding-window limit, higher, since many people may share a NAT.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from crm_chassis.logging import get_logger
from crm_identity.domain.errors import TooManyAttempts
from crm_identity.domain.lockout import LockoutPolicy
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
        self,
        uow: UnitOfWork,
        *,
        window_seconds: int,
        per_email: int,
        per_ip: int,
        lockout_base_seconds: int = 30,
        lockout_max_seconds: int = 3600,
    ) -> None:
        self.uow = uow
        self.window = timedelta(seconds=window_seconds)
        self.ip_limit = Limit(per_ip, self.window)
        self.lockout = LockoutPolicy(per_email, lockout_base_seconds, lockout_max_seconds)

    def check(self, *, email: str | None, ip: str | None) -> int:
        """Raise TooManyAttempts (429 with Retry-After) while locked out or over the limit.

        Returns the number of failures on record for the address, so that a success only
        writes (to reset) when there is something to reset.
        """
        now = self.uow.clock()
        waits = []
        counted = 0
        with self.uow.read() as tx:
            if ip:
                wait = retry_after(
                    tx.login_failures.since(ip_key(ip), now - self.window), self.ip_limit, now
                )
                if wait is not None:
                    waits.append(wait)
            if email:
                state = tx.lockouts.get(email_key(email))
                counted = state.failures + state.level
                wait = state.retry_after(now)
                if wait is not None:
                    waits.append(wait)
        if waits:
            log.warning("identity.login.throttled", retry_after=max(waits))
            raise TooManyAttempts(max(waits))
        return counted

    def record_failure(
        self,
        *,
        email: str | None,
        ip: str | None,
        user_id: UUID | None = None,
        kind: str = "sign_in.failed",
    ) -> None:
        """Count and audit a failure in its own committed transaction (the request fails)."""
        now = self.uow.clock()
        with self.uow.write() as tx:
            if ip:
                tx.login_failures.record([ip_key(ip)], now)
                tx.login_failures.purge_before(now - self.window)
            subject = str(user_id) if user_id else None
            tx.audit.record(
                kind,
                actor_id=subject,
                subject_type="user" if subject else None,
                subject_id=subject,
                details={"email": email} if email else {},
                client_ip=ip,
            )
            if email:
                state = tx.lockouts.get(email_key(email))
                if state.fail(now, self.lockout):
                    log.warning("identity.login.locked_out", until=str(state.locked_until))
                    tx.audit.record(
                        "user.locked_out",
                        actor_id=None,
                        subject_type="user" if subject else None,
                        subject_id=subject,
                        details={
                            "email": email,
                            "locked_until": state.locked_until,
                            "level": state.level,
                        },
                        client_ip=ip,
                    )
                tx.lockouts.save(state, now)

    def reset(self, *, email: str) -> None:
        now = self.uow.clock()
        with self.uow.write() as tx:
            state = tx.lockouts.get(email_key(email))
            state.succeed()
            tx.lockouts.save(state, now)
