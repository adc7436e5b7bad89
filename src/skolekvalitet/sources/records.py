"""The tidy record every reader produces, and the error every reader raises."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

UnitKind = Literal["school", "municipality", "county", "nation"]
Subgroup = Literal["all", "girls", "boys", "public", "private"]
UncertaintyKind = Literal["udir", "sd", "se"]
Ownership = Literal["public", "private"]


class SourceError(ValueError):
    """Bad input, with where it is: file, line (1-based), column (name or number).

    With `params`, `message` is a %-template (`template`, an English msgid an app may translate)
    and the English text is `template % params`."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int | None = None,
        column: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.template, self.params = message, dict(params or {})
        message = message % self.params if params else message
        self.message, self.file, self.line, self.column = message, file, line, column
        where = ", ".join(
            part
            for part in (file, f"line {line}" if line else "", f"column {column}" if column else "")
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class SourceErrors(SourceError):
    """Several problems of one row, said together (`errors`); as an error, the first."""

    def __init__(self, errors: list[SourceError]) -> None:
        first = errors[0]
        super().__init__(
            first.template,
            file=first.file,
            line=first.line,
            column=first.column,
            params=first.params,
        )
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Record:
    """One figure: indicator × unit × school year × grade × subgroup.

    grade 0 means all grades together. unit_code is the organisation number for schools, the
    4-digit municipality number, the 2-digit county number, or "0" for the nation; it is None
    when a source names a school only by name (matched later by normalised name).
    municipality_code is the school's municipality number as the file gives it (possibly from
    before a reform: see regions.py); ownership is what the file says about the school's owner
    (its ownership columns or «Eierform»), None where it says nothing.
    """

    indicator: str
    unit_kind: UnitKind
    unit_code: str | None
    unit_name: str
    school_year: str
    grade: int
    subgroup: Subgroup
    value: float | None
    n: int | None
    uncertainty: float | None
    uncertainty_kind: UncertaintyKind | None
    suppressed: bool
    line: int
    field: str
    municipality_code: str | None = None
    ownership: Ownership | None = None

    @property
    def key(self) -> tuple[str, str, str | None, str, str, int, str]:
        return (
            self.indicator,
            self.unit_kind,
            self.unit_code or self.unit_name,
            self.unit_name if self.unit_code is None else "",
            self.school_year,
            self.grade,
            self.subgroup,
        )


@dataclass
class ParseResult:
    format: str
    records: list[Record]
    rows_read: int
    warnings: list[str] = field(default_factory=list)
    # Warnings an app translates: an English %-template and its parameters (like SourceError's).
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    # A template's columns as its header writes them ("school_year" → "skoleår").
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def suppressed_cells(self) -> int:
        return sum(r.suppressed for r in self.records)
