"""Handlers of other services' events (tolerant readers; the inbox makes each run once).

- identity.policy.changed.v1: a newer access policy replaces our copy (an older or
  repeated one changes nothing).

A handler takes the typed payload it declares (a ``crm_chassis.events.Payload`` with only
the fields it reads) and the ``Delivery``; it runs use cases inside the consumer's
transaction: ``app.run.with_dependencies(uow=app.uow.joining(delivery.session))``. Its
function name keys its inbox rows, so keep names stable.
"""

from __future__ import annotations

from crm_access import POLICY_CHANGED, policy_changed_handler
from crm_chassis.events.handlers import Delivery, EventHandler, on
from crm_support.bootstrap import Support


def keep_policy(delivery: Delivery, *, app: Support) -> None:
    """identity.policy.changed.v1: store the snapshot if it is newer than our copy."""
    policy_changed_handler(app.access.store.table)(delivery.session, delivery.envelope)


def handlers(app: Support) -> dict[str, list[EventHandler]]:
    """The worker's subscriptions (the migrate step declares their queue bindings)."""
    return {POLICY_CHANGED: [on(keep_policy, app=app)]}
