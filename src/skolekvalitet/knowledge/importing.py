"""Importing figures: parse (sources/), plan against the database, then apply atomically.

A plan that has errors writes nothing. Applying a plan stores everything its report counts, in
one transaction, with one Import row as provenance and one audit event. Figures for other owners'
schools are not stored (counted as skipped). Area figures (nation, county, municipality) come
only from Udir's own files, and only the importing owner's comparison areas are stored, as that
owner's copy: no owner's import changes what another owner sees. A tidy file carries the
owner's own schools only; an area row in it is an error.
"""

import csv
import difflib
import hashlib
import io
import json
from dataclasses import astuple, dataclass, field, replace
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from skolekvalitet.audit.log import record as audit
from skolekvalitet.documents import present
from skolekvalitet.organisations.models import Owner, Person, School, SchoolYear
from skolekvalitet.organisations.schoolyears import school_year_code
from skolekvalitet.organisations.validators import validate_school_year
from skolekvalitet.sources import tidy
from skolekvalitet.sources.detect import parse_file
from skolekvalitet.sources.records import ParseResult, Record, SourceError
from skolekvalitet.sources.regions import area_today, today
from skolekvalitet.sources.schools import Candidate, OwnSchool, SchoolMatcher, valid_org_number
from skolekvalitet.sources.text import decode

from . import publishing, store
from .chain import comparison_codes
from .models import UNIT_RANGES, Area, Import, Indicator, Observation, ObservationHistory, Unit

AREA_KINDS = {"nation", "county", "municipality"}
MAX_ERRORS = 50  # errors a page shows; the rest are counted
# What each reader's format is called where people read it.
FORMATS = {
    "statistikkbanken": gettext_lazy("Statistikkbanken (Udir)"),
    "skoleporten": gettext_lazy("Skoleporten (Udir)"),
    "udir-api": gettext_lazy("Udir's statistics API"),
    "tidy-csv": gettext_lazy("the template for your own figures (CSV)"),
    "tidy-xlsx": gettext_lazy("the template for your own figures (XLSX)"),
    "self-assessment": gettext_lazy("a survey in Skolekvalitet"),
}
Key = tuple[
    int, str, int, str, int, str
]  # indicator, target kind, target id/code, year, grade, subgroup


@dataclass
class Plan:
    owner: Owner
    file_name: str
    file_hash: str
    format: str = ""
    rows_read: int = 0
    rows: list[tuple[Record, Indicator, str, Any]] = field(default_factory=list)
    schools_matched: set[int] = field(default_factory=set)
    schools_to_create: dict[str, str] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)  # schools it could create
    widen: dict[int, tuple[int, int]] = field(default_factory=dict)  # school → grades
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # school → grades now
    units_unmatched: set[str] = field(default_factory=set)
    skipped_figures: int = 0
    skipped_areas: int = 0  # figures of areas the owner does not compare with
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    suppressed_cells: int = 0
    years: set[str] = field(default_factory=set)
    indicators: set[str] = field(default_factory=set)
    areas: set[tuple[str, str]] = field(default_factory=set)  # the owner's comparison areas
    typos: dict[str, list[Record]] = field(default_factory=dict)  # unknown number → rows
    numbers: dict[str, School] = field(default_factory=dict)  # the owner's schools
    missing: list[str] = field(default_factory=list)  # the owner's schools not in the file
    changes: list[tuple[Record, Indicator, str, Any, bool]] = field(default_factory=list)  # new?
    headers: dict[str, str] = field(default_factory=dict)  # the template's columns as written

    @property
    def format_name(self) -> str:
        return str(FORMATS.get(self.format, self.format))

    def indicator_names(self) -> list[str]:
        """The indicators of the file by their names in the reader's language."""
        found = {i.code: i for _r, i, _k, _t in self.rows}
        return sorted((i.name for i in found.values()), key=str.casefold)

    @property
    def to_write(self) -> int:
        return self.created + self.updated

    def _place(self, kind: str, target) -> tuple[int, str]:
        """Where a figure goes, in words, with its place in the list (schools first)."""
        if kind == "school":
            return 0, target.name
        if kind == "new_school":
            return 0, gettext("%(school)s (a new school)") % {
                "school": self.schools_to_create.get(target, target)
            }
        area_kind, _code, name = target
        if area_kind == "nation":
            return 3, gettext("the whole country")
        if area_kind == "county":
            return 2, gettext("%(name)s (county)") % {"name": name}
        return 1, gettext("%(name)s (municipality)") % {"name": name}

    def contents(self) -> list[dict[str, Any]]:
        """What confirming writes, by place (each school, the municipality, the county, the
        nation): its indicators by name, school years, and how many figures are new and how
        many corrected."""
        groups: dict[tuple[int, str], dict[str, Any]] = {}
        for rec, indicator, kind, target, new in self.changes:
            place = self._place(kind, target)
            group = groups.setdefault(
                place,
                {"place": place[1], "indicators": set(), "years": set(), "new": 0, "corrected": 0},
            )
            group["indicators"].add(indicator.name)
            group["years"].add(rec.school_year)
            group["new" if new else "corrected"] += 1
        return [
            {
                **g,
                "indicators": sorted(g["indicators"], key=str.casefold),
                "years": sorted(g["years"]),
            }
            for _key, g in sorted(
                groups.items(), key=lambda item: (item[0][0], item[0][1].casefold())
            )
        ]

    def only_areas(self) -> str | None:
        """When a Udir file writes no figure of the owner's schools: the places it writes, in
        words (None otherwise)."""
        if _template(self) or not self.changes:
            return None
        if any(kind != "area" for _r, _i, kind, _t, _n in self.changes):
            return None
        places = [g["place"] for g in self.contents()]
        if len(places) == 1:
            return places[0]
        return gettext("%(list)s and %(last)s") % {
            "list": ", ".join(places[:-1]),
            "last": places[-1],
        }

    def report(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "file": self.file_name,
            "rows_read": self.rows_read,
            "schools_matched": len(self.schools_matched),
            "schools_created": len(self.schools_to_create),
            "schools_to_create": _schools(c for c in self.candidates if c.chosen),
            "schools_not_created": _schools(c for c in self.candidates if not c.chosen),
            "units_unmatched": sorted(self.units_unmatched),
            "schools_missing": self.missing,
            "skipped_other_owners_figures": self.skipped_figures,
            "skipped_other_areas": self.skipped_areas,
            "observations_created": self.created,
            "observations_updated": self.updated,
            "observations_unchanged": self.unchanged,
            "suppressed_cells": self.suppressed_cells,
            "grades_widened": {  # school → grades before and after, put back by an undo
                str(pk): [list(self.spans[pk]), list(span)] for pk, span in self.widen.items()
            },
            "school_years": sorted(self.years),
            "indicators": sorted(self.indicators),
            "stores": self.contents(),  # what confirming writes, by place, in words
            "warnings": self.warnings,
            "errors": self.errors,
        }


