"""Commands and the use cases that carry them out, wired once by a service's bootstrap.

A command is a frozen dataclass named in the imperative, subclassing ``Command[R]`` where
``R`` is what carrying it out returns. A use case is a plain function whose first parameter
is the command and whose other parameters are its dependencies, by name::

    @dataclass(frozen=True)
    class ConvertLead(Command[Conversion]):
        lead_id: UUID
        account_id: UUID | None = None

    def convert_lead(cmd: ConvertLead, *, uow: UnitOfWorkFactory, access: Access,
                     caller: Principal) -> Conversion: ...

A service's ``bootstrap()`` builds one :class:`UseCases` from its use-case modules and the
dependencies it chose; REST views, gRPC methods and event handlers all call
``app.run(ConvertLead(...), caller=principal)``. Dependencies are matched by parameter name
when the service starts, so a use case asking for something bootstrap does not provide
fails at start-up, not on its first request. ``caller`` is given per call; a use case that
also runs for nobody (a worker's timer) gives it a default of None.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Generic, TypeVar

R = TypeVar("R")
CALLER = "caller"


class Command(Generic[R]):
    """Base of every command; ``R`` is the use case's result type."""

    __slots__ = ()


@dataclass(frozen=True)
class _UseCase:
    fn: Callable[..., Any]
    needs: tuple[str, ...]
    optional: frozenset[str]
    takes_caller: bool
    caller_optional: bool


def _command_type(fn: Callable[..., Any]) -> type[Command[Any]] | None:
    params = list(inspect.signature(fn).parameters)
    if not params:
        return None
    try:
        hint = typing.get_type_hints(fn).get(params[0])
    except NameError:
        return None
    if isinstance(hint, type) and issubclass(hint, Command):
        return hint
    return None


def _describe(fn: Callable[..., Any]) -> _UseCase:
    params = list(inspect.signature(fn).parameters.values())[1:]
    names = tuple(p.name for p in params if p.name != CALLER)
    optional = frozenset(p.name for p in params if p.default is not inspect.Parameter.empty)
    caller = next((p for p in params if p.name == CALLER), None)
    return _UseCase(
        fn,
        names,
        optional,
        takes_caller=caller is not None,
        caller_optional=caller is not None and caller.default is not inspect.Parameter.empty,
    )


class UseCases:
    """Runs each command through its use case with the dependencies bootstrap chose."""

    def __init__(self, functions: Iterable[Callable[..., Any]], **dependencies: Any) -> None:
        self._dependencies = dict(dependencies)
        self._cases: dict[type, _UseCase] = {}
        for fn in functions:
            command = _command_type(fn)
            if command is None:
                raise TypeError(f"{fn.__qualname__}: its first parameter must be a Command")
            if command in self._cases:
                raise TypeError(f"two use cases carry out {command.__name__}")
            case = _describe(fn)
            missing = [
                n for n in case.needs if n not in self._dependencies and n not in case.optional
            ]
            if missing:
                raise TypeError(f"{fn.__qualname__} needs {missing}, which bootstrap lacks")
            self._cases[command] = case

    @classmethod
    def from_modules(cls, modules: Iterable[ModuleType], **dependencies: Any) -> UseCases:
        """Every public function of ``modules`` whose first parameter is a Command."""
        functions = [
            fn
            for module in modules
            for name, fn in vars(module).items()
            if not name.startswith("_")
            and inspect.isfunction(fn)
            and fn.__module__ == module.__name__
            and _command_type(fn) is not None
        ]
        return cls(functions, **dependencies)

    @property
    def commands(self) -> frozenset[type]:
        return frozenset(self._cases)

    def dependency(self, name: str) -> Any:
        return self._dependencies[name]

    def with_dependencies(self, **overrides: Any) -> UseCases:
        """The same use cases with some dependencies replaced (a consumer's transaction)."""
        clone = object.__new__(UseCases)
        clone._dependencies = {**self._dependencies, **overrides}
        clone._cases = self._cases
        return clone

    def __call__(self, command: Command[R], caller: Any = None) -> R:
        """Carry out ``command`` (as ``caller``, for use cases that act for someone)."""
        case = self._cases.get(type(command))
        if case is None:
            raise LookupError(f"no use case carries out {type(command).__name__}")
        kwargs = {n: self._dependencies[n] for n in case.needs if n in self._dependencies}
        if case.takes_caller:
            if caller is None and not case.caller_optional:
                raise TypeError(f"{type(command).__name__} needs a caller")
            if caller is not None:
                kwargs[CALLER] = caller
        result: R = case.fn(command, **kwargs)
        return result
