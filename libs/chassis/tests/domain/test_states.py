"""The declared state machine mechanism: what it allows, refuses and says."""

import pytest

from crm_chassis.errors import ValidationFailed
from crm_chassis.states import InvalidTransition, ReasonRequired, StateMachine

ORDER = StateMachine(
    name="order",
    initial="Created",
    transitions={
        "Created": frozenset({"Approved", "Cancelled"}),
        "Approved": frozenset({"Delivered", "Cancelled"}),
        "Delivered": frozenset(),
        "Cancelled": frozenset(),
    },
    reopen={"Cancelled": frozenset({"Created"})},
)


def test_declared_edges_are_allowed_and_others_refused_with_the_allowed_list() -> None:
    ORDER.check("Created", "Approved")
    with pytest.raises(InvalidTransition) as caught:
        ORDER.check("Delivered", "Created")
    problem = caught.value.problem()
    assert problem["status"] == 409
    assert problem["current_status"] == "Delivered"
    assert problem["allowed_next"] == []
    with pytest.raises(InvalidTransition) as caught:
        ORDER.check("Created", "Delivered")
    assert caught.value.problem()["allowed_next"] == ["Approved", "Cancelled"]


def test_an_unknown_status_is_a_422_naming_the_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        ORDER.check("Created", "Shipped")
    assert caught.value.errors[0].field == "status"


def test_terminal_statuses_reopen_only_by_their_edge_and_with_a_reason() -> None:
    assert ORDER.terminal == {"Delivered", "Cancelled"}
    with pytest.raises(InvalidTransition):
        ORDER.check("Cancelled", "Created")
    with pytest.raises(ReasonRequired):
        ORDER.check_reopen("Cancelled", "Created", "  ")
    ORDER.check_reopen("Cancelled", "Created", "customer changed his mind")
    with pytest.raises(InvalidTransition):
        ORDER.check_reopen("Delivered", "Created", "why not")


def test_a_table_naming_unknown_statuses_or_reopening_a_live_status_is_refused() -> None:
    with pytest.raises(ValueError):
        StateMachine(name="x", initial="A", transitions={"A": frozenset({"B"})})
    with pytest.raises(ValueError):
        StateMachine(
            name="x",
            initial="A",
            transitions={"A": frozenset({"B"}), "B": frozenset()},
            reopen={"A": frozenset({"B"})},
        )


def test_the_table_renders_for_the_docs() -> None:
    text = ORDER.as_markdown()
    assert "| Created | Approved, Cancelled |  |" in text
    assert "| Cancelled | — (final) | Created |" in text
    assert list(ORDER.edges())[:2] == [("Created", "Approved"), ("Created", "Cancelled")]