def _schools(candidates) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "org_number": c.org_number,
            "municipality": c.municipality,
            "ownership": c.ownership or "unknown",
            "name_suggests_private": c.looks_private,
            "grades_seen": c.grades_seen,
            "grades": list(c.grade_range),
        }
        for c in sorted(candidates, key=lambda c: c.name.casefold())
    ]


def plan_import(
    owner: Owner,
    data: bytes,
    file_name: str,
    *,
    create_missing_schools=False,
    name_map: dict[str, str] | None = None,
    create_schools=(),
) -> Plan:
    digest = hashlib.sha256(data).hexdigest()
    parsed, errors = read_file(data, file_name, owner)
    if parsed is None:
        plan = Plan(owner, file_name, digest)
        plan.errors.extend(errors)
        return plan
    return plan_parsed(
        owner,
        parsed,
        file_name,
        digest,
        create_missing_schools=create_missing_schools,
        name_map=name_map,
        create_schools=create_schools,
    )


def read_file(
    data: bytes, file_name: str, owner: Owner | None = None
) -> tuple[ParseResult | None, list[str]]:
    """A file parsed, or every error it has in the user's language, in the file's order (row,
    then column). The readers stop at the first error; a filled-in template is then read again
    row by row, and the rows that read well are checked against the owner's schools and
    indicators (`plan_parsed`), so that the owner sees every error at once, not one after fixing
    another (a Udir export is machine-made, and its first error is shown)."""
    try:
        return parse_file(data, file_name), []
    except SourceError as first:
        text = error_text(first, file_name)
        if not (first.column and (first.line or 0) > 1):
            return None, [text]
        names = {s.org_number: s.name for s in owner.schools.all()} if owner else {}
        errors, records, headers = _template_errors(data, file_name, names)
        if owner is not None and records:
            parsed = ParseResult(tidy.FORMAT_CSV, records, len(records), headers=headers)
            errors.extend(plan_parsed(owner, parsed, file_name, "").errors)
        return None, in_order(errors) if errors else [text]


class Problem(str):
    """An error's text that knows where it is (row and column), so that a file's errors are
    listed in its order."""

    line: int
    column: str | None

    def __new__(cls, text: str, line: int | None = None, column: str | None = None):
        self = super().__new__(cls, text)
        self.line, self.column = line or 0, column
        return self


def problem(
    plan: Plan, line: int | None, column: str | None, what: str, school: str | None = None
) -> Problem:
    """An error in the plan's file in the user's language: "file, line 3 (school), column
    verdi: what"."""
    where = where_in(plan.file_name, line, column, school, plan.headers)
    return Problem(f"{where}: {what}", line, column)


def in_order(errors: list[str]) -> list[str]:
    """Errors by row, then by the template's column order (an error of no row first)."""

    def key(error: str) -> tuple[int, int]:
        column = getattr(error, "column", None)
        order = tidy.COLUMNS.index(column) if column in tidy.COLUMNS else len(tidy.COLUMNS)
        rank = -1 if column is None else order
        return getattr(error, "line", 0), rank

    return sorted(errors, key=key)


def _template_rows(data: bytes, file_name: str):
    """The rows of a filled-in template (CSV or XLSX), None for any other format. Called only
    after the reader has checked the file's size and the workbook's bounds."""
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=tidy.MAX_COLUMNS, max_row=tidy.MAX_ROWS)
        return (["" if c is None else str(c) for c in row] for row in rows)
    text = decode(data, file_name).lstrip("\ufeff")
    if not tidy.looks_like_csv(text):
        return None
    return csv.reader(io.StringIO(text), delimiter=max(",;\t", key=text.split("\n")[0].count))


def _template_errors(
    data: bytes, file_name: str, names: dict[str, str]
) -> tuple[list[str], list[Record], dict[str, str]]:
    """Each row of a filled-in template read on its own by the template's reader: its errors
    as text at once (50,000 exceptions kept alive would slow the garbage collector), each with
    the school it is about (`names`: the owner's schools by organisation number), the rows
    that read well, and the columns as the header writes them."""
    rows = _template_rows(data, file_name)
    if rows is None:
        return [], [], {}
    header = next(rows, [])
    keys = [tidy.column_key(str(h)) for h in header]
    headers = tidy.written_headers(header)
    errors, records = [], []
    for line, row in enumerate(rows, start=2):
        if not any(str(cell).strip() for cell in row):
            continue  # a blank row is skipped, as the reader does
        try:
            parsed = tidy._parse([header, row], file_name, tidy.FORMAT_CSV)  # its own checks
        except SourceError as error:
            cells = {k: str(v).strip() for k, v in zip(keys, row, strict=False) if k}
            school = names.get(cells.get("unit_code", "")) or cells.get("unit_name") or None
            for each in getattr(error, "errors", None) or [error]:  # every problem of the row
                each.line = line
                errors.append(error_text(each, file_name, school, headers))
        else:
            records.extend(replace(r, line=line) for r in parsed.records)
    return errors, records, headers


