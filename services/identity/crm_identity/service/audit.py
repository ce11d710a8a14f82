"""What the audit log records of a change to the access model, and who made it.

An audit entry's details are free-form JSON (shown as they are by ``GET /audit-events``).
"""

from __future__ import annotations

from collections.abc import Mapping

from crm_chassis.auth.principal import Principal
from crm_identity.service.unit_of_work import IdentityUnitOfWork

#: The suite acting on its own (first start, demo data, the keys CLI): audited with no actor.
SYSTEM = Principal(subject="", kind="system")


def actor_of(caller: Principal) -> str | None:
    """The audit log's actor id of a caller (none for the suite itself)."""
    return caller.subject or None


def record_change(
    tx: IdentityUnitOfWork,
    type_: str,
    caller: Principal,
    subject_type: str,
    subject_id: object,
    details: Mapping[str, object],
) -> None:
    """Audit a change of the access model and publish the new policy with it."""
    tx.audit.record(
        type_,
        actor_id=actor_of(caller),
        subject_type=subject_type,
        subject_id=subject_id,
        details=details,
    )
    tx.mark_policy_changed()


def diff(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, object]:
    """What changed: ``{field: {"from": old, "to": new}}``."""
    return {
        k: {"from": before.get(k), "to": after.get(k)}
        for k in after
        if before.get(k) != after.get(k)
    }
