"""Commands reach their use cases with the dependencies bootstrap chose."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from crm_chassis.usecases import Command, UseCases


@dataclass(frozen=True)
class Greet(Command[str]):
    name: str


@dataclass(frozen=True)
class Count(Command[int]):
    words: str


def greet(cmd: Greet, *, greeting: str, caller: str) -> str:
    return f"{greeting} {cmd.name}, from {caller}"


def count(cmd: Count, *, limit: int = 100, caller: str | None = None) -> int:
    return min(len(cmd.words.split()), limit) + (1000 if caller else 0)


def not_a_use_case(name: str) -> str:
    return name


def test_a_command_runs_its_use_case_with_injected_dependencies_and_the_caller() -> None:
    run = UseCases([greet, count], greeting="Hello")
    assert run(Greet("Ada"), caller="bob") == "Hello Ada, from bob"
    assert run(Count("a b c")) == 3
    assert run(Count("a b c"), caller="admin") == 1003  # a caller is optional here


def test_a_missing_dependency_fails_when_the_service_is_wired() -> None:
    with pytest.raises(TypeError, match="greeting"):
        UseCases([greet])


def test_a_use_case_acting_for_someone_needs_a_caller() -> None:
    with pytest.raises(TypeError, match="caller"):
        UseCases([greet], greeting="Hi")(Greet("Ada"))


def test_every_command_has_one_use_case() -> None:
    with pytest.raises(TypeError, match="two use cases"):
        UseCases([count, count])
    with pytest.raises(TypeError, match="Command"):
        UseCases([not_a_use_case])
    with pytest.raises(LookupError):
        UseCases([count])(Greet("x"), caller="y")


def test_modules_are_scanned_and_dependencies_replaced_for_one_transaction() -> None:
    run = UseCases.from_modules([sys.modules[__name__]], greeting="Hi", limit=2)
    assert run.commands == {Greet, Count}
    assert run(Count("a b c")) == 2
    assert run.with_dependencies(limit=5)(Count("a b c")) == 3
    assert run(Count("a b c")) == 2