def column_label(column: str | None, headers: dict[str, str] | None = None) -> str | None:
    """A template column as the file's header writes it (`headers`), else by its header in the
    user's language ("trinn"); another reader's column as the file names it."""
    if headers and column in headers:
        return headers[column]
    if column in tidy.HEADERS:
        return tidy.header(column, present.current_language())
    return column


def _localised(error: SourceError, headers: dict[str, str] | None = None) -> dict[str, object]:
    """A reader's parameters for the user's language: a template's allowed values and missing
    columns in its words, a column as the file writes it (`headers`)."""
    params = dict(error.params)
    language = present.current_language()
    if error.template == tidy.NOT_ALLOWED and error.column in tidy.VALUES:
        params["allowed"] = ", ".join(f"«{w}»" for w in tidy.allowed(error.column, language))
    if "keys" in params:
        params["columns"] = ", ".join(tidy.header(k, language) for k in params["keys"])
    if params.get("column") in tidy.HEADERS:
        params["column"] = column_label(str(params["column"]), headers)
    return params


def error_text(
    error: SourceError,
    file_name: str,
    school: str | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """A reader's error in the user's language, with where it is (a template's column as the
    file's header writes it, `headers`)."""
    text = gettext(error.template)
    what = text % _localised(error, headers) if error.params else text
    where = where_in(error.file or file_name, error.line, error.column, school, headers)
    return Problem(f"{where}: {what}", error.line, error.column)


def where_in(
    file: str,
    line: int | None = None,
    column: str | None = None,
    school: str | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """Where in a file, in the user's language: "file, line 3 (Lid skule), column verdi"."""
    column = column_label(column, headers)
    if line and school:
        if column:
            return gettext("%(file)s, line %(line)s (%(school)s), column %(column)s") % {
                "file": file,
                "line": line,
                "school": school,
                "column": column,
            }
        return gettext("%(file)s, line %(line)s (%(school)s)") % {
            "file": file,
            "line": line,
            "school": school,
        }
    if line and column:
        return gettext("%(file)s, line %(line)s, column %(column)s") % {
            "file": file,
            "line": line,
            "column": column,
        }
    if line:
        return gettext("%(file)s, line %(line)s") % {"file": file, "line": line}
    return file


def dump_parsed(parsed: ParseResult) -> str:
    """A parsed file as JSON, kept between an upload's preview and its confirmation."""
    records = [astuple(r) for r in parsed.records]
    return json.dumps(
        [parsed.format, parsed.rows_read, parsed.warnings, records, parsed.notes, parsed.headers]
    )


def load_parsed(text: str) -> ParseResult:
    fmt, rows_read, warnings, records, *rest = json.loads(text)
    notes = [(template, params) for template, params in (rest[0] if rest else [])]
    headers = rest[1] if len(rest) > 1 else {}
    return ParseResult(fmt, [Record(*r) for r in records], rows_read, warnings, notes, headers)


def plan_parsed(
    owner: Owner,
    parsed: ParseResult,
    file_name: str,
    file_hash: str,
    *,
    create_missing_schools=False,
    name_map: dict[str, str] | None = None,
    create_schools=(),
) -> Plan:
    """Compare a parsed file with the database; nothing is written. Schools are matched and
    created as `sources.schools` decides: a school not yet the owner's is created only when it is
    chosen (`create_schools`, organisation numbers) or the file says it is public and
    `create_missing_schools` is set."""
    plan = Plan(owner, file_name, file_hash)
    plan.areas = comparison_codes(owner)
    number = owner.municipality_number or ""
    if old := today("county" if len(number) == 2 else "municipality", number):
        plan.warnings.append(
            gettext(
                "%(owner)s has the number %(old)s, in use until %(until)s; today it is %(new)s "
                "(Statistics Norway's change list). Files from 2024 on use %(new)s: correct the "
                "owner's number"
            )
            % {"owner": owner.name, "old": old.old, "until": old.until, "new": old.new}
        )
    plan.format, plan.rows_read, plan.headers = parsed.format, parsed.rows_read, parsed.headers
    plan.warnings.extend(parsed.warnings)
    plan.warnings.extend(
        f"{file_name}: " + gettext(t) % _localised(SourceError(t, params=params), plan.headers)
        for t, params in parsed.notes
    )
    indicators = {i.code: i for i in Indicator.objects.filter(owner=None)}
    indicators |= {i.code: i for i in Indicator.objects.filter(owner=owner)}
    by_name = _by_name(indicators.values())
    schools = {s.pk: s for s in owner.schools.all()}
    plan.numbers = {s.org_number: s for s in schools.values()}
    matcher = SchoolMatcher(
        owner.municipality_number or "",
        (
            OwnSchool(s.pk, s.org_number, s.name, s.first_grade, s.last_grade)
            for s in schools.values()
        ),
        parsed.records,
        name_map=name_map,
        create_public=create_missing_schools,
        chosen=create_schools,
    )
    unknown: dict[str, list[Record]] = {}
    current = school_year_code(timezone.localdate())  # as current_school_year, not stored
    for rec in parsed.records:
        school = _school_name(plan, rec)
        indicator = indicators.get(rec.indicator) or (
            by_name.get(rec.indicator.casefold()) if _template(plan) else None
        )
        if indicator is None:
            unknown.setdefault(rec.indicator, []).append(rec)
            continue
        try:
            validate_school_year(rec.school_year)
        except Exception:
            column = "school_year" if _template(plan) else rec.field
            template, params = tidy.school_year_error(rec.school_year)
            what = gettext(template) % params
            plan.errors.append(problem(plan, rec.line, column, what, school))
            continue
        if rec.school_year > current:
            column = "school_year" if _template(plan) else rec.field
            what = gettext(
                "school year %(year)s has not begun yet (it is %(current)s now), so it has no "
                "figures"
            ) % {"year": rec.school_year, "current": current}
            plan.errors.append(problem(plan, rec.line, column, what, school))
            continue
        if _template(plan) and (wrong := _value_problem(rec, indicator)):
            plan.errors.append(problem(plan, rec.line, "value", wrong, school))
            continue
        target = _target(plan, rec, matcher, schools)
        if target is None:
            continue
        if _template(plan) and target[0] == "school" and (wrong := _grade_problem(rec, target[1])):
            plan.errors.append(problem(plan, rec.line, "grade", wrong, school))
            continue
        plan.rows.append((rec, indicator, *target))
        plan.years.add(rec.school_year)
        plan.indicators.add(indicator.code)
    for code, recs in unknown.items():
        what = gettext(
            "unknown indicator «%(code)s»: it is neither in the catalogue nor among your own "
            "indicators (the page Indicators lists them with their codes)"
        ) % {"code": code}
        if near := difflib.get_close_matches(code, list(indicators), n=1, cutoff=0.75):
            what += "; " + gettext("did you mean «%(name)s» (%(code)s)?") % {
                "name": indicators[near[0]].name,
                "code": near[0],
            }
        if len(recs) > 1:
            what += " " + ngettext(
                "(the same on %(count)s more row: %(lines)s)",
                "(the same on %(count)s more rows: %(lines)s)",
                len(recs) - 1,
            ) % {"count": len(recs) - 1, "lines": _lines([r.line for r in recs[1:]])}
        column = "indicator" if _template(plan) else recs[0].field
        plan.errors.append(problem(plan, recs[0].line, column, what, _school_name(plan, recs[0])))
    _typos(plan, schools.values())
    _coverage(plan, parsed.records, schools.values())
    plan.units_unmatched = matcher.unmatched
    plan.skipped_figures += matcher.skipped
    plan.candidates = sorted(matcher.candidates.values(), key=lambda c: c.name.casefold())
    plan.schools_to_create = {c.org_number: c.name for c in plan.candidates if c.chosen}
    # A filled-in template never changes a school's grades (a grade outside them is an error
    # above); a Udir file may widen them, said in the preview and put back by undoing it.
    plan.widen = {} if _template(plan) else matcher.widened()
    plan.spans = {pk: (schools[pk].first_grade, schools[pk].last_grade) for pk in plan.widen}
    for pk, (first, last) in plan.widen.items():
        school = schools[pk]
        plan.warnings.append(
            gettext(
                "%(school)s has %(old)s, but the file has figures for other grades: its grades "
                "become %(new)s (undoing the import puts them back)"
            )
            % {
                "school": school.name,
                "old": grade_span(school.first_grade, school.last_grade),
                "new": grade_span(first, last),
            }
        )
    for template, params in matcher.notes:
        plan.warnings.append(f"{file_name}: " + gettext(template) % params)
    if waiting := [c for c in plan.candidates if not c.chosen]:
        plan.warnings.append(
            ngettext(
                "%(count)s school in your area is not created as yours without your choice "
                "(private, or the file does not say who owns it): %(names)s",
                "%(count)s schools in your area are not created as yours without your choice "
                "(private, or the file does not say who owns them): %(names)s",
                len(waiting),
            )
            % {"count": len(waiting), "names": ", ".join(c.name for c in waiting[:20])}
        )
    if plan.units_unmatched:
        plan.warnings.append(
            gettext(
                "%(count)s school names did not match a school of %(owner)s; map them or their "
                "figures are not stored: %(names)s"
            )
            % {
                "count": len(plan.units_unmatched),
                "owner": owner.name,
                "names": ", ".join(sorted(plan.units_unmatched)[:20]),
            }
        )
    _classify(plan)
    _nothing_until_linked(plan)
    plan.errors = in_order(plan.errors)
    return plan


def _nothing_until_linked(plan: Plan) -> None:
    """Rows were read but nothing would be stored, as none of the file's schools is linked to
    one of the owner's yet: said first, plainly, rather than a summary of noughts."""
    waiting = plan.units_unmatched or any(not c.chosen for c in plan.candidates)
    if plan.errors or not plan.rows_read or not waiting:
        return
    if plan.created or plan.updated or plan.unchanged:
        return
    plan.warnings.insert(
        0,
        gettext(
            "No figures from this file will be stored until its schools are linked to your "
            "schools: choose below which of your schools each school in the file is, or tick "
            "the schools to create as yours, and show the file again."
        ),
    )


def _by_name(indicators) -> dict[str, Indicator]:
    """Indicators by their names in Bokmål, Nynorsk and English (casefolded), so that a
    template may name an indicator instead of giving its code; a name two indicators share
    is left out."""
    found: dict[str, Indicator | None] = {}
    for i in indicators:
        for name in {i.name_nb, i.name_nn, i.name_en}:
            key = name.strip().casefold()
            if key:
                found[key] = i if found.get(key, i) is i else None
    return {k: i for k, i in found.items() if i is not None}


def _school_name(plan: Plan, rec: Record) -> str | None:
    """The school a template's row is about, by its name (None for another format's rows,
    which name many schools, and for a number that is none of the owner's schools)."""
    if not _template(plan) or rec.unit_kind != "school":
        return None
    school = plan.numbers.get(rec.unit_code or "")
    return school.name if school else (rec.unit_name or None)


def _target(plan: Plan, rec: Record, matcher: SchoolMatcher, schools: dict[int, School]):
    if rec.unit_kind in AREA_KINDS:
        if plan.format.startswith("tidy"):
            what = gettext(
                "a filled-in template may carry only your own schools' figures; municipality, "
                "county and national figures come only from Udir's own files"
            )
            plan.errors.append(problem(plan, rec.line, "unit_kind", what))
            return None
        code, change = (
            (rec.unit_code or "", None)
            if rec.unit_kind == "nation"
            else area_today(rec.unit_kind, rec.unit_code or "", plan.areas)  # type: ignore[arg-type]
        )
        if change is not None:
            _renumbered(plan, change, comparable=code is not None)
        if code is None or (rec.unit_kind, code) not in plan.areas:
            plan.skipped_areas += 1
            return None
        return "area", (rec.unit_kind, code, rec.unit_name)
    if _template(plan) and rec.unit_code and rec.unit_code not in plan.numbers:
        plan.typos.setdefault(rec.unit_code, []).append(rec)
        return None
    target = matcher.match(rec)
    if target is None:
        return None
    if target[0] == "new_school":
        return target
    plan.schools_matched.add(target[1])
    return "school", schools[target[1]]


def _value_problem(rec: Record, indicator: Indicator) -> str | None:
    """What is wrong with a template's value for its indicator: outside the indicator's scale,
    or decimals in a count. Every other unit is a mean, a share or a ratio, where decimals are
    right (an index from 1 to 5 is the mean of whole-number answers)."""
    if rec.value is None:
        return None
    params = {"value": present.exact(rec.value), "indicator": indicator.name}
    low, high = UNIT_RANGES.get(indicator.unit, (None, None))
    if low is not None and not low <= rec.value <= high:
        return gettext(
            "%(value)s is outside the scale of %(indicator)s, which goes from %(low)s to %(high)s"
        ) % {**params, "low": present.number(low, 0), "high": present.number(high, 0)}
    if indicator.unit == Unit.COUNT and rec.value != int(rec.value):
        return (
            gettext(
                "%(indicator)s is a count, so its value is a whole number, not %(value)s (write "
                "thousands without a point or comma, like 1234)"
            )
            % params
        )
    return None


def grade_span(first: int, last: int) -> str:
    """A school's grades in words: "1.–7. trinn"."""
    return gettext("grades %(first)s–%(last)s") % {"first": first, "last": last}


def _grade_problem(rec: Record, school: School) -> str | None:
    """A template's grade outside the school's grades (0 is all grades together)."""
    if not rec.grade or school.first_grade <= rec.grade <= school.last_grade:
        return None
    return gettext(
        "grade %(grade)s is not one of the grades at %(school)s, which has %(span)s: correct "
        "the grade, or the school's grades under Schools if they are wrong"
    ) % {
        "grade": rec.grade,
        "school": school.name,
        "span": grade_span(school.first_grade, school.last_grade),
    }


def _template(plan: Plan) -> bool:
    """Is the file the filled-in template (rather than a Udir export)?"""
    return plan.format.startswith("tidy")


def _near(a: str, b: str) -> int:
    """Edits (a digit changed, added, left out, or two swapped) between two short numbers."""
    previous, before = list(range(len(b) + 1)), None
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y)))
            if before and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], before[j - 2] + 1)
        before, previous = previous, row
    return previous[-1]


