"""The documented tidy template for local data (CSV or XLSX): one figure per row.

Columns (docs/reference/tidy-template.md), by their keys: indicator, unit_kind, unit_code,
unit_name, school_year, grade, subgroup, value, n, uncertainty, uncertainty_kind, suppressed.
A file names them, and writes the fixed values (unit kinds, subgroups, uncertainty kinds), in
Bokmål, Nynorsk or English (`HEADERS`, `VALUES`): the template a user downloads is in their
language, and every language's words are read, so older files with English headers import.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar, cast, get_args

from skolekvalitet.stats.identity import looks_like_national_id

from .records import (
    ParseResult,
    Record,
    SourceError,
    SourceErrors,
    Subgroup,
    UncertaintyKind,
    UnitKind,
)
from .text import parse_count, parse_number

T = TypeVar("T")

FORMAT_CSV, FORMAT_XLSX = "tidy-csv", "tidy-xlsx"
COLUMNS = [
    "indicator",
    "unit_kind",
    "unit_code",
    "unit_name",
    "school_year",
    "grade",
    "subgroup",
    "value",
    "n",
    "uncertainty",
    "uncertainty_kind",
    "suppressed",
]
REQUIRED = ["indicator", "unit_kind", "school_year", "value"]
LANGUAGES = ("nb", "nn", "en")
# Each column's header in Bokmål, Nynorsk and English (the key).
HEADERS: dict[str, tuple[str, str, str]] = {
    "indicator": ("indikator", "indikator", "indicator"),
    "unit_kind": ("enhetstype", "einingstype", "unit_kind"),
    "unit_code": ("organisasjonsnummer", "organisasjonsnummer", "unit_code"),
    "unit_name": ("skolenavn", "skulenamn", "unit_name"),
    "school_year": ("skoleår", "skuleår", "school_year"),
    "grade": ("trinn", "trinn", "grade"),
    "subgroup": ("gruppe", "gruppe", "subgroup"),
    "value": ("verdi", "verdi", "value"),
    "n": ("antall", "antal", "n"),
    "uncertainty": ("usikkerhet", "usikkerheit", "uncertainty"),
    "uncertainty_kind": ("usikkerhetstype", "usikkerheitstype", "uncertainty_kind"),
    "suppressed": ("skjermet", "skjerma", "suppressed"),
}
# The fixed values of a column in Bokmål, Nynorsk and English (the key), then other words read.
VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "unit_kind": {
        "school": ("skole", "skule", "school"),
        "municipality": ("kommune", "kommune", "municipality"),
        "county": ("fylke", "fylke", "county"),
        "nation": ("landet", "landet", "nation", "nasjon", "norge", "noreg"),
    },
    "subgroup": {
        "all": ("alle", "alle", "all"),
        "girls": ("jenter", "jenter", "girls"),
        "boys": ("gutter", "gutar", "boys"),
        "public": ("offentlige", "offentlege", "public"),
        "private": ("private", "private", "private"),
    },
    "uncertainty_kind": {
        "se": ("standardfeil", "standardfeil", "se"),
        "sd": ("standardavvik", "standardavvik", "sd"),
        "udir": ("udir", "udir", "udir"),
    },
}
TRUE = {"1", "true", "ja", "yes", "x", "*"}
FALSE = {"0", "false", "nei", "no", "-"}
# What a user writes where the template offers a choice (only the school is allowed: area
# figures come from Udir's files), in each language.
OFFERED = {"unit_kind": ("school",)}


# Every reader's key has its words.
assert {k: set(v) for k, v in VALUES.items()} == {
    "unit_kind": set(get_args(UnitKind)),
    "subgroup": set(get_args(Subgroup)),
    "uncertainty_kind": set(get_args(UncertaintyKind)),
}


def header(key: str, language: str = "en") -> str:
    """A column's header in a language ("trinn" for grade in nb and nn)."""
    words = HEADERS.get(key)
    if words is None:
        return key
    return words[LANGUAGES.index(language) if language in LANGUAGES else 2]


def headers(language: str = "en") -> list[str]:
    return [header(key, language) for key in COLUMNS]


def value_word(column: str, key: str, language: str = "en") -> str:
    """A fixed value in a language ("skule" for a school in nn)."""
    words = VALUES[column][key]
    return words[LANGUAGES.index(language) if language in LANGUAGES else 2]


def allowed(column: str, language: str = "en") -> list[str]:
    """The values a user may write in a column, in a language."""
    keys = OFFERED.get(column) or tuple(VALUES[column])
    return [value_word(column, key, language) for key in keys]


