"""Assignment rules: criteria, the owner target, round robin by open load, rule checks."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from crm_chassis.errors import InvalidFields
from crm_support.domain.assignment import (
    AssignmentRule,
    TicketSettings,
    check_rule,
    choose,
    least_loaded,
)


def rule(**given) -> AssignmentRule:
    return AssignmentRule(
        **{"id": uuid.uuid4(), "name": "r", "priority": 1, "target": "owner", **given}
    )


def test_the_first_matching_rule_by_priority_wins():
    product, a, b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    rules = [
        rule(priority=5, owner_id=a, owner_kind="user", criteria={"category": "Big Problem"}),
        rule(priority=1, owner_id=b, owner_kind="group", criteria={"product_id": str(product)}),
    ]
    ticket = SimpleNamespace(category="Big Problem", product_id=product, account_id=None)
    chosen = choose(rules, ticket, members=lambda g: [], load=lambda users: {})
    assert (chosen.owner_id, chosen.owner_kind, chosen.reason) == (b, "group", "rule")
    other = SimpleNamespace(category="Other Problem", product_id=None, account_id=None)
    assert choose(rules, other, members=lambda g: [], load=lambda users: {}) is None


def test_round_robin_gives_the_least_loaded_member_and_takes_turns_among_equals():
    members = ["a", "b", "c"]
    assert least_loaded(members, {"a": 3, "b": 1, "c": 2}, -1) == ("b", 1)
    assert least_loaded(members, {}, -1) == ("a", 0)
    assert least_loaded(members, {}, 0) == ("b", 1)
    assert least_loaded(members, {}, 2) == ("a", 0)
    assert least_loaded([], {}, 0) is None


def test_a_round_robin_rule_moves_its_cursor_and_skips_an_empty_group():
    group, empty = uuid.uuid4(), uuid.uuid4()
    users = [str(uuid.uuid4()), str(uuid.uuid4())]
    rr = rule(target="round_robin", group_id=group, priority=2)
    rules = [rule(target="round_robin", group_id=empty, priority=1), rr]
    members = {str(group): users, str(empty): []}
    ticket = SimpleNamespace(category=None, product_id=None, account_id=None)
    picks = [
        choose(rules, ticket, members=members.__getitem__, load=lambda u: {}).owner_id
        for _ in range(3)
    ]
    assert [str(p) for p in picks] == [*sorted(users), sorted(users)[0]]


def test_bad_rules_name_their_fields():
    with pytest.raises(InvalidFields) as err:
        check_rule(rule(target="owner", criteria={"colour": "red", "category": "Nope"}))
    assert {e.field for e in err.value.errors} == {
        "owner_id",
        "criteria.colour",
        "criteria.category",
    }
    with pytest.raises(InvalidFields):
        check_rule(rule(target="round_robin"))


def test_settings_round_trip():
    owner = uuid.uuid4()
    settings = TicketSettings(owner, "user", 3.5)
    assert TicketSettings.of(settings.as_setting()) == settings
    assert TicketSettings.of(None) == TicketSettings()


def test_ticket_lists_keep_a_records_value_and_refuse_bad_lists():
    from crm_support.domain.picklists import TicketLists

    lists = TicketLists(("Low impact",), ("Hardware",))
    assert lists.keeping("Minor", "Hardware").severities == ("Low impact", "Minor")
    assert TicketLists.of(lists.as_setting()) == lists
    assert TicketLists.of(None) == TicketLists()
    with pytest.raises(InvalidFields) as err:
        TicketLists((), ("a", "a")).check()
    assert {e.field for e in err.value.errors} == {"severities", "categories"}
    assert TicketLists((" Minor ",), ("Hardware",)).check().severities == ("Minor",)
