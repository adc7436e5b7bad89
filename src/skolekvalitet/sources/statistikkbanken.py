"""Udir Statistikkbanken exports: one row per unit, wide measure columns named
<period>.<measure>.<grade>.<ownership>.<gender>.<kind>, the grammar every table shares:
national tests, grunnskolepoeng, exam and teacher-set grades, completion of upper secondary,
the pupil survey, parents' education and the school contribution indicators (SSB's, two merged
school years by stage, with their uncertainty).

A period is a school year (2023-24) or a span (2022-2024, two merged years for school
contribution; 2017-2023, a cohort's five years for completion): it is stored as the school year
it ends with (2023-24; 2022-23), the convention the catalogue's explanations state.
"""

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
from .udir_api import respondents
from .vocabulary import PUPIL_SURVEY

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
GRADE_SUBJECTS = {"norsk": "norwegian", "matematikk": "maths", "engelsk": "english"}
GENDERS: dict[str, Subgroup] = {
    "alle kjønn": "all",
    "begge kjønn": "all",
    "jenter": "girls",
    "gutter": "boys",
}
OWNERSHIP: dict[str, Subgroup] = {
    "alle eierformer": "all",
    "offentlig": "public",
    "privat": "private",
}
# A period: one school year (2023-24) or a span of them (2022-2024, 2022-24, 2017-2023).
PERIOD_RE = re.compile(r"^(\d{4})-(\d{2}|\d{4})$")
# Measure columns start with a period; other columns (Udir's codes) are not needed.
MEASURE_RE = re.compile(r"^\d{4}-\d{2}(?:\d{2})?\.")
# The grade part, which holds dots itself: «10. årstrinn», «5.-7. årstrinn», «8.–10. trinn».
GRADE_PART_RE = re.compile(
    r"\.\s*(\d{1,2})\.\s*(?:[-–]\s*(\d{1,2})\.?\s*)?(?:års)?trinn\s*$", re.IGNORECASE
)
ALL_GRADES_RE = re.compile(r"\.\s*alle\s+(?:års)?trinn\s*$", re.IGNORECASE)
LEVEL_RE = re.compile(r"mestringsnivå\s*(\d)", re.IGNORECASE)
MAX_SPAN = 6  # years: a completion cohort's five years, and one to spare
STAGES = {(1, 4): "1_4", (5, 7): "5_7", (8, 10): "8_10"}
# What a measure column holds (its last part, Udir's «måltall»).
VALUE_KINDS = (
    "skalapoeng",
    "snitt",
    "gjennomsnitt",
    "grunnskolepoeng",
    "karakter",
    "gjennomsnittskarakter",
    "andel",
    "prosent",
    "skolebidrag",
    "skolebidragsindikator",
    "indikator",
    "verdi",
)
N_KINDS = ("antall elever", "antall besvart", "antall deltatt", "antall")


@dataclass(frozen=True)
class Measure:
    column: int
    name: str
    year: str
    indicator: str
    grade: int
    subgroup: Subgroup
    kind: str  # value, uncertainty, sd, low, high, n, count
    ownership: Ownership | None = None  # the column's ownership split, if any
    crossed: bool = False  # split by ownership and gender: no such subgroup, not stored
    share: bool = False  # a percentage: «-» (nil) is 0


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


def school_year_of(period: str) -> str | None:
    """«2023-24» → 2023-24; a span «2022-2024» or «2022-24» → the school year it ends with,
    2023-24; None when the period is not like either."""
    match = PERIOD_RE.match(period)
    if match is None:
        return None
    start, end = int(match[1]), int(match[2])
    if len(match[2]) == 2:
        end += start - start % 100 + (100 if end < start % 100 else 0)
    if not 0 < end - start <= MAX_SPAN:
        return None
    return f"{end - 1}-{end % 100:02d}"


class Unknown(Exception):
    """A column of a measure the catalogue does not have (skipped, and said so)."""