_BY_HEADER = {word.casefold(): key for key, words in HEADERS.items() for word in words}
_BY_VALUE = {
    column: {word.casefold(): key for key, words in values.items() for word in words}
    for column, values in VALUES.items()
}


def column_key(text: str) -> str | None:
    """The column a header names, in any language (None for an unknown header)."""
    return _BY_HEADER.get(text.strip().casefold().replace(" ", "_"))


def written_headers(row: Iterable[object]) -> dict[str, str]:
    """A file's columns as its header writes them, by key ({"school_year": "skoleår"})."""
    cells = [str(cell).strip() for cell in row]
    return {key: cell for cell in cells if (key := column_key(cell))}


MAX_ROWS = 50_000  # figures per file; an owner of 200 schools has about 20,000 a year
MAX_COLUMNS = 40
MAX_UNPACKED = 50 * 2**20


def looks_like_csv(text: str) -> bool:
    """The first line names the indicator and school-year columns (in any language)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    sep = max(",;\t", key=first.count)
    keys = {column_key(cell.strip('"')) for cell in first.rstrip("\r").split(sep)}
    return {"indicator", "school_year"} <= keys


def parse_csv(text: str, file: str = "") -> ParseResult:
    body = text.lstrip("\ufeff")
    first = body.split("\n", 1)[0]
    sep = max(",;\t", key=first.count)
    return _parse(csv.reader(io.StringIO(body), delimiter=sep), file, FORMAT_CSV)


def parse_xlsx(data: bytes, file: str = "") -> ParseResult:
    """Read the first sheet, within bounds checked before any parsing (a 1 MB file can unpack
    to a million rows): at most MAX_UNPACKED bytes unpacked and MAX_ROWS rows in any sheet, at
    most MAX_COLUMNS columns read."""
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise SourceError(
                "the workbook unpacks to more than %(mb)s MB: split it",
                file=file,
                params={"mb": MAX_UNPACKED // 2**20},
            )
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and _rows_in(archive, info) > MAX_ROWS:
                raise SourceError(
                    "more than %(rows)s rows: split the file", file=file, params={"rows": MAX_ROWS}
                )
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError):
        raise SourceError("the XLSX file is damaged or truncated", file=file) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SourceError(
            "not a readable XLSX workbook (%(error)s)",
            file=file,
            params={"error": error.__class__.__name__},
        ) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=MAX_ROWS + 2)
    return _parse((["" if c is None else str(c) for c in row] for row in rows), file, FORMAT_XLSX)


_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")


def _rows_in(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The rows in a worksheet's XML, counted while unpacking it (no XML parsing)."""
    count, tail = 0, b""
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk  # a row tag cut between two chunks is found once
            count += len(_ROW.findall(block)) - len(_ROW.findall(tail))
            tail = block[-15:]
    return count


def _bounded(rows: Iterable[list[str]], file: str) -> Iterator[list[str]]:
    """The header and at most MAX_ROWS rows."""
    for count, row in enumerate(rows):
        if count > MAX_ROWS:
            raise SourceError(
                "more than %(rows)s rows: split the file",
                file=file,
                line=count + 1,
                params={"rows": MAX_ROWS},
            )
        yield row


