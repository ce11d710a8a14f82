"""Access control: the policy identity distributes, and the one API that decides with it.

- :mod:`~crm_access.model`: the snapshot (users' roles, role tree, profiles, groups,
  sharing defaults and rules) as identity publishes it; :mod:`~crm_access.wire` reads and
  writes its JSON through ``crm.identity.v1.PolicySnapshot``.
- :mod:`~crm_access.decisions`: :class:`Decider` answers "may this caller do A on M"
  (:meth:`~Decider.check`), "which records" (:meth:`~Decider.record_scope`, a SQL filter)
  and "which fields" (:meth:`~Decider.fields`), in docs/domain.md's order.
- :mod:`~crm_access.records`: :class:`RecordAccess`, the decisions bound to a service's
  tables by configuration (unowned modules, portal columns).
- :mod:`~crm_access.store`: the service's local copy and its event handler.
- :mod:`~crm_access.fetch`: the start-up fetch from identity.
- :mod:`~crm_access.wiring`: the store and token verifier every service builds.
- :mod:`~crm_access.claims`: the token-only policy (identity's service accounts).

How a service uses it::

    store = policy_store(settings, db, add_policy_table(metadata))
    verifier = token_verifier(settings, store)      # is_revoked=store.is_revoked
    access = RecordAccess(store, unowned={"vendors"})
    create_app(settings, api, access=access.policy, verifier=verifier)
    query = query.where(access.visible_filter(principal, "accounts", accounts))  # or None
    access.fields(principal, "accounts").redact(body)
"""

from crm_access.claims import ClaimsAccessPolicy
from crm_access.decisions import Decider
from crm_access.fields import ALL_FIELDS, FieldAccess
from crm_access.model import ACTIONS, READ_ACTIONS, PolicySnapshot
from crm_access.owners import NOT_AN_OWNER, NOT_AN_OWNER_OR_GROUP, check_owner, owner_problem
from crm_access.records import NO_PORTAL, PortalMatch, RecordAccess
from crm_access.scope import EVERYTHING, NOTHING, RecordScope
from crm_access.store import (
    POLICY_CHANGED,
    PolicyStore,
    add_policy_table,
    create_policy_table_v1,
    policy_changed_handler,
    save_snapshot,
)
from crm_access.wiring import policy_store, token_verifier

__version__ = "1.0.0"

__all__ = [
    "ACTIONS",
    "ALL_FIELDS",
    "EVERYTHING",
    "NOTHING",
    "NOT_AN_OWNER",
    "NOT_AN_OWNER_OR_GROUP",
    "NO_PORTAL",
    "POLICY_CHANGED",
    "READ_ACTIONS",
    "ClaimsAccessPolicy",
    "Decider",
    "FieldAccess",
    "PolicySnapshot",
    "PolicyStore",
    "PortalMatch",
    "RecordAccess",
    "RecordScope",
    "__version__",
    "add_policy_table",
    "check_owner",
    "create_policy_table_v1",
    "owner_problem",
    "policy_changed_handler",
    "policy_store",
    "save_snapshot",
    "token_verifier",
]
