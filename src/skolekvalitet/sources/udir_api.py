"""Udir's open statistics API (JSON) for the pupil survey: tables 148–155 have one shape:
a list of objects with Norwegian field names, values as strings with decimal commas, «*» for
suppressed and null for not reported. Units are named (EnhetNavn) only."""

import json
from dataclasses import replace
from typing import Any, NamedTuple

from .records import Ownership, ParseResult, Record, SourceError, UncertaintyKind
from .text import SUPPRESSED_MARKS, normalise_name, parse_count, parse_number, read_value
from .vocabulary import GENDERS, PUPIL_SURVEY, grade_from, school_year

FORMAT = "udir-api"


def looks_like(text: str) -> bool:
    start = text.lstrip("\ufeff \r\n\t")[:400]
    return start.startswith("[") and "Skoleaarnavn" in start


def _field(obj: dict[str, Any], name: str, file: str, line: int) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise SourceError(
            "%(name)s must be a string", file=file, line=line, column=name, params={"name": name}
        )
    return str(value).strip()


def parse(text: str, file: str = "") -> ParseResult:
    try:
        rows = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise SourceError(
            "not valid JSON: %(error)s",
            file=file,
            line=error.lineno,
            column=str(error.colno),
            params={"error": error.msg},
        ) from None
    if not isinstance(rows, list):
        raise SourceError("expected a list of rows", file=file)
    records: list[Record] = []
    seen: dict[tuple[object, ...], Record] = {}
    notes: list[tuple[str, dict[str, object]]] = []
    ownership: dict[str, Ownership] = {}
    for index, obj in enumerate(rows, start=1):
        if not isinstance(obj, dict):
            raise SourceError("each row must be an object", file=file, line=index)
        form = (_field(obj, "EierformNavn", file, index) or "Alle eierformer").casefold()
        if form != "alle eierformer":
            # «Privat eiet» / «Offentlig eiet» rows repeat the figures; they tell the owner.
            unit = normalise_name(_field(obj, "EnhetNavn", file, index) or "")
            if form.startswith(("privat", "offentlig")):
                ownership[unit] = "private" if form.startswith("privat") else "public"
            continue
        record = _record(obj, file, index)
        if record is None:
            continue
        previous = seen.get(record.key)
        if previous is not None:
            if (previous.value, previous.n, previous.suppressed) != (
                record.value,
                record.n,
                record.suppressed,
            ):
                notes.append(
                    (
                        "row %(row)s: conflicts with row %(previous)s for the same figure; "
                        "the first is kept",
                        {"row": index, "previous": previous.line},
                    )
                )
            continue
        seen[record.key] = record
        records.append(record)
    records = [replace(r, ownership=ownership.get(normalise_name(r.unit_name))) for r in records]
    return ParseResult(FORMAT, records, len(rows), notes=notes)


def _record(obj: dict[str, Any], file: str, line: int) -> Record | None:
    def get(name: str) -> str | None:
        return _field(obj, name, file, line)

    unit = get("EnhetNavn") or ""
    year = school_year(get("Skoleaarnavn") or "")
    grade = grade_from(get("Trinnnavn") or "") or 0
    gender = GENDERS.get((get("Kjoenn") or "Alle kjønn").casefold())
    if gender is None:
        raise SourceError(
            "unknown gender '%(gender)s'",
            file=file,
            line=line,
            column="Kjoenn",
            params={"gender": get("Kjoenn")},
        )
    if "AndelDeltatt" in obj:
        code, value_field, n_field = "ps_participation", "AndelDeltatt", "AntallInvitert"
    else:
        if get("Spoersmaalnavn") not in (None, "Alle spørsmål"):
            return None
        group = (get("Spoersmaalgruppe") or "").casefold()
        found = PUPIL_SURVEY.get(group)
        if found is None:
            raise SourceError(
                "unknown index «%(index)s»",
                file=file,
                line=line,
                column="Spoersmaalgruppe",
                params={"index": get("Spoersmaalgruppe")},
            )
        code = found
        value_field = "AndelMobbet" if "AndelMobbet" in obj else "Score"
        n_field = "AntallBesvart"
    raw = get(value_field)
    if raw is None:
        return None
    share = value_field != "Score"
    value, suppressed = read_value(raw, zero_ok=share, file=file, line=line, column=value_field)
    if value is None and not suppressed:
        return None
    n_raw = get(n_field)
    n = None if n_raw is None else parse_count(n_raw, file=file, line=line, column=n_field)
    if value_field == "AndelMobbet":
        n = respondents(value, n)
    sd_raw = get("Standardavvik")
    sd = (
        None
        if suppressed or sd_raw in (None, *SUPPRESSED_MARKS)
        else parse_number(sd_raw or "", file=file, line=line, column="Standardavvik")
    )
    kind: UncertaintyKind | None = "sd" if sd is not None else None
    return Record(
        code,
        "school",
        None,
        unit,
        year,
        grade,
        gender,
        value,
        n,
        sd,
        kind,
        suppressed,
        line,
        value_field,
    )


def respondents(percent: float | None, bullied: int | None) -> int | None:
    """The pupils who answered, from a bullying share and its count.

    In table 154 `AntallBesvart` counts the pupils in the category (the bullied), not those who
    answered (4,8 % ↔ 7 of about 145; 8,1 % ↔ 13 of about 160), so n = count / share. Udir
    rounds the share to one decimal; the n this gives is within a few pupils of the true one
    (13 / 8,1 % → 160, where 8,05–8,15 % allow 160–161), which barely moves an interval. With no
    pupil bullied (0 of n) or no count, n is unknown (None)."""
    if percent is None or bullied is None or percent <= 0 or bullied == 0:
        return None
    return round(bullied * 100 / percent)


