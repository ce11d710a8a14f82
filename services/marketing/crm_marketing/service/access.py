"""Who may do what: the modules the service owns, as identity's access model names them.

Decisions come from ``crm_chassis.access`` (the decision order of docs/domain.md) over the
service's copy of identity's policy (``bootstrap`` builds the store; ``events/incoming.py``
keeps it current). A route declares ``permission=(MODULE, action)`` for the module-level
check; use cases check records (404 for invisible, 403 for read-only) and queries put the
record scope in SQL. Add each module's name below as a constant when it is built.
"""

from __future__ import annotations

#: Every module marketing owns (none yet).
MODULES: tuple[str, ...] = ()
