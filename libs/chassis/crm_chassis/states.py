"""Declared state machines: one table of allowed transitions per aggregate.

A service's domain module declares its machine once (``ORDER_STATUS = StateMachine(...)``)
and asks it before every status change. Anything the table does not list is refused with
:class:`InvalidTransition` (409), whose problem document names the current status and the
allowed next ones, so a client can tell what it may do instead. A terminal status stays
terminal; the only way out is a *reopen* edge, taken by an explicit action that carries a
reason (the service records it in the record's history).

The table is data, so docs and tests can render and walk it (``as_markdown``, ``edges``).
What the statuses are and which edges exist is each service's rule; only the mechanism
lives here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from crm_chassis.errors import Conflict, FieldError, ValidationFailed


class InvalidTransition(Conflict):
    """The record's status does not allow this change (409)."""

    def __init__(self, machine: str, current: str, target: str, allowed: tuple[str, ...]) -> None:
        nexts = ", ".join(f"'{s}'" for s in allowed) or "none: it is final"
        super().__init__(
            f"A {machine} in status '{current}' cannot become '{target}' (allowed next: {nexts}).",
            extra={"current_status": current, "allowed_next": list(allowed)},
        )
        self.current = current
        self.target = target
        self.allowed = allowed


class ReasonRequired(ValidationFailed):
    """Reopening a terminal status needs a reason (422 naming the field)."""

    def __init__(self, field_name: str = "reason") -> None:
        super().__init__(
            "Reopening a closed record needs a reason.",
            errors=[FieldError(field_name, "is required to reopen")],
        )


@dataclass(frozen=True)
class StateMachine:
    """Statuses, their allowed next statuses, and the reopen edges out of terminal ones."""

    name: str
    transitions: Mapping[str, frozenset[str]]
    initial: str
    reopen: Mapping[str, frozenset[str]] = field(default_factory=dict)
    field_name: str = "status"

    def __post_init__(self) -> None:
        known = set(self.transitions)
        targets = {t for nexts in self.transitions.values() for t in nexts}
        reopened = {t for nexts in self.reopen.values() for t in nexts}
        unknown = (targets | reopened | set(self.reopen) | {self.initial}) - known
        if unknown:
            raise ValueError(f"{self.name}: unknown statuses in the table: {sorted(unknown)}")
        not_terminal = [s for s in self.reopen if self.transitions[s]]
        if not_terminal:
            raise ValueError(f"{self.name}: only terminal statuses reopen: {not_terminal}")

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(self.transitions)

    @property
    def terminal(self) -> frozenset[str]:
        return frozenset(s for s, nexts in self.transitions.items() if not nexts)

    def allowed(self, current: str) -> tuple[str, ...]:
        """The statuses ``current`` may move to, in declaration order."""
        nexts = self.transitions.get(current, frozenset())
        return tuple(s for s in self.transitions if s in nexts)

    def can(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, frozenset())

    def check_known(self, status: str) -> None:
        """422 naming the field when ``status`` is not one of the machine's statuses."""
        if status not in self.transitions:
            raise ValidationFailed(
                f"'{status}' is not a {self.name} status.",
                errors=[FieldError(self.field_name, f"must be one of: {', '.join(self.statuses)}")],
            )

    def check(self, current: str, target: str) -> None:
        """Allow ``current`` -> ``target`` or raise (422 unknown status, 409 not allowed)."""
        self.check_known(target)
        if not self.can(current, target):
            raise InvalidTransition(self.name, current, target, self.allowed(current))

    def check_reopen(self, current: str, target: str, reason: str | None) -> None:
        """Allow an explicit reopen of a terminal status, which needs a reason."""
        self.check_known(target)
        if target not in self.reopen.get(current, frozenset()):
            raise InvalidTransition(self.name, current, target, self.allowed(current))
        if not (reason and reason.strip()):
            raise ReasonRequired()

    def edges(self) -> Iterator[tuple[str, str]]:
        for source in self.transitions:
            for target in self.allowed(source):
                yield source, target

    def as_markdown(self) -> str:
        """The table as docs show it: one row per status, its next ones, reopen edges."""
        rows = [f"| {self.field_name} | may become | reopens to (with a reason) |", "|---|---|---|"]
        for status in self.transitions:
            nexts = ", ".join(self.allowed(status)) or "— (final)"
            back = ", ".join(s for s in self.transitions if s in self.reopen.get(status, ()))
            rows.append(f"| {status} | {nexts} | {back} |")
        return "\n".join(rows)
