"""The lead's two declared status machines: the lead flow, and the prospect flow after it.

A lead that is not a prospect follows ``LEAD_STATUS``: it is worked (never back to Not
Contacted once contacted), qualified (status Qualified: it becomes a prospect), or given up
(Lost Lead, Junk Lead: final, reopened only with a reason). A prospect follows
``PROSPECT_STATUS``: Qualified, Hot, Warm, Cold among themselves, or Lost/Junk; it never goes
back to a pre-qualification status, so the prospect flag and the status always agree:
status Qualified means a prospect, and a prospect's status is one of the prospect flow's.
"""

from __future__ import annotations

from crm_chassis.states import InvalidTransition, StateMachine

NOT_CONTACTED, QUALIFIED = "Not Contacted", "Qualified"
LOST, JUNK = "Lost Lead", "Junk Lead"
GIVEN_UP = frozenset({LOST, JUNK})
RATED = ("Hot", "Warm", "Cold")
WORKING = (
    NOT_CONTACTED,
    "Attempted to Contact",
    "Contacted",
    "Contact in Future",
    "Pre Qualified",
    *RATED,
)
PROSPECT_OPEN = (QUALIFIED, *RATED)


def _worked(status: str) -> frozenset[str]:
    """From a working status: another working one (never back to Not Contacted), on."""
    return frozenset(WORKING) - {status, NOT_CONTACTED} | {QUALIFIED} | GIVEN_UP


LEAD_STATUS = StateMachine(
    name="lead",
    field_name="lead_status",
    initial=NOT_CONTACTED,
    transitions={
        **{s: _worked(s) for s in WORKING},
        # Qualified hands the lead over to the prospect flow (PROSPECT_STATUS).
        QUALIFIED: frozenset(),
        LOST: frozenset(),
        JUNK: frozenset(),
    },
    reopen={s: frozenset(WORKING) - {NOT_CONTACTED} for s in GIVEN_UP},
)

PROSPECT_STATUS = StateMachine(
    name="prospect",
    field_name="lead_status",
    initial=QUALIFIED,
    transitions={
        **{s: frozenset(PROSPECT_OPEN) - {s} | GIVEN_UP for s in PROSPECT_OPEN},
        LOST: frozenset(),
        JUNK: frozenset(),
    },
    reopen={s: frozenset(PROSPECT_OPEN) for s in GIVEN_UP},
)


def status_machine(is_prospect: bool) -> StateMachine:
    """The machine a lead's status follows now."""
    return PROSPECT_STATUS if is_prospect else LEAD_STATUS


def check_change(is_prospect: bool, current: str, target: str) -> None:
    """409 naming the allowed next statuses unless the lead's machine allows the change.

    A pick-list status outside the prospect flow (Not Contacted for a prospect) is a
    transition the machine refuses (409), not an unknown value (422: check_lead's).
    """
    machine = status_machine(is_prospect)
    if target not in machine.transitions:
        raise InvalidTransition(machine.name, current, target, machine.allowed(current))
    machine.check(current, target)
