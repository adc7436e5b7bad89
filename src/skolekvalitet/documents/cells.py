"""User text in spreadsheets stays text: no formula, DDE or hyperlink injection.

A spreadsheet program reads a cell that starts with = + - @ (or a tab or carriage return
before one of them) as a formula. Every CSV and XLSX the system writes passes user text through
one of these two helpers (OWASP, "CSV Injection").
"""

from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value for a CSV cell: text that would start a formula gets a leading apostrophe, which
    spreadsheet programs show as text; numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def append_text_row(sheet, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as a string, never as a
    formula (openpyxl turns a string starting with "=" into a formula unless told otherwise).
    The text itself is kept exactly as written."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=column).data_type = "s"
