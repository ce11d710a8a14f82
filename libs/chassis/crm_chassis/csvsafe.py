"""CSV cells a spreadsheet will not run (issue 12, case 8: formula injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``). Every CSV the suite
writes passes its cells through :func:`neutralise`: such text gets a leading apostrophe,
which spreadsheets show as text and never evaluate. Plain numbers (``-12.50``) and non-text
values are left alone. Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def neutralise(value: Any) -> Any:
    """``value``, or, for text a spreadsheet would run as a formula, that text behind ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A CSV row (``csv.writer.writerow``) with every cell neutralised."""
    return [neutralise(v) for v in values]


def safe_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    """A CSV row (``csv.DictWriter.writerow``) with every cell neutralised."""
    return {k: neutralise(v) for k, v in row.items()}