def _closest(number: str, schools) -> School | None:
    """The one school of the owner clearly nearest to a mistyped number (at most two edits
    away), or None when none is near or two or more are as near."""
    distances = sorted(((_near(number, s.org_number), s) for s in schools), key=lambda d: d[0])
    if not distances or distances[0][0] > 2:
        return None
    if len(distances) > 1 and distances[1][0] == distances[0][0]:
        return None
    return distances[0][1]


def _typos(plan: Plan, schools) -> None:
    """A filled-in template carries only the owner's schools: a number that is none of them is
    an error on its rows, said as a likely typo with the nearest of the owner's schools."""
    others = dict(
        School.objects.filter(org_number__in=plan.typos)
        .exclude(owner=plan.owner)
        .values_list("org_number", "name")
    )
    for number, rows in plan.typos.items():
        lines = [r.line for r in rows]
        near = _closest(number, schools)
        params = {"number": number, "near": near and near.org_number, "name": near and near.name}
        if len(number) != 9 or not number.isdigit():
            what = gettext(
                "%(number)s is not an organisation number: an organisation number has exactly "
                "9 digits"
            )
        elif not valid_org_number(number):
            what = gettext(
                "%(number)s is not an organisation number (its check digit is wrong): a likely typo"
            )
        elif number in others:
            what = gettext(
                "%(number)s is %(other)s, which is not your school; a filled-in template carries "
                "only your own schools' figures"
            )
            params["other"] = others[number]
        else:
            what = gettext(
                "%(number)s is none of your schools and no school known here: a likely typo"
            )
        if near is not None:
            what += "; " + gettext("did you mean %(near)s (%(name)s)?")
        text = what % params
        if len(lines) > 1:
            text += " " + ngettext(
                "(the same number on %(count)s more row: %(lines)s)",
                "(the same number on %(count)s more rows: %(lines)s)",
                len(lines) - 1,
            ) % {"count": len(lines) - 1, "lines": _lines(lines[1:])}
        plan.errors.append(problem(plan, lines[0], "unit_code", text, rows[0].unit_name or None))


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:10])
    return shown + (" …" if len(lines) > 10 else "")


