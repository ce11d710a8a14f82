"""Filters, sorts and searches that respect hidden fields: the answer's rule, for queries.

An answer drops the caller's hidden fields (:meth:`FieldAccess.redact`); a query must not
reveal them either, or the value could be guessed one filter at a time. The same
:class:`~crm_access.FieldAccess` decides both:

- an explicit filter or sort parameter that reads a hidden field is refused with 403
  naming the parameter and the field (:func:`check_query_fields`);
- a free-text ``q=`` search simply does not look at hidden fields
  (:func:`searchable_fields` gives the fields it may still match).

A service declares, per parameter, which record fields the parameter reads (a derived
column such as a phone key reads every phone it is built from).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from crm_access.fields import FieldAccess
from crm_chassis.errors import FieldError, Forbidden


def hidden_in(fields: FieldAccess, names: Iterable[str]) -> tuple[str, ...]:
    """The fields among ``names`` the caller may not see, in order."""
    hidden = fields.hidden
    return tuple(n for n in names if n in hidden)


def check_query_fields(fields: FieldAccess, used: Mapping[str, Iterable[str]]) -> None:
    """Raise Forbidden if a parameter in ``used`` (parameter -> fields it reads) reads a
    hidden field; the error names the parameter and the field."""
    if not fields.hidden:
        return
    for param in sorted(used):
        found = hidden_in(fields, used[param])
        if found:
            what = f"Field '{found[0]}' is not visible to you"
            raise Forbidden(
                f"{what}; '{param}' cannot filter or sort on it.",
                errors=[FieldError(param, f"{what}.")],
            )


def searchable_fields(fields: FieldAccess, names: Iterable[str]) -> tuple[str, ...]:
    """The fields among ``names`` a free-text search may match for this caller."""
    hidden = fields.hidden
    return tuple(n for n in names if n not in hidden)
