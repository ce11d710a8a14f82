"""Access control: the policy identity distributes, and the one API that decides with it.

- :mod:`~crm_chassis.access.model`: the snapshot (users' roles, role tree, profiles,
  groups, sharing defaults and rules) as identity publishes it.
- :mod:`~crm_chassis.access.decisions`: :class:`Decider` answers "may this caller do A on
  M" (:meth:`~Decider.check`), "which records" (:meth:`~Decider.record_scope`, a SQL
  filter) and "which fields" (:meth:`~Decider.fields`), in docs/domain.md's order.
- :mod:`~crm_chassis.access.store`: the service's local copy and its event handler.
- :mod:`~crm_chassis.access.fetch`: the start-up fetch from identity.
- :mod:`~crm_chassis.access.wiring`: the store and token verifier every service builds.

How a service uses it::

    store = policy_store(settings, db, add_policy_table(metadata))
    verifier = token_verifier(settings, store)      # is_revoked=store.is_revoked
    create_app(settings, api, access=store, verifier=verifier)
    decider = store.decider()                       # once per request
    scope = decider.record_scope(principal, "accounts", "view")
    query = query.where(scope.sql(accounts.c.owner_id, convert=UUID))  # None: no filter
    decider.fields(principal, "accounts").redact(body)
"""

from crm_chassis.access.claims import READ_ACTIONS, AccessPolicy, ClaimsAccessPolicy
from crm_chassis.access.decisions import (
    ALL_FIELDS,
    EVERYTHING,
    NOTHING,
    Decider,
    FieldAccess,
    RecordScope,
)
from crm_chassis.access.model import ACTIONS, PolicySnapshot
from crm_chassis.access.store import (
    POLICY_CHANGED,
    PolicyStore,
    add_policy_table,
    create_policy_table_v1,
    policy_changed_handler,
    save_snapshot,
)
from crm_chassis.access.wiring import policy_store, token_verifier

__all__ = [
    "ACTIONS",
    "ALL_FIELDS",
    "EVERYTHING",
    "NOTHING",
    "POLICY_CHANGED",
    "READ_ACTIONS",
    "AccessPolicy",
    "ClaimsAccessPolicy",
    "Decider",
    "FieldAccess",
    "PolicySnapshot",
    "PolicyStore",
    "RecordScope",
    "add_policy_table",
    "create_policy_table_v1",
    "policy_changed_handler",
    "policy_store",
    "save_snapshot",
    "token_verifier",
]