def _parse(rows: Iterable[list[str]], file: str, fmt: str) -> ParseResult:
    iterator = _bounded(rows, file)
    written = [str(h).strip() for h in next(iterator, [])]
    header = [column_key(h) or h.casefold() for h in written]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SourceError(
            "missing columns: %(columns)s",
            file=file,
            line=1,
            params={"columns": ", ".join(missing), "keys": missing},
        )
    unknown = [w for w, h in zip(written, header, strict=True) if h and h not in COLUMNS]
    if unknown:
        raise SourceError(
            "unknown columns: %(columns)s",
            file=file,
            line=1,
            params={"columns": ", ".join(unknown)},
        )
    records: list[Record] = []
    count, points = 0, []
    for line, row in enumerate(iterator, start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        count += 1
        cell = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        for name, text in cell.items():
            if looks_like_national_id(text):
                raise SourceError(
                    "looks like a national identity number: the file must not identify people",
                    file=file,
                    line=line,
                    column=name,
                )
        records.append(_record(cell, file, line))
        if "." in cell["value"] and fmt == FORMAT_CSV:  # an XLSX number always has a point
            points.append(line)
    if not records:  # only the header (and blank rows): nothing to import, said as an error
        raise SourceError("the file has no rows with figures", file=file)
    notes: list[tuple[str, dict[str, object]]] = []
    if points:  # said, so that nobody wonders whether «4.3» became 43
        lines = ", ".join(str(n) for n in points[:10]) + (" …" if len(points) > 10 else "")
        notes.append(
            (
                "a decimal point is read as a decimal comma, so «4.3» and «4,3» are the same "
                "figure: the column %(column)s has a point on line %(lines)s",
                {"lines": lines, "column": "value"},
            )
        )
    return ParseResult(fmt, records, count, notes=notes, headers=written_headers(written))


NOT_ALLOWED = "'%(value)s' is not one of %(allowed)s"
_YEARS = re.compile(r"(\d{4})\s*[-–/]\s*(\d{4}|\d{2})")


def school_year_error(text: str) -> tuple[str, dict[str, object]]:
    """What is wrong with a school year written otherwise than "2025-26", as a template and its
    parameters: how to write the year the user meant ("2026/27", "2026-2027" → 2026-27), or
    that it is not a school year."""
    match = _YEARS.fullmatch(text.strip())
    if match and int(match[2]) == (int(match[1]) + 1) % 10 ** len(match[2]):
        meant = f"{match[1]}-{(int(match[1]) + 1) % 100:02d}"
        return "write the school year like this: %(meant)s (not «%(year)s»)", {
            "meant": meant,
            "year": text,
        }
    return "«%(year)s» is not a school year: write it as two years, like this: 2025-26", {
        "year": text
    }


def _choice(value: str, file: str, line: int, column: str) -> str:
    """The key of a fixed value written in any language ("skule" → "school")."""
    key = _BY_VALUE[column].get(value.casefold())
    if key is None:
        raise SourceError(
            NOT_ALLOWED,
            file=file,
            line=line,
            column=column,
            params={"value": value, "allowed": ", ".join(allowed(column))},
        )
    return key


def _record(cell: dict[str, str], file: str, line: int) -> Record:
    """The row as a record; every problem of the row at once (SourceErrors), not the first."""
    problems: list[SourceError] = []

    def checked(read: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        try:
            return read(*args, **kwargs)
        except SourceError as error:
            problems.append(error)
            return None

    kind = cast(UnitKind, checked(_choice, cell["unit_kind"], file, line, "unit_kind"))
    subgroup = cast(
        Subgroup, checked(_choice, cell.get("subgroup") or "all", file, line, "subgroup")
    )
    code = cell.get("unit_code") or ("0" if kind == "nation" else None)
    if code is None and not cell.get("unit_name"):
        problems.append(
            SourceError(
                "give the school's organisation number or its name",
                file=file,
                line=line,
                column="unit_code",
            )
        )
    flag = cell.get("suppressed", "").casefold()
    if flag and flag not in TRUE | FALSE:
        problems.append(
            SourceError(
                "'%(value)s' is neither yes nor no: write ja, or leave it empty for no",
                file=file,
                line=line,
                column="suppressed",
                params={"value": cell["suppressed"]},
            )
        )
    suppressed = flag in TRUE or cell["value"] == "*"
    value = None
    if sum(cell["value"].count(sign) for sign in ".,") > 1:
        problems.append(
            SourceError(
                "'%(value)s' has more than one point or comma, so it is unclear which is the "
                "decimal sign: write the number without a thousands separator, like 1234,5",
                file=file,
                line=line,
                column="value",
                params={"value": cell["value"]},
            )
        )
    elif not suppressed:
        before = len(problems)
        value = checked(parse_number, cell["value"], file=file, line=line, column="value")
        if value is None and len(problems) == before:
            problems.append(
                SourceError(
                    "value is empty (write * for a suppressed figure)",
                    file=file,
                    line=line,
                    column="value",
                )
            )
    unc = checked(
        parse_number, cell.get("uncertainty", ""), file=file, line=line, column="uncertainty"
    )
    unc_kind = None
    if unc is not None:
        unc_kind = cast(
            UncertaintyKind,
            checked(_choice, cell.get("uncertainty_kind") or "se", file, line, "uncertainty_kind"),
        )
    grade_raw = cell.get("grade") or "0"
    if not grade_raw.isdigit() or int(grade_raw) > 13:
        problems.append(
            SourceError(
                "grade '%(grade)s' is not 0–13",
                file=file,
                line=line,
                column="grade",
                params={"grade": grade_raw},
            )
        )
    year = cell["school_year"]
    if len(year) != 7 or year[4] != "-" or not (year[:4] + year[5:]).isdigit():
        template, params = school_year_error(year)
        problems.append(
            SourceError(template, file=file, line=line, column="school_year", params=params)
        )
    n = checked(parse_count, cell.get("n", ""), file=file, line=line, column="n")
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise SourceErrors(problems)
    return Record(
        cell["indicator"],
        kind,
        code,
        cell.get("unit_name") or "",
        year,
        int(grade_raw),
        subgroup,
        value,
        n,
        unc,
        unc_kind,
        suppressed,
        line,
        "value",
    )
