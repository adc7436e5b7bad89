"""Older Skoleporten exports in long format: one row per value, schools named only by name."""

import csv
import io

from .records import Ownership, ParseResult, Record, SourceError
from .text import read_value
from .vocabulary import GENDERS, PUPIL_SURVEY, SUBJECTS, grade_from, school_year

FORMAT = "skoleporten"
COLUMNS = [
    "Enhetsnavn",
    "Skoletype",
    "Vurderingsområde",
    "Statistikk",
    "Indikator/delskår",
    "Periode",
    "Eierform",
    "Trinn",
    "Kjønn",
    "Verdi",
    "Måleenhet",
]


OWNERSHIP: dict[str, Ownership] = {"offentlig": "public", "privat": "private"}


def looks_like(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith("Enhetsnavn;") and "Måleenhet" in first


def indicator_code(statistic: str, indicator: str, grade: int | None) -> str | None:
    stat, ind = statistic.casefold(), indicator.casefold()
    subject = next((code for word, code in SUBJECTS.items() if ind.startswith(word)), None)
    if stat.startswith("nasjonale prøver") and subject and grade:
        if "2009-2013" in stat:
            return f"nt{grade}_{subject}_2009"
        return f"nt{grade}_{subject}{'_feeder' if 'avgiverskole' in ind else ''}"
    if stat.startswith("elevundersøkelsen"):
        return PUPIL_SURVEY.get(ind)
    return None


def parse(text: str, file: str = "") -> ParseResult:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    header = [h.strip() for h in next(reader, [])]
    if header != COLUMNS:
        raise SourceError(
            "expected the columns %(columns)s",
            file=file,
            line=1,
            params={"columns": ";".join(COLUMNS)},
        )
    records: list[Record] = []
    unknown: dict[tuple[str, str], int] = {}
    rows = 0
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise SourceError(
                "expected %(expected)s fields, found %(found)s (truncated?)",
                file=file,
                line=line,
                params={"expected": len(COLUMNS), "found": len(row)},
            )
        rows += 1
        cell = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        grade = grade_from(cell["Trinn"])
        code = indicator_code(cell["Statistikk"], cell["Indikator/delskår"], grade)
        if code is None:
            unknown.setdefault((cell["Statistikk"], cell["Indikator/delskår"]), line)
            continue
        gender = GENDERS.get(cell["Kjønn"].casefold())
        if gender is None:
            raise SourceError(
                "unknown gender '%(gender)s'",
                file=file,
                line=line,
                column="Kjønn",
                params={"gender": cell["Kjønn"]},
            )
        # «.» is «no figure» here (not suppression): such rows carry nothing to store.
        value, suppressed = read_value(
            cell["Verdi"],
            zero_ok="prosent" in cell["Måleenhet"].casefold(),
            file=file,
            line=line,
            column="Verdi",
        )
        if value is None and not suppressed:
            continue
        records.append(
            Record(
                code,
                "school",
                None,
                cell["Enhetsnavn"],
                school_year(cell["Periode"]),
                grade or 0,
                gender,
                value,
                None,
                None,
                None,
                suppressed,
                line,
                "Verdi",
                None,
                OWNERSHIP.get(cell["Eierform"].casefold()),
            )
        )
    notes: list[tuple[str, dict[str, object]]] = [
        (
            "line %(line)s, column Statistikk: unknown indicator «%(indicator)s» (rows skipped)",
            {"line": line, "indicator": f"{stat} / {ind}"},
        )
        for (stat, ind), line in unknown.items()
    ]
    return ParseResult(FORMAT, records, rows, notes=notes)
