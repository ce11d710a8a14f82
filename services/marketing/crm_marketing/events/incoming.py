"""Handlers of other services' events (tolerant readers; the inbox makes each run once).

- identity.policy.changed.v1: a newer access policy replaces our copy (an older or
  repeated one changes nothing).
- the ROI credits of campaigns (sales' leads, conversions and deals, our own form
  submissions): ``campaign_incoming.py``.

A handler takes the typed payload it declares (a ``crm_chassis.events.Payload`` with only
the fields it reads) and the ``Delivery``; it runs use cases inside the consumer's
transaction: ``app.run.with_dependencies(uow=app.uow.joining(delivery.session))``. Its
function name keys its inbox rows, so keep names stable.
"""

from __future__ import annotations

from crm_access import POLICY_CHANGED, policy_changed_handler
from crm_chassis.events.handlers import Delivery, EventHandler, on
from crm_marketing.bootstrap import Marketing
from crm_marketing.events.campaign_incoming import campaign_handlers


def keep_policy(delivery: Delivery, *, app: Marketing) -> None:
    """identity.policy.changed.v1: store the snapshot if it is newer than our copy."""
    policy_changed_handler(app.access.store.table)(delivery.session, delivery.envelope)


def handlers(app: Marketing) -> dict[str, list[EventHandler]]:
    """The worker's subscriptions (the migrate step declares their queue bindings); each
    part's subscriptions are merged in (two parts may listen to the same event)."""
    found: dict[str, list[EventHandler]] = {POLICY_CHANGED: [on(keep_policy, app=app)]}
    for part in (campaign_handlers(app),):
        for key, more in part.items():
            found.setdefault(key, []).extend(more)
    return found