API_BASE = "https://api.statistikkbanken.udir.no/api/rest/v2/Eksport"
PUPIL_SURVEY_TABLES = {148, 149, 150, 151, 152, 153, 154, 155}


def request_url(table: int, org_numbers: list[str], years: list[str]) -> str:
    """The documented export request for some schools and school years of one table.

    Filters are `Name(value1_value2)` joined by `_`; school years are written as TidID
    (2025-26 → 202526); units are organisation numbers at unit level 4 (schools).
    """
    from urllib.parse import quote

    if table not in PUPIL_SURVEY_TABLES:
        raise SourceError(f"table {table} is not a pupil-survey table (148–155)")
    if not org_numbers or not years:
        raise SourceError("give at least one school and one school year")
    tid = "_".join(y.replace("-", "")[:4] + y[-2:] for y in years)
    filters = f"EnhetNivaa(4)_Organisasjonsnummer({'_'.join(org_numbers)})_TidID({tid})"
    return f"{API_BASE}/{table}/data?filter={quote(filters, safe='()_')}&format=json"


# The layouts Udir's pupil-survey tables answer with (recorded in tests/knowledge/recorded/).
# Udir says the API may change without notice: a column missing or added, or a dimension value
# the reader does not know, means the layout changed, and `skolekvalitet fetch` imports nothing.
COMMON_COLUMNS = frozenset({"Skoleaarnavn", "Trinnnavn", "EierformNavn", "EnhetNavn"})
LAYOUTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {  # name: (required, optional)
    "index": (
        COMMON_COLUMNS
        | {"Kjoenn", "Spoersmaalgruppe", "Spoersmaalnavn", "Score", "Standardavvik"}
        | {"AntallBesvart"},
        frozenset(f"AndelSvaralternativ{i}" for i in range(1, 6)),
    ),
    "bullying": (
        COMMON_COLUMNS
        | {"Kjoenn", "Spoersmaalgruppe", "Spoersmaalnavn", "AndelMobbet", "AntallBesvart"},
        frozenset(),
    ),
    "participation": (
        COMMON_COLUMNS | {"AndelDeltatt", "AntallBesvart", "AntallInvitert"},
        frozenset(),
    ),
}
# Tables whose answer is recorded have their one layout; the others (148–151, 153) may answer
# with any known layout.
TABLE_LAYOUTS = {152: ("index",), 154: ("bullying",), 155: ("participation",)}
OWNERSHIP_FORMS = frozenset({"alle eierformer", "privat eiet", "offentlig eiet"})


class LayoutChange(NamedTuple):
    """How an answer differs from the expected layout (all empty: it does not)."""

    missing: frozenset[str]  # expected columns absent
    unexpected: frozenset[str]  # columns the reader does not know
    unknown_values: dict[str, frozenset[str]]  # dimension column → values not known
    message: str  # when the answer is no list of objects at all

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexpected or self.unknown_values or self.message)

    def describe(self) -> str:
        parts = [self.message] if self.message else []
        if self.missing:
            parts.append("missing columns: " + ", ".join(sorted(self.missing)))
        if self.unexpected:
            parts.append("new columns: " + ", ".join(sorted(self.unexpected)))
        for column, values in sorted(self.unknown_values.items()):
            parts.append(f"unknown values of {column}: " + ", ".join(sorted(values)[:5]))
        return "; ".join(parts)


def _is_school_year(value: str) -> bool:
    return len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit()


def _known_value(column: str, value: str) -> bool:
    folded = value.strip().casefold()
    if column == "Skoleaarnavn":
        return _is_school_year(value.strip())
    if column == "Trinnnavn":
        return grade_from(value) is not None or folded.startswith("alle")
    if column == "Kjoenn":
        return folded in GENDERS
    if column == "Spoersmaalgruppe":
        return folded in PUPIL_SURVEY
    if column == "EierformNavn":
        return folded in OWNERSHIP_FORMS
    return True


def layout_change(table: int, text: str) -> LayoutChange:
    """Compare an answer of a pupil-survey table with the layouts it may have: its columns
    (every row's) and the values of its dimensions. An empty list is no change."""
    nothing: dict[str, frozenset[str]] = {}
    try:
        rows = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError:
        return LayoutChange(frozenset(), frozenset(), nothing, "the answer is not JSON")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return LayoutChange(frozenset(), frozenset(), nothing, "the answer is not a list of rows")
    if not rows:
        return LayoutChange(frozenset(), frozenset(), nothing, "")
    keys = [frozenset(str(k) for k in r) for r in rows]
    columns: frozenset[str] = frozenset().union(*keys)
    every_row: frozenset[str] = frozenset.intersection(*keys)
    unknown: dict[str, set[str]] = {}
    for row in rows:
        for column, value in row.items():
            if value is not None and not _known_value(column, str(value)):
                unknown.setdefault(column, set()).add(str(value))
    found = {k: frozenset(v) for k, v in unknown.items()}
    best = None
    for name in TABLE_LAYOUTS.get(table, tuple(LAYOUTS)):
        required, optional = LAYOUTS[name]
        change = LayoutChange(required - every_row, columns - required - optional, found, "")
        score = len(change.missing) + len(change.unexpected)
        if best is None or score < best[0]:
            best = (score, change)
    assert best is not None
    return best[1]