def _split(name: str, file: str, line: int) -> tuple[str, str, str, str, str, str]:
    """<period>.<measure>.<grade>.<ownership>.<gender>.<kind>: the last three parts and the
    period hold no dots, the grade does («5. årstrinn»); the grade part may be missing."""
    head, *rest = name.split(".", 1)
    parts = rest[0].rsplit(".", 3) if rest else []
    if len(parts) != 4:
        raise SourceError(
            "a measure column must be named <school year>.<measure>.<grade>."
            "<ownership>.<gender>.<kind>",
            file=file,
            line=line,
            column=name,
        )
    middle, ownership, gender, kind = (p.strip() for p in parts)
    middle = ALL_GRADES_RE.sub("", middle)
    dotted = "." + middle
    grade = GRADE_PART_RE.search(dotted)
    if grade:
        topic, grade_text = dotted[1 : grade.start()].strip(), grade[0].lstrip(". ")
    else:
        topic, grade_text = middle, ""
    return head.strip(), topic, grade_text, ownership, gender, kind


def _grades(grade_text: str) -> tuple[int, int] | None:
    match = GRADE_PART_RE.search("." + grade_text)
    if match is None:
        return None
    low = int(match[1])
    return low, int(match[2]) if match[2] else low


def _indicator(topic: str, grades: tuple[int, int] | None, kind: str) -> tuple[str, int, bool]:
    """The catalogue code, the grade to store (0: all the stage's grades) and whether the
    value is a share, for a measure and its grade; Unknown for a measure the catalogue lacks.
    ValueError for what cannot be a Statistikkbanken measure at all."""
    words = topic.casefold()
    grade = grades[0] if grades and grades[0] == grades[1] else None
    if "skolebidrag" in words or "skulebidrag" in words:
        stage = STAGES.get(grades) if grades else None
        if stage is None:
            raise ValueError("stage")
        return f"sbi_{stage}", 0, False
    if "grunnskolepoeng" in words:
        return "gsp", grade or 10, False
    if "eksamen" in words or "standpunkt" in words:
        subject = next((code for w, code in GRADE_SUBJECTS.items() if words.startswith(w)), None)
        written = "muntlig" not in words and ("sidemål" not in words)
        if subject is None or not written or (subject == "norwegian" and "hovedmål" not in words):
            raise Unknown
        form = "exam" if "eksamen" in words else "teacher"
        return f"grade_{form}_{subject}", grade or 10, False
    if "fullført" in words or "gjennomføring" in words or "gjennomført" in words:
        if "5 år" not in words and "fem år" not in words and "5-års" not in words:
            raise Unknown
        return "completion_upper_secondary", grade or 10, True
    if "foreldre" in words and ("høyere utdanning" in words or "høgare utdanning" in words):
        return "parents_higher_education", grade or 0, True
    survey = PUPIL_SURVEY.get(words)
    if survey is not None:
        if grade is None:
            raise ValueError("grade")
        return survey, grade, survey == "ps_bullying"
    subject = next((code for w, code in SUBJECTS.items() if w in words), None)
    if subject is None or grade is None:
        raise ValueError("test")
    feeder = "_feeder" if "avgiver" in words else ""
    level = LEVEL_RE.search(kind)
    if level:
        return f"nt{grade}_{subject}_level{level[1]}{feeder}", grade, True
    return f"nt{grade}_{subject}{feeder}", grade, False


def _kind(kind: str) -> str | None:
    lowered = kind.casefold()
    if LEVEL_RE.search(kind) or lowered in VALUE_KINDS:
        return "value"
    if lowered.startswith("usikkerhet") or lowered.startswith("feilmargin"):
        return "uncertainty"
    if lowered == "standardavvik":
        return "sd"
    if lowered.startswith("nedre"):
        return "low"
    if lowered.startswith("øvre"):
        return "high"
    if lowered.startswith("antall mobbet") or lowered.startswith("antall i kategori"):
        return "count"
    if lowered.startswith(N_KINDS):
        return "n"
    return None


