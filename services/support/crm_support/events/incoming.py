"""Handlers of other services' events (tolerant readers; the inbox makes each run once).

- identity.policy.changed.v1: a newer access policy replaces our copy (an older or
  repeated one changes nothing).
- contacts.account.merged.v1: tickets of the merged accounts name the surviving account.

A handler takes the typed payload it declares (a ``crm_chassis.events.Payload`` with only
the fields it reads) and the ``Delivery``; it runs use cases inside the consumer's
transaction: ``app.run.with_dependencies(uow=app.uow.joining(delivery.session))``. Its
function name keys its inbox rows, so keep names stable.
"""

from __future__ import annotations

from uuid import UUID

from crm_access import POLICY_CHANGED, policy_changed_handler
from crm_chassis.events import Payload
from crm_chassis.events.handlers import Delivery, EventHandler, on
from crm_support.bootstrap import Support
from crm_support.domain.commands import RepointAccounts

ACCOUNT_MERGED = "contacts.account.merged.v1"


class AccountRef(Payload):
    id: str = ""


class AccountMerged(Payload):
    surviving_account: AccountRef = AccountRef()
    merged_account_ids: tuple[str, ...] = ()


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


def keep_policy(delivery: Delivery, *, app: Support) -> None:
    """identity.policy.changed.v1: store the snapshot if it is newer than our copy."""
    policy_changed_handler(app.access.store.table)(delivery.session, delivery.envelope)


def follow_account_merge(event: AccountMerged, delivery: Delivery, *, app: Support) -> None:
    """contacts.account.merged.v1: tickets of the merged accounts name the survivor."""
    surviving = _uuid(event.surviving_account.id)
    merged = tuple(m for m in map(_uuid, event.merged_account_ids) if m is not None)
    if surviving is None or not merged:
        return
    run = app.run.with_dependencies(uow=app.uow.joining(delivery.session))
    run(RepointAccounts(merged, surviving))


def handlers(app: Support) -> dict[str, list[EventHandler]]:
    """The worker's subscriptions (the migrate step declares their queue bindings)."""
    return {
        POLICY_CHANGED: [on(keep_policy, app=app)],
        ACCOUNT_MERGED: [on(follow_account_merge, app=app)],
    }
