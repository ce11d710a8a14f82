"""Per-field modes for one caller and module: what answers hide and what writes may change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from crm_access.model import FieldMode
from crm_chassis.errors import FieldError, Forbidden


@dataclass(frozen=True)
class FieldAccess:
    """Per-field modes for one caller and module; fields not named are editable."""

    modes: Mapping[str, FieldMode] = field(default_factory=dict)

    # Computed once per instance: a list page redacts each of its rows with one FieldAccess.
    @cached_property
    def hidden(self) -> frozenset[str]:
        return frozenset(f for f, m in self.modes.items() if m == "hidden")

    @cached_property
    def read_only(self) -> frozenset[str]:
        return frozenset(f for f, m in self.modes.items() if m == "read_only")

    def visible(self, name: str) -> bool:
        return self.modes.get(name, "editable") != "hidden"

    def redact(self, data: dict[str, Any]) -> dict[str, Any]:
        """Return ``data`` without the hidden fields (for REST, gRPC, search and export)."""
        hidden = self.hidden
        if not hidden:
            return data
        return {k: v for k, v in data.items() if k not in hidden}

    def check_writable(self, names: Iterable[str]) -> None:
        """Raise Forbidden naming the first field the caller may not change."""
        for name in sorted(names):
            mode = self.modes.get(name, "editable")
            if mode != "editable":
                what = "read-only" if mode == "read_only" else "not visible to you"
                raise Forbidden(
                    f"Field '{name}' is {what}.",
                    errors=[FieldError(name, f"This field is {what}.")],
                )


ALL_FIELDS = FieldAccess()