def _coverage(plan: Plan, records: list[Record], schools) -> None:
    """Say plainly when none, or few, of the owner's schools are in the file. A school is
    expected in a Udir file when the file has figures for one of its grades; it is in the file
    when a row names it, whether or not the row is valid."""
    if not any(r.unit_kind == "school" for r in records):
        return
    grades = {r.grade for r in records if r.unit_kind == "school"}
    expected = [
        s for s in schools if 0 in grades or any(s.first_grade <= g <= s.last_grade for g in grades)
    ]
    named = {r.unit_code for r in records if r.unit_kind == "school"}
    found = [s for s in expected if s.pk in plan.schools_matched or s.org_number in named]
    plan.missing = sorted((s.name for s in expected if s not in found), key=str.casefold)
    if not expected:
        return
    if not found:
        plan.warnings.insert(
            0,
            ngettext(
                "Your only school with these grades (%(names)s) is not in this file: is it "
                "another owner's file, or from before a change of municipality number?",
                "None of your %(count)s schools with these grades is in this file (%(names)s): "
                "is it another owner's file, or from before a change of municipality number?",
                len(expected),
            )
            % {"count": len(expected), "names": _names(plan.missing)},
        )
    elif len(found) * 2 < len(expected) and not plan.format.startswith("tidy"):
        plan.warnings.insert(
            0,
            ngettext(
                "Only %(found)s of your %(count)s school is in this file. Not in it: %(names)s",
                "Only %(found)s of your %(count)s schools are in this file. Not in it: %(names)s",
                len(expected),
            )
            % {
                "found": len(found),
                "count": len(expected),
                "names": _names(plan.missing),
            },
        )


