"""The mail-merge engine: Jinja2's sandbox, with every template checked when it is saved.

Checked by walking the parsed template (its AST), not by a trial render: a trial render
with sample data only sees the branches the sample takes. The walk allows what a mail merge
needs (declared fields, ``if``/``for``, a few text filters) and refuses the rest with the
line: unknown fields, names outside the declared groups, attributes starting with ``_``
(``__class__`` and the like: the classic sandbox escapes), calls of any kind, imports,
macros. Rendering uses ``SandboxedEnvironment`` with ``StrictUndefined`` as a second wall: a
template stored before a rule was added still cannot reach Python internals, and a field
it should not have used fails loudly instead of sending a blank.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from crm_marketing.domain import merge_fields

#: Filters a template may use: text shaping only, nothing that reaches objects.
FILTERS = frozenset(
    {
        "upper",
        "lower",
        "title",
        "capitalize",
        "trim",
        "default",
        "d",
        "e",
        "escape",
        "truncate",
        "replace",
        "length",
        "wordwrap",
        "striptags",
    }
)
_REFUSED_NODES: dict[type[nodes.Node], str] = {
    nodes.Call: "calls are not allowed in a template",
    nodes.Import: "imports are not allowed in a template",
    nodes.FromImport: "imports are not allowed in a template",
    nodes.Include: "includes are not allowed in a template",
    nodes.Extends: "extends is not allowed in a template",
    nodes.Macro: "macros are not allowed in a template",
    nodes.CallBlock: "call blocks are not allowed in a template",
    nodes.Block: "blocks are not allowed in a template",
}


@dataclass(frozen=True)
class Problem:
    """One refused construct: the part, the line and what is wrong."""

    part: str
    line: int
    message: str


@cache
def environment(*, html: bool) -> SandboxedEnvironment:
    """A sandbox for one part: HTML escapes values, subject and text do not (one each per
    process, built on first use: an environment is dear to build and safe to share)."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=html)
    # Only the allowed filters exist, so even a stored template cannot reach others.
    env.filters = {k: v for k, v in env.filters.items() if k in FILTERS}
    env.globals = {}
    return env


def check(part: str, source: str, *, html: bool) -> list[Problem]:
    """Every problem of one template part (empty when it may be saved)."""
    env = environment(html=html)
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [Problem(part, exc.lineno, f"syntax error: {exc.message}")]
    stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    return [Problem(part, line, message) for line, message in _walk(tree, stored)]


def _walk(tree: nodes.Node, stored: set[str]) -> Iterator[tuple[int, str]]:
    for node in tree.find_all(nodes.Node):
        refused = _REFUSED_NODES.get(type(node))
        if refused:
            yield node.lineno, refused
        elif isinstance(node, nodes.Getattr | nodes.Getitem):
            yield from _attribute(node, stored)
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name not in merge_fields.FIELDS and node.name not in merge_fields.SCALARS:
                if node.name not in stored:
                    yield node.lineno, f"unknown field '{node.name}'"
        elif isinstance(node, nodes.Filter):
            if node.name not in FILTERS:
                yield node.lineno, f"filter '{node.name}' is not allowed"


def _attribute(node: nodes.Getattr | nodes.Getitem, stored: set[str]) -> Iterator[tuple[int, str]]:
    name = _attribute_name(node)
    if name is None:
        yield node.lineno, "only fields may be read (write group.field)"
        return
    if name.startswith("_"):
        yield node.lineno, f"'{name}' is not allowed (internal attribute)"
        return
    target = node.node
    if isinstance(target, nodes.Name) and target.name in merge_fields.FIELDS:
        if not merge_fields.allowed(target.name, name):
            yield node.lineno, f"unknown field '{target.name}.{name}'"
    elif isinstance(target, nodes.Name) and target.name in stored:
        return
    else:
        yield node.lineno, f"'{name}' may only be read from a field group"


def _attribute_name(node: nodes.Getattr | nodes.Getitem) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def render(source: str, values: dict[str, Any], *, html: bool) -> str:
    """Render one part in the sandbox; raises ``RenderFailure`` with the reason."""
    try:
        return _compiled(source, html).render(values)
    except SecurityError as exc:
        raise RenderFailure(f"refused by the sandbox: {exc}") from exc
    except UndefinedError as exc:
        raise RenderFailure(f"undefined: {exc.message}") from exc
    except TemplateSyntaxError as exc:
        raise RenderFailure(f"syntax error on line {exc.lineno}: {exc.message}") from exc


@lru_cache(maxsize=256)
def _compiled(source: str, html: bool) -> Template:
    # A mailing renders one template for every recipient: compile it once, not per mail.
    return environment(html=html).from_string(source)


class RenderFailure(Exception):
    """A part could not be rendered (the template service maps it to its error)."""
