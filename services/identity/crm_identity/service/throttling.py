"""Sign-in guards backed by the database, so every web worker sees the same counts.

Per (account, client address) pair: a lockout with back-off
(:mod:`crm_identity.domain.lockout`), audited. One caller's failures lock only its own pair,
so nobody behind the same proxy (nor anyone elsewhere) is locked out of that account.

Per account, across addresses: a ceiling (``SignInLimits.per_account``). Past it, only the
addresses that have failed for the account wait; an address with no failure for it (the
owner's) still signs in. It slows a distributed guesser without locking the owner out.

Per client address, across accounts (password sign-ins only): a sliding window that stops
one address guessing many accounts' passwords, higher since many people may share a NAT.
Client credentials are not limited per address alone: service accounts share hosts and
proxies, and one anonymous caller must not lock every service account out.
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


def client_key(client_id: str) -> str:
    return "client:" + client_id.strip()


def ip_key(ip: str) -> str:
    return "ip:" + ip


def pair_key(account: str, ip: str | None) -> str:
    return f"pair:{account}|{ip or '-'}"


def account_key(account: str) -> str:
    return "acct:" + account


def check_sign_in(
    uow: IdentityUnitOfWorkFactory,
    limits: SignInLimits,
    clock: Clock,
    *,
    account: str | None,
    ip: str | None,
    per_ip: bool = True,
) -> int:
    """Raise TooManyAttempts (429 with Retry-After) while the (account, address) pair is
    locked out, the address failed for an account past its ceiling, or (``per_ip``) the
    address is over its own limit. ``account`` is :func:`email_key` or :func:`client_key`.

    Returns the failures on record for the pair, so that a success only writes (to reset)
    when there is something to reset.
    """
    now = clock()
    waits = []
    counted = 0
    with uow.read() as tx:
        if ip and per_ip:
            failures = tx.login_failures.since(ip_key(ip), now - limits.window)
            waits.append(retry_after(failures, limits.per_ip, now))
        if account:
            state = tx.lockouts.get(pair_key(account, ip))
            counted = state.failures + state.level
            waits.append(state.retry_after(now))
            if counted:
                failures = tx.login_failures.since(account_key(account), now - limits.window)
                waits.append(retry_after(failures, limits.per_account, now))
    found = [w for w in waits if w is not None]
    if found:
        log.warning("identity.login.throttled", retry_after=max(found))
        raise TooManyAttempts(max(found))
    return counted


def _count_pair_failure(
    tx: IdentityUnitOfWork,
    limits: SignInLimits,
    now: datetime,
    account: str,
    subject: str | None,
    ip: str | None,
) -> None:
    state = tx.lockouts.get(pair_key(account, ip))
    if state.fail(now, limits.lockout):
        log.warning("identity.login.locked_out", until=str(state.locked_until))
        tx.audit.record(
            "user.locked_out" if account.startswith("email:") else "client.locked_out",
            actor_id=None,
            subject_type=("user" if account.startswith("email:") else "service_account")
            if subject
            else None,
            subject_id=subject,
            details={
                "account": account.partition(":")[2],
                "locked_until": state.locked_until,
                "level": state.level,
            },
            client_ip=ip,
        )
    tx.lockouts.save(state, now)


def record_failure(
    uow: IdentityUnitOfWorkFactory,
    limits: SignInLimits,
    clock: Clock,
    *,
    account: str | None,
    ip: str | None,
    user_id: UUID | None = None,
    kind: str = "sign_in.failed",
    per_ip: bool = True,
) -> None:
    """Count and audit a failure in its own committed transaction (the request fails)."""
    now = clock()
    with uow() as tx:
        keys = [ip_key(ip)] if ip and per_ip else []
        if account:
            keys.append(account_key(account))
        if keys:
            tx.login_failures.record(keys, now)
            tx.login_failures.purge_before(now - limits.window)
        subject = str(user_id) if user_id else None
        name = account.partition(":")[2] if account else None
        tx.audit.record(
            kind,
            actor_id=subject,
            subject_type="user" if subject else None,
            subject_id=subject,
            details=({"email": name} if kind == "sign_in.failed" else {"client_id": name})
            if name
            else {},
            client_ip=ip,
        )
        if account:
            _count_pair_failure(tx, limits, now, account, subject, ip)


def reset_lockout(
    uow: IdentityUnitOfWorkFactory, clock: Clock, *, account: str, ip: str | None
) -> None:
    """Forget a pair's failures after it signed in."""
    with uow() as tx:
        state = tx.lockouts.get(pair_key(account, ip))
        state.succeed()
        tx.lockouts.save(state, clock())