def _names(names: list[str]) -> str:
    return ", ".join(names[:20]) + (" …" if len(names) > 20 else "")


def _renumbered(plan: Plan, change, *, comparable: bool) -> None:
    """Say once per file that an old municipality or county number was read as today's."""
    if comparable:
        text = gettext(
            "%(old_name)s has the number %(old)s in this file (in use until %(until)s); it is "
            "%(new_name)s %(new)s today (Statistics Norway's change list), and its figures are "
            "read as %(new)s's"
        )
    else:
        text = gettext(
            "%(old_name)s %(old)s in this file (in use until %(until)s) is not the same area as "
            "%(new_name)s %(new)s today (Statistics Norway's change list: merged or split), so "
            "its figures are not stored as %(new)s's comparison"
        )
    note = f"{plan.file_name}: " + text % {
        "old": change.old,
        "old_name": change.old_name,
        "until": change.until,
        "new": change.new,
        "new_name": change.new_name,
    }
    if note not in plan.warnings:
        plan.warnings.append(note)


def _identity(rec: Record, indicator: Indicator, kind: str, target) -> tuple:
    where = target.pk if kind == "school" else target if kind == "new_school" else target[:2]
    return (indicator.pk, kind, where, rec.school_year, rec.grade, rec.subgroup)


def _existing(plan: Plan) -> dict[tuple, Observation]:
    school_ids = plan.schools_matched
    observations = Observation.objects.filter(
        indicator__code__in=plan.indicators, school_year__code__in=plan.years
    ).select_related("school_year", "area")
    found: dict[tuple, Observation] = {}
    for o in observations.filter(school_id__in=school_ids):
        found[(o.indicator_id, "school", o.school_id, o.school_year.code, o.grade, o.subgroup)] = o
    for o in observations.filter(area__isnull=False, owner=plan.owner):
        found[
            (
                o.indicator_id,
                "area",
                (o.area.kind, o.area.code),
                o.school_year.code,
                o.grade,
                o.subgroup,
            )
        ] = o
    return found


def _same(o: Observation, rec: Record) -> bool:
    return (o.value, o.n, o.uncertainty, o.suppressed) == (
        rec.value,
        rec.n,
        rec.uncertainty,
        rec.suppressed,
    )


def _classify(plan: Plan) -> None:
    existing = _existing(plan)
    seen: set[tuple] = set()
    unique_rows = []
    for rec, indicator, kind, target in plan.rows:
        identity = _identity(rec, indicator, kind, target)
        if identity in seen:
            plan.warnings.append(
                where_in(plan.file_name, rec.line)
                + ": "
                + gettext("the same figure appears twice; the first is kept")
            )
            continue
        seen.add(identity)
        unique_rows.append((rec, indicator, kind, target))
        plan.suppressed_cells += rec.suppressed
        current = existing.get(identity)
        if current is None:
            plan.created += 1
        elif _same(current, rec):
            plan.unchanged += 1
        else:
            plan.updated += 1
        if current is None or not _same(current, rec):
            plan.changes.append((rec, indicator, kind, target, current is None))
    plan.rows = unique_rows


def _widen(actor: Person | None, plan: Plan) -> None:
    """Widen the grade range of the owner's schools that have figures beyond it."""
    for school in School.objects.filter(pk__in=plan.widen, owner=plan.owner):
        old = [school.first_grade, school.last_grade]
        school.first_grade, school.last_grade = plan.widen[school.pk]
        school.full_clean()
        school.save(update_fields=["first_grade", "last_grade"])
        audit(actor, plan.owner, "update", school, {"grades": [old, list(plan.widen[school.pk])]})


@transaction.atomic
def apply_import(actor: Person | None, plan: Plan) -> Import | None:
    """Store the plan. Returns None (and writes nothing) when nothing would change."""
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    if plan.created == plan.updated == 0 and not plan.schools_to_create and not plan.widen:
        return None
    owner = plan.owner
    batch = Import.objects.create(
        owner=owner,
        actor=actor,
        format=plan.format,
        file_name=plan.file_name,
        file_hash=plan.file_hash,
        report=plan.report(),
    )
    new_schools = {}
    _widen(actor, plan)
    ranges = {c.org_number: c.grade_range for c in plan.candidates}
    for number, name in plan.schools_to_create.items():
        first, last = ranges[number]
        school = School(
            owner=owner, name=name, org_number=number, first_grade=first, last_grade=last
        )
        school.full_clean()
        school.save()
        audit(
            actor,
            owner,
            "create",
            school,
            {"name": [None, name], "org_number": [None, number], "import": [None, plan.file_name]},
        )
        new_schools[number] = school
    years = {y: SchoolYear.objects.get_or_create(code=y)[0] for y in plan.years}
    areas = {}
    for _, _, kind, target in plan.rows:
        if kind == "area" and target[:2] not in areas:
            areas[target[:2]] = Area.objects.get_or_create(
                kind=target[0], code=target[1], defaults={"name": target[2]}
            )[0]
    figures = [
        Observation(
            indicator=indicator,
            school=target if kind == "school" else new_schools.get(target),
            area=areas[target[:2]] if kind == "area" else None,
            school_year=years[rec.school_year],
            grade=rec.grade,
            subgroup=rec.subgroup,
            value=rec.value,
            n=rec.n,
            uncertainty=rec.uncertainty,
            uncertainty_kind=rec.uncertainty_kind or "",
            suppressed=rec.suppressed,
            source_line=rec.line,
            source_field=rec.field,
        )
        for rec, indicator, kind, target in plan.rows
    ]
    store.write(
        actor,
        owner,
        figures,
        source=batch,
        action="import",
        details={"schools_created": [None, len(new_schools)]},
    )
    return batch


