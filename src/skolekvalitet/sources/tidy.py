"""The documented tidy template for local data (CSV or XLSX): one figure per row.

Columns (docs/reference/tidy-template.md): indicator, unit_kind, unit_code, unit_name,
school_year, grade, subgroup, value, n, uncertainty, uncertainty_kind, suppressed.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import cast, get_args

from skolekvalitet.stats.identity import looks_like_national_id

from .records import ParseResult, Record, SourceError, Subgroup, UncertaintyKind, UnitKind
from .text import parse_count, parse_number

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
TRUE = {"1", "true", "ja", "yes", "x", "*"}
MAX_ROWS = 50_000  # figures per file; an owner of 200 schools has about 20,000 a year
MAX_COLUMNS = 40
MAX_UNPACKED = 50 * 2**20


def looks_like_csv(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].casefold()
    return first.startswith("indicator") and "school_year" in first


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
    header = [h.strip().casefold() for h in next(iterator, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SourceError(
            "missing columns: %(columns)s",
            file=file,
            line=1,
            params={"columns": ", ".join(missing)},
        )
    unknown = [h for h in header if h and h not in COLUMNS]
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
    notes: list[tuple[str, dict[str, object]]] = []
    if points:  # said, so that nobody wonders whether «4.3» became 43
        lines = ", ".join(str(n) for n in points[:10]) + (" …" if len(points) > 10 else "")
        notes.append(
            (
                "a decimal point is read as a decimal comma, so «4.3» and «4,3» are the same "
                "figure: the value column has a point on line %(lines)s",
                {"lines": lines},
            )
        )
    return ParseResult(fmt, records, count, notes=notes)


def _choice(value: str, allowed: tuple[str, ...], file: str, line: int, column: str) -> str:
    if value not in allowed:
        raise SourceError(
            "'%(value)s' is not one of %(allowed)s",
            file=file,
            line=line,
            column=column,
            params={"value": value, "allowed": ", ".join(allowed)},
        )
    return value


def _record(cell: dict[str, str], file: str, line: int) -> Record:
    kind = cast(UnitKind, _choice(cell["unit_kind"], get_args(UnitKind), file, line, "unit_kind"))
    subgroup = cast(
        Subgroup, _choice(cell.get("subgroup") or "all", get_args(Subgroup), file, line, "subgroup")
    )
    code = cell.get("unit_code") or ("0" if kind == "nation" else None)
    if code is None and not cell.get("unit_name"):
        raise SourceError("give unit_code or unit_name", file=file, line=line, column="unit_code")
    suppressed = cell.get("suppressed", "").casefold() in TRUE or cell["value"] == "*"
    if sum(cell["value"].count(sign) for sign in ".,") > 1:
        raise SourceError(
            "'%(value)s' has more than one point or comma, so it is unclear which is the decimal "
            "sign: write the number without a thousands separator, like 1234,5",
            file=file,
            line=line,
            column="value",
            params={"value": cell["value"]},
        )
    value = (
        None if suppressed else parse_number(cell["value"], file=file, line=line, column="value")
    )
    if value is None and not suppressed:
        raise SourceError(
            "value is empty (write * for a suppressed figure)", file=file, line=line, column="value"
        )
    unc = parse_number(cell.get("uncertainty", ""), file=file, line=line, column="uncertainty")
    unc_kind = None
    if unc is not None:
        unc_kind = cast(
            UncertaintyKind,
            _choice(
                cell.get("uncertainty_kind") or "se",
                get_args(UncertaintyKind),
                file,
                line,
                "uncertainty_kind",
            ),
        )
    grade_raw = cell.get("grade") or "0"
    if not grade_raw.isdigit() or int(grade_raw) > 13:
        raise SourceError(
            "grade '%(grade)s' is not 0–13",
            file=file,
            line=line,
            column="grade",
            params={"grade": grade_raw},
        )
    year = cell["school_year"]
    if len(year) != 7 or year[4] != "-" or not (year[:4] + year[5:]).isdigit():
        raise SourceError(
            "school year '%(year)s' is not like 2025-26",
            file=file,
            line=line,
            column="school_year",
            params={"year": year},
        )
    return Record(
        cell["indicator"],
        kind,
        code,
        cell.get("unit_name") or "",
        year,
        int(grade_raw),
        subgroup,
        value,
        parse_count(cell.get("n", ""), file=file, line=line, column="n"),
        unc,
        unc_kind,
        suppressed,
        line,
        "value",
    )
