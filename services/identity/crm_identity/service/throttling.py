"""Sign-in guards backed by the database, so every web worker sees the same counts.

Per e-mail address: a lockout with back-off (:mod:`crm_identity.domain.lockout`), audited.
Per client address: a sliding-window limit, higher, since many people may share a NAT.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from crm_chassis.logging import get_logger
from crm_identity.domain.errors import TooManyAttempts
from crm_identity.domain.ports import Clock
from crm_identity.domain.throttling import SignInLimits, retry_after
from crm_identity.domain.users import normalize_email
from crm_identity.service.unit_of_work import IdentityUnitOfWork, IdentityUnitOfWorkFactory

log = get_logger(__name__)


def email_key(email: str) -> str:
    return "email:" + normalize_email(email)


def ip_key(ip: str) -> str:
    return "ip:" + ip


def check_sign_in(
    uow: IdentityUnitOfWorkFactory,
    limits: SignInLimits,
    clock: Clock,
    *,
    email: str | None,
    ip: str | None,
) -> int:
    """Raise TooManyAttempts (429 with Retry-After) while locked out or over the limit.

    Returns the number of failures on record for the address, so that a success only
    writes (to reset) when there is something to reset.
    """
    now = clock()
    waits = []
    counted = 0
    with uow.read() as tx:
        if ip:
            failures = tx.login_failures.since(ip_key(ip), now - limits.window)
            wait = retry_after(failures, limits.per_ip, now)
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


def _count_email_failure(
    tx: IdentityUnitOfWork,
    limits: SignInLimits,
    now: datetime,
    email: str,
    subject: str | None,
    ip: str | None,
) -> None:
    state = tx.lockouts.get(email_key(email))
    if state.fail(now, limits.lockout):
        log.warning("identity.login.locked_out", until=str(state.locked_until))
        tx.audit.record(
            "user.locked_out",
            actor_id=None,
            subject_type="user" if subject else None,
            subject_id=subject,
            details={"email": email, "locked_until": state.locked_until, "level": state.level},
            client_ip=ip,
        )
    tx.lockouts.save(state, now)


def record_failure(
    uow: IdentityUnitOfWorkFactory,
    limits: SignInLimits,
    clock: Clock,
    *,
    email: str | None,
    ip: str | None,
    user_id: UUID | None = None,
    kind: str = "sign_in.failed",
) -> None:
    """Count and audit a failure in its own committed transaction (the request fails)."""
    now = clock()
    with uow() as tx:
        if ip:
            tx.login_failures.record([ip_key(ip)], now)
            tx.login_failures.purge_before(now - limits.window)
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
            _count_email_failure(tx, limits, now, email, subject, ip)


def reset_lockout(uow: IdentityUnitOfWorkFactory, clock: Clock, *, email: str) -> None:
    """Forget an address's failures after it signed in."""
    with uow() as tx:
        state = tx.lockouts.get(email_key(email))
        state.succeed()
        tx.lockouts.save(state, clock())