class UndoRefused(Exception):
    """An import that cannot be undone, with the reason in the user's language."""


def written(batch: Import) -> dict[str, int]:
    """What the import wrote (knowledge.store keeps it on every kind of import)."""
    return {
        k: int(batch.report.get(f"observations_{k}", 0))
        for k in ("created", "updated", "removed", "unchanged")
    }


def undo_blockers(batch: Import) -> list[str]:
    """Why the import cannot be undone now (empty when it can)."""
    return undo_blockers_of([batch])[batch.pk]


def undo_blockers_of(batches) -> dict[int, list[str]]:
    """Why each import cannot be undone now: it is undone already, it changed no figures, or a
    later write changed figures it wrote (those are undone first: imports are undone in
    reverse order where they touch the same figures). One query for all of them."""
    batches = list(batches)
    later = (
        ObservationHistory.objects.filter(
            source_import__in=[b.pk for b in batches if b.undone_at is None],
            replaced_by__undone_at__isnull=True,  # also a change without an import
        )
        .values("source_import", "replaced_by", "replaced_by__file_name", "replaced_by__at")
        .annotate(count=Count("pk"), first=Min("changed_at"))
        .order_by("first")
    )
    reasons: dict[int, list[str]] = {b.pk: [] for b in batches}
    for row in later:
        count = present.number(row["count"], 0)
        if row["replaced_by"] is None:
            text = ngettext(
                "%(count)s of its figures was changed since without an import.",
                "%(count)s of its figures were changed since without an import.",
                row["count"],
            ) % {"count": count}
        else:
            what = ngettext(
                "%(count)s of the same figures", "%(count)s of the same figures", row["count"]
            ) % {"count": count}
            text = gettext("%(file)s, imported %(day)s, changed %(what)s; undo it first.") % {
                "file": row["replaced_by__file_name"],
                "day": present.date(row["replaced_by__at"]),
                "what": what,
            }
        reasons[row["source_import"]].append(text)
    for b in batches:
        n = written(b)
        if b.undone_at is not None:
            reasons[b.pk] = [gettext("It is undone already.")]
        elif not (n["created"] or n["updated"] or n["removed"] or b.report.get("grades_widened")):
            reasons[b.pk] = [gettext("It changed no figures, so there is nothing to undo.")]
    return reasons


@dataclass
class Undo:
    """What undoing an import would do now: the figures it added removed (`added`), the figures
    it corrected (`corrected`) or removed (`put_back`) back as they were before it."""

    batch: Import
    blockers: list[str]
    restored: list[Observation]  # unsaved: the values from before the import
    to_remove: Any  # QuerySet of the figures it added
    added: int = 0
    corrected: int = 0
    put_back: int = 0
    places: list[str] = field(default_factory=list)  # schools and areas, by name
    years: list[str] = field(default_factory=list)
    spans: list[tuple[School, tuple[int, int]]] = field(default_factory=list)  # grades put back

    @property
    def grades_back(self) -> list[str]:
        """ "Lid skule: 1.–7. trinn" for each school whose grades the import widened."""
        return [f"{school.name}: {grade_span(*span)}" for school, span in self.spans]

    @property
    def figures(self) -> int:
        return self.added + self.corrected + self.put_back


def plan_undo(batch: Import) -> Undo:
    """What `undo_import` would do now, and why it cannot when it cannot."""
    before = ObservationHistory.objects.filter(replaced_by=batch).select_related("observation")
    owner = batch.owner
    schools = set(owner.schools.values_list("pk", flat=True))
    restored, corrected, put_back, kept = [], 0, 0, []
    for h in before:
        o = _as_before(h, owner.pk)
        if o is None or (o.school_id is not None and o.school_id not in schools):
            continue  # a school deleted since: its figures went with it
        restored.append(o)
        corrected += h.observation_id is not None
        put_back += h.observation_id is None
        if h.observation_id is not None:
            kept.append(h.observation_id)
    to_remove = Observation.objects.filter(source_import=batch).exclude(pk__in=kept)
    where = {(o.school_id, o.area_id, o.school_year_id) for o in restored}
    where |= set(to_remove.values_list("school_id", "area_id", "school_year_id").distinct())
    places = [
        *School.objects.filter(pk__in={s for s, _a, _y in where}).values_list("name", flat=True),
        *Area.objects.filter(pk__in={a for _s, a, _y in where}).values_list("name", flat=True),
    ]
    years = SchoolYear.objects.filter(pk__in={y for _s, _a, y in where})
    return Undo(
        batch,
        undo_blockers(batch),
        restored,
        to_remove,
        to_remove.count(),
        corrected,
        put_back,
        sorted(places, key=str.casefold),
        [y.code for y in years],
        _spans_back(batch, to_remove),
    )


def _spans_back(batch: Import, to_remove) -> list[tuple[School, tuple[int, int]]]:
    """The schools whose grades the import widened, with the grades they had before. A school
    whose grades were changed since, or that keeps figures (from other imports) beyond its old
    grades, keeps its grades."""
    widened = batch.report.get("grades_widened") or {}
    out = []
    schools = batch.owner.schools.filter(pk__in=[int(pk) for pk in widened]).order_by("name")
    for school in schools:
        before, after = widened[str(school.pk)]
        if [school.first_grade, school.last_grade] != after:
            continue
        beyond = (
            Observation.objects.filter(school=school)
            .exclude(grade=0)
            .exclude(grade__range=before)
            .exclude(pk__in=to_remove.values("pk"))
        )
        if not beyond.exists():
            out.append((school, (before[0], before[1])))
    return out