def _measure(index: int, name: str, file: str, line: int = 2) -> Measure:
    period, topic, grade_text, ownership, gender, measure = _split(name, file, line)
    year = school_year_of(period)
    if year is None:
        raise SourceError(
            "«%(period)s» is not a school year like 2023-24 or a span like 2022-2024",
            file=file,
            line=line,
            column=name,
            params={"period": period},
        )
    kind = _kind(measure)
    grades = _grades(grade_text) if grade_text else None
    try:
        indicator, grade, share = _indicator(topic, grades, measure)
    except ValueError:
        raise SourceError(
            "unknown test «%(test)s» or grade «%(grade)s»",
            file=file,
            line=line,
            column=name,
            params={"test": topic, "grade": grade_text},
        ) from None
    if kind is None:
        raise SourceError(
            "unknown measure «%(measure)s»",
            file=file,
            line=line,
            column=name,
            params={"measure": measure},
        )
    owner_group = OWNERSHIP.get(ownership.casefold())
    if owner_group is None or gender.casefold() not in GENDERS:
        raise SourceError(
            "unknown ownership «%(ownership)s» or gender «%(gender)s»",
            file=file,
            line=line,
            column=name,
            params={"ownership": ownership, "gender": gender},
        )
    gender_group = GENDERS[gender.casefold()]
    # A column split by ownership and gender (e.g. «Offentlig.Jenter») has no subgroup in the
    # catalogue: it is read (it tells a school's ownership) but not stored.
    crossed = owner_group != "all" and gender_group != "all"
    subgroup: Subgroup = owner_group if owner_group != "all" else gender_group
    form: Ownership | None = (
        "public" if owner_group == "public" else "private" if owner_group == "private" else None
    )
    share = share or measure.casefold() in ("andel", "prosent")
    return Measure(index, name, year, indicator, grade, subgroup, kind, form, crossed, share)


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
    measures: list[Measure] = []
    skipped: list[str] = []
    for i, name in enumerate(header):
        if name not in ID_COLUMNS and MEASURE_RE.match(name):
            try:
                measures.append(_measure(i, name, file, offset))
            except Unknown:
                skipped.append(name)
    groups: dict[tuple[str, str, int, Subgroup], dict[str, Measure]] = {}
    for m in measures:
        if not m.crossed:
            groups.setdefault((m.year, m.indicator, m.grade, m.subgroup), {})[m.kind] = m
    owned = [m for m in measures if m.ownership is not None]
    notes: list[tuple[str, dict[str, object]]] = []
    crossed = [m for m in measures if m.crossed]
    if skipped:
        notes.append(
            (
                "%(count)s columns of measures not in the catalogue are not stored, "
                "e.g. «%(column)s»",
                {"count": len(skipped), "column": skipped[0]},
            )
        )
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
    value, suppressed = read_value(
        row[value_m.column], zero_ok=value_m.share, file=file, line=line, column=value_m.name
    )
    if value is None and not suppressed:
        return []  # no figure («», «.», «..»)

    def number(kind: str) -> float | None:
        m = parts.get(kind)
        if m is None or suppressed:
            return None
        return read_value(row[m.column], zero_ok=True, file=file, line=line, column=m.name)[0]

    n = None
    if "n" in parts and row[parts["n"].column].strip() not in SUPPRESSED_MARKS:
        n = parse_count(row[parts["n"].column], file=file, line=line, column=parts["n"].name)
    if n is None and "count" in parts and row[parts["count"].column].strip():
        count = parse_count(
            row[parts["count"].column], file=file, line=line, column=parts["count"].name
        )
        n = respondents(value, count)  # the pupils in the category: n from the share
    unc_kind_found: UncertaintyKind = "udir"
    unc = number("uncertainty")
    if unc is None and (sd := number("sd")) is not None:
        unc, unc_kind_found = sd, "sd"
    low, high = number("low"), number("high")
    if unc is None and low is not None and high is not None:
        unc = round((high - low) / 2, 6)  # a 95 % interval's half-width, as «Usikkerhet»
    unc_kind: UncertaintyKind | None = unc_kind_found if unc is not None else None
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
