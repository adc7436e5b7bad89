"""Udir's open statistics API (JSON) for the pupil survey: tables 148–155 have one shape:
a list of objects with Norwegian field names, values as strings with decimal commas, «*» for
suppressed and null for not reported. Units are named (EnhetNavn) only."""

import json
from typing import Any

from .records import ParseResult, Record, SourceError, UncertaintyKind
from .text import SUPPRESSED_MARKS, parse_count, parse_number
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
        raise SourceError(f"{name} must be a string", file=file, line=line, column=name)
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
    warnings: list[str] = []
    for index, obj in enumerate(rows, start=1):
        if not isinstance(obj, dict):
            raise SourceError("each row must be an object", file=file, line=index)
        if (_field(obj, "EierformNavn", file, index) or "Alle eierformer") != "Alle eierformer":
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
                warnings.append(
                    f"{file}, row {index}: conflicts with row {previous.line} "
                    "for the same figure; the first is kept"
                )
            continue
        seen[record.key] = record
        records.append(record)
    return ParseResult(FORMAT, records, len(rows), warnings)


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
                f"unknown index {get('Spoersmaalgruppe')!r}",
                file=file,
                line=line,
                column="Spoersmaalgruppe",
            )
        code = found
        value_field = "AndelMobbet" if "AndelMobbet" in obj else "Score"
        n_field = "AntallBesvart"
    raw = get(value_field)
    if raw is None:
        return None
    suppressed = raw in SUPPRESSED_MARKS
    value = None if suppressed else parse_number(raw, file=file, line=line, column=value_field)
    n_raw = get(n_field)
    n = (
        None
        if n_raw in (None, *SUPPRESSED_MARKS)
        else parse_count(n_raw or "", file=file, line=line, column=n_field)
    )
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