@transaction.atomic
def undo_import(actor: Person | None, batch: Import) -> store.Written:
    """Put back what the import changed: each figure it corrected or removed gets its value
    from before (with that value's own provenance), each figure it added is removed; audited,
    and the owner's figures are published again. Grades it widened are put back (`_spans_back`);
    schools it created stay (they may have people and plans by now). Refused (UndoRefused)
    while a later write has changed the same figures, or when it changed nothing."""
    batch = Import.objects.select_for_update().get(pk=batch.pk)
    undo = plan_undo(batch)
    if undo.blockers:
        raise UndoRefused(" ".join(undo.blockers))
    done = store.write(
        actor,
        batch.owner,
        undo.restored,
        replace=undo.to_remove,
        action="undo_import",
        details={"import": [batch.file_name, None]},
        subject=batch,
    )
    for school, (first, last) in undo.spans:
        old = [school.first_grade, school.last_grade]
        school.first_grade, school.last_grade = first, last
        school.full_clean()
        school.save(update_fields=["first_grade", "last_grade"])
        audit(actor, batch.owner, "update", school, {"grades": [old, [first, last]]})
    batch.undone_at, batch.undone_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    batch.save(update_fields=["undone_at", "undone_by"])
    if not done.changed:  # otherwise audited with the write above
        audit(actor, batch.owner, "undo_import", batch, {"import": [batch.file_name, None]})
    return done


def undone_text(batch: Import, done: store.Written, since=None) -> str:
    """What undoing an import did, naming the file and its day: "elev.csv, imported 3. desember
    2026, is undone: 12 figures are back as they were before it, …"; that the published figures
    are updated only once they are (publishing runs in the background), else that they will be:
    published since `since` (when the undo began)."""
    params = {
        "file": batch.title,
        "day": present.date(batch.at),
        "count": present.number(done.changed, 0),
    }
    if since is not None:
        published = publishing.current(batch.owner)
        if not (published and published.started >= since):
            return (
                ngettext(
                    "%(file)s, imported %(day)s, is undone: %(count)s figure is back as it was "
                    "before it; the published figures will be updated in a moment.",
                    "%(file)s, imported %(day)s, is undone: %(count)s figures are back as they "
                    "were before it; the published figures will be updated in a moment.",
                    done.changed,
                )
                % params
            )
    return (
        ngettext(
            "%(file)s, imported %(day)s, is undone: %(count)s figure is back as it was before it, "
            "and the published figures are updated.",
            "%(file)s, imported %(day)s, is undone: %(count)s figures are back as they were before "
            "it, and the published figures are updated.",
            done.changed,
        )
        % params
    )


def _as_before(h: ObservationHistory, owner_id: int) -> Observation | None:
    """The figure as it was before the import changed or removed it; a removed one is known
    by its identity in `what` (indicator/school/area/year/grade/subgroup)."""
    o = h.observation
    if o is None:
        try:
            indicator, school, area, year, grade, subgroup = h.what.split("/")
            o = Observation(
                indicator_id=int(indicator),
                school_id=int(school) if school else None,
                area_id=int(area) if area else None,
                owner_id=owner_id if area else None,
                school_year_id=int(year),
                grade=int(grade),
                subgroup=subgroup,
            )
        except ValueError:
            return None
    return Observation(
        indicator_id=o.indicator_id,
        school_id=o.school_id,
        area_id=o.area_id,
        owner_id=o.owner_id,
        school_year_id=o.school_year_id,
        grade=o.grade,
        subgroup=o.subgroup,
        value=h.value,
        n=h.n,
        uncertainty=h.uncertainty,
        uncertainty_kind=h.uncertainty_kind or o.uncertainty_kind,
        suppressed=h.suppressed,
        synthetic=o.synthetic if h.synthetic is None else h.synthetic,
        source_import_id=h.source_import_id,
        source_line=h.source_line,
        source_field=h.source_field,
    )


def touched_of(owner: Owner, batches) -> dict[int, str]:
    """Where each import wrote, short: its places (schools, areas), indicators by their names
    in the reader's language and school years, at most three of each: "Alfheim skule, Lid
    skule; Trivsel; 2023-24, 2024-25 and 2 more". One query for all of them."""
    batches = list(batches)
    codes = {c for b in batches for c in b.report.get("indicators", [])}
    found = Indicator.objects.filter(Q(owner=None) | Q(owner=owner), code__in=codes)
    names = {i.code: i.name for i in found}
    out = {}
    for b in batches:
        places = [g["place"] for g in b.report.get("stores", [])]
        indicators = sorted(
            (names.get(c, c) for c in b.report.get("indicators", [])), key=str.casefold
        )
        years = sorted(b.report.get("school_years", []))
        out[b.pk] = "; ".join(_few(items) for items in (places, indicators, years) if items)
    return out


def _few(items: list[str], shown: int = 3) -> str:
    """ "a, b, c and 2 more"."""
    text = ", ".join(items[:shown])
    if len(items) > shown:
        text = gettext("%(list)s and %(count)s more") % {
            "list": text,
            "count": present.number(len(items) - shown, 0),
        }
    return text


def summary(batch: Import) -> str:
    """What an import did, in words: "312 new figures, 4 corrected, 1 200 unchanged; 2 schools
    created (Lid skule, Øvrebø skule)"."""
    report = batch.report
    n = written(batch)
    parts = [
        (n["created"], ngettext("%(count)s new figure", "%(count)s new figures", n["created"])),
        (n["updated"], ngettext("%(count)s corrected", "%(count)s corrected", n["updated"])),
    ]
    if n["removed"]:  # said only of an import that removed figures
        parts.append(
            (n["removed"], ngettext("%(count)s removed", "%(count)s removed", n["removed"]))
        )
    parts.append(
        (n["unchanged"], ngettext("%(count)s unchanged", "%(count)s unchanged", n["unchanged"]))
    )
    text = ", ".join(part % {"count": present.number(count, 0)} for count, part in parts)
    schools = [s["name"] for s in report.get("schools_to_create", [])]
    if schools:
        text += "; " + ngettext(
            "%(count)s school created (%(names)s)",
            "%(count)s schools created (%(names)s)",
            len(schools),
        ) % {"count": present.number(len(schools), 0), "names": ", ".join(schools)}
    return text
