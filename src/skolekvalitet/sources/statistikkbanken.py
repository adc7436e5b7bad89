"""Udir Statistikkbanken exports of national tests: one row per unit, wide measure columns
named <school year>.<test>.<grade>.<ownership>.<gender>.<measure>."""

import csv
import io
import re
from dataclasses import dataclass

from .records import (
    Ownership,
    ParseResult,
    Record,
    SourceError,
    Subgroup,
    UncertaintyKind,
    UnitKind,
)
from .text import SUPPRESSED_MARKS, parse_count, read_value

FORMAT = "statistikkbanken"
ID_COLUMNS = [
    "EnhetNivaa",
    "Fylkekode",
    "Kommunekode",
    "Organisasjonsnummer",
    "Nasjonalt",
    "Fylke",
    "Kommune",
    "EnhetNavn",
]
LEVELS: dict[str, UnitKind] = {"1": "nation", "2": "county", "3": "municipality", "4": "school"}
SUBJECTS = {"lesing": "reading", "regning": "numeracy", "engelsk": "english"}
GENDERS: dict[str, Subgroup] = {"alle kjønn": "all", "jenter": "girls", "gutter": "boys"}
OWNERSHIP: dict[str, Subgroup] = {
    "alle eierformer": "all",
    "offentlig": "public",
    "privat": "private",
}
YEAR_RE = re.compile(r"^\d{4}-\d{2}$")
# Measure columns start with the school year; other columns (Udir's codes) are not needed.
MEASURE_RE = re.compile(r"^\d{4}-\d{2}\.")
GRADE_RE = re.compile(r"^(\d{1,2})\.")
LEVEL_RE = re.compile(r"mestringsnivå\s*(\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Measure:
    column: int
    name: str
    year: str
    indicator: str
    grade: int
    subgroup: Subgroup
    kind: str  # value, uncertainty, n
    ownership: Ownership | None = None  # the column's ownership split, if any
    crossed: bool = False  # split by ownership and gender: no such subgroup, not stored


def looks_like(text: str) -> bool:
    header = _header_line(text)
    return header is not None and all(c in header for c in ("EnhetNivaa", "Organisasjonsnummer"))


def _header_line(text: str) -> str | None:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        return None
    return lines[1] if lines[0].startswith("sep=") and len(lines) > 1 else lines[0]


def _separator(text: str, header: str) -> str:
    if text.startswith("sep="):
        sep = text[4:5]
        if sep:
            return sep
    return max("\t|;", key=header.count)


def _measure(index: int, name: str, file: str) -> Measure:
    parts = [p.strip() for p in name.split(".")]
    # "<year>.<test>.<grade>. årstrinn.<ownership>.<gender>.<measure>": the grade holds a dot.
    if len(parts) == 7 and GRADE_RE.match(parts[2] + "."):
        parts = [parts[0], parts[1], parts[2] + "." + parts[3], *parts[4:]]
    if len(parts) != 6 or not YEAR_RE.match(parts[0]):
        raise SourceError(
            "a measure column must be named <school year>.<test>.<grade>."
            "<ownership>.<gender>.<measure>",
            file=file,
            line=2,
            column=name,
        )
    year, test, grade_text, ownership, gender, measure = parts
    grade_match = GRADE_RE.match(grade_text)
    subject = next((code for word, code in SUBJECTS.items() if word in test.casefold()), None)
    if grade_match is None or subject is None:
        raise SourceError(
            f"unknown test {test!r} or grade {grade_text!r}", file=file, line=2, column=name
        )
    grade = int(grade_match[1])
    feeder = "_feeder" if "avgiver" in test.casefold() else ""
    owner_group = OWNERSHIP.get(ownership.casefold())
    if owner_group is None or gender.casefold() not in GENDERS:
        raise SourceError(
            f"unknown ownership {ownership!r} or gender {gender!r}", file=file, line=2, column=name
        )
    gender_group = GENDERS[gender.casefold()]
    # A column split by ownership and gender (e.g. «Offentlig.Jenter») has no subgroup in the
    # catalogue: it is read (it tells a school's ownership) but not stored.
    crossed = owner_group != "all" and gender_group != "all"
    subgroup: Subgroup = owner_group if owner_group != "all" else gender_group
    form: Ownership | None = (
        "public" if owner_group == "public" else "private" if owner_group == "private" else None
    )
    level = LEVEL_RE.search(measure)
    lowered = measure.casefold()
    if level:
        indicator, kind = f"nt{grade}_{subject}_level{level[1]}{feeder}", "value"
    elif lowered == "skalapoeng":
        indicator, kind = f"nt{grade}_{subject}{feeder}", "value"
    elif lowered == "usikkerhet":
        indicator, kind = f"nt{grade}_{subject}{feeder}", "uncertainty"
    elif lowered.startswith("antall elever"):
        indicator, kind = f"nt{grade}_{subject}{feeder}", "n"
    else:
        raise SourceError(f"unknown measure {measure!r}", file=file, line=2, column=name)
    return Measure(index, name, year, indicator, grade, subgroup, kind, form, crossed)


def parse(text: str, file: str = "") -> ParseResult:
    header_line = _header_line(text)
    if header_line is None:
        raise SourceError("the file is empty", file=file)
    sep = _separator(text, header_line)
    offset = 2 if text.startswith("sep=") else 1
    body = text.splitlines()[offset - 1 :]
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter=sep)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in ID_COLUMNS if c not in header]
    if missing:
        raise SourceError(
            "missing columns: %(columns)s",
            file=file,
            line=offset,
            params={"columns": ", ".join(missing)},
        )
    col = {name: header.index(name) for name in ID_COLUMNS}
    measures = [
        _measure(i, name, file)
        for i, name in enumerate(header)
        if name not in ID_COLUMNS and MEASURE_RE.match(name)
    ]
    groups: dict[tuple[str, str, int, Subgroup], dict[str, Measure]] = {}
    for m in measures:
        if not m.crossed:
            groups.setdefault((m.year, m.indicator, m.grade, m.subgroup), {})[m.kind] = m
    owned = [m for m in measures if m.ownership is not None]
    notes: list[tuple[str, dict[str, object]]] = []
    crossed = [m for m in measures if m.crossed]
    if crossed:
        notes.append(
            (
                "%(count)s columns split by both ownership and gender are not stored (no such "
                "subgroup), e.g. «%(column)s»",
                {"count": len(crossed), "column": crossed[0].name},
            )
        )
    records: list[Record] = []
    rows = 0
    for line_no, row in enumerate(reader, start=offset + 1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SourceError(
                "expected %(expected)s fields, found %(found)s (truncated?)",
                file=file,
                line=line_no,
                params={"expected": len(header), "found": len(row)},
            )
        rows += 1
        level = row[col["EnhetNivaa"]].strip()
        if level not in LEVELS:
            raise SourceError(
                "unknown unit level '%(level)s'",
                file=file,
                line=line_no,
                column="EnhetNivaa",
                params={"level": level},
            )
        kind = LEVELS[level]
        code = {
            "nation": "0",
            "county": row[col["Fylkekode"]].strip(),
            "municipality": row[col["Kommunekode"]].strip(),
            "school": row[col["Organisasjonsnummer"]].strip(),
        }[kind]
        name = row[
            col["EnhetNavn"]
            if kind == "school"
            else col[{"nation": "Nasjonalt", "county": "Fylke", "municipality": "Kommune"}[kind]]
        ].strip()
        ownership = _ownership(row, owned) if kind == "school" else None
        for (year, indicator, grade, subgroup), parts in groups.items():
            records.extend(
                _record(
                    row,
                    parts,
                    kind,
                    code,
                    name,
                    year,
                    indicator,
                    grade,
                    subgroup,
                    row[col["Kommunekode"]].strip(),
                    ownership,
                    file,
                    line_no,
                )
            )
    return ParseResult(FORMAT, records, rows, notes=notes)


def _ownership(row: list[str], owned: list[Measure]) -> Ownership | None:
    """A school's ownership from the ownership columns: a school has figures (or Udir's marks)
    only in the columns of its own ownership form, and nothing in the other's."""
    forms = {m.ownership for m in owned if row[m.column].strip()}
    return forms.pop() if len(forms) == 1 else None


def _record(
    row: list[str],
    parts: dict[str, Measure],
    kind: UnitKind,
    code: str,
    name: str,
    year: str,
    indicator: str,
    grade: int,
    subgroup: Subgroup,
    municipality: str,
    ownership: Ownership | None,
    file: str,
    line: int,
) -> list[Record]:
    value_m = parts.get("value")
    if value_m is None:
        return []
    share = "_level" in indicator  # mastery levels are shares (%): «-» (nil) is 0
    value, suppressed = read_value(
        row[value_m.column], zero_ok=share, file=file, line=line, column=value_m.name
    )
    if value is None and not suppressed:
        return []  # no figure («», «.», «..»)
    n = unc = None
    if "n" in parts and row[parts["n"].column].strip() not in SUPPRESSED_MARKS:
        n = parse_count(row[parts["n"].column], file=file, line=line, column=parts["n"].name)
    if "uncertainty" in parts and not suppressed:
        u = parts["uncertainty"]
        unc, _ = read_value(row[u.column], zero_ok=True, file=file, line=line, column=u.name)
    unc_kind: UncertaintyKind | None = "udir" if unc is not None else None
    return [
        Record(
            indicator,
            kind,
            code,
            name,
            year,
            grade,
            subgroup,
            value,
            n,
            unc,
            unc_kind,
            suppressed,
            line,
            value_m.name,
            municipality if kind == "school" else None,
            ownership,
        )
    ]
