"""Importing figures: parse (sources/), plan against the database, then apply atomically.

A plan that has errors writes nothing. Applying a plan stores everything its report counts, in
one transaction, with one Import row as provenance and one audit event. Figures for other owners'
schools are not stored (counted as skipped). Area figures (nation, county, municipality) come
only from Udir's own files, and only the importing owner's comparison areas are stored, as that
owner's copy: no owner's import changes what another owner sees. A tidy file carries the
owner's own schools only; an area row in it is an error.
"""

import hashlib
import json
from dataclasses import astuple, dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from skolekvalitet.audit.log import record as audit
from skolekvalitet.organisations.models import Owner, Person, School, SchoolYear
from skolekvalitet.organisations.validators import validate_school_year
from skolekvalitet.sources.detect import parse_file
from skolekvalitet.sources.records import ParseResult, Record, SourceError
from skolekvalitet.sources.regions import area_today, today
from skolekvalitet.sources.schools import Candidate, OwnSchool, SchoolMatcher

from . import store
from .chain import comparison_codes
from .models import Area, Import, Indicator, Observation

AREA_KINDS = {"nation", "county", "municipality"}
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
            "skipped_other_owners_figures": self.skipped_figures,
            "skipped_other_areas": self.skipped_areas,
            "observations_created": self.created,
            "observations_updated": self.updated,
            "observations_unchanged": self.unchanged,
            "suppressed_cells": self.suppressed_cells,
            "school_years": sorted(self.years),
            "indicators": sorted(self.indicators),
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
    try:
        parsed = parse_file(data, file_name)
    except SourceError as error:
        plan = Plan(owner, file_name, digest)
        plan.errors.append(error_text(error, file_name))
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


def error_text(error: SourceError, file_name: str) -> str:
    """A reader's error in the user's language, with where it is."""
    text = gettext(error.template)
    what = text % error.params if error.params else text
    return f"{where_in(error.file or file_name, error.line, error.column)}: {what}"


def where_in(file: str, line: int | None = None, column: str | None = None) -> str:
    """Where in a file, in the user's language: "file, line 3, column value"."""
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
    return json.dumps([parsed.format, parsed.rows_read, parsed.warnings, records, parsed.notes])


def load_parsed(text: str) -> ParseResult:
    fmt, rows_read, warnings, records, *notes = json.loads(text)
    notes = [(template, params) for template, params in (notes[0] if notes else [])]
    return ParseResult(fmt, [Record(*r) for r in records], rows_read, warnings, notes)


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
    plan.format, plan.rows_read = parsed.format, parsed.rows_read
    plan.warnings.extend(parsed.warnings)
    plan.warnings.extend(f"{file_name}: " + gettext(t) % params for t, params in parsed.notes)
    indicators = {i.code: i for i in Indicator.objects.filter(owner=None)}
    indicators |= {i.code: i for i in Indicator.objects.filter(owner=owner)}
    schools = {s.pk: s for s in owner.schools.all()}
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
    unknown: dict[str, Record] = {}
    for rec in parsed.records:
        indicator = indicators.get(rec.indicator)
        if indicator is None:
            unknown.setdefault(rec.indicator, rec)
            continue
        try:
            validate_school_year(rec.school_year)
        except Exception:
            plan.errors.append(
                where_in(file_name, rec.line, rec.field)
                + ": "
                + gettext("school year '%(year)s' is not like 2025-26") % {"year": rec.school_year}
            )
            continue
        target = _target(plan, rec, matcher, schools)
        if target is None:
            continue
        plan.rows.append((rec, indicator, *target))
        plan.years.add(rec.school_year)
        plan.indicators.add(rec.indicator)
    for code, rec in unknown.items():
        plan.errors.append(
            where_in(file_name, rec.line, rec.field)
            + ": "
            + gettext("unknown indicator '%(code)s' (not in the catalogue or the owner's own)")
            % {"code": code}
        )
    plan.units_unmatched = matcher.unmatched
    plan.skipped_figures += matcher.skipped
    plan.candidates = sorted(matcher.candidates.values(), key=lambda c: c.name.casefold())
    plan.schools_to_create = {c.org_number: c.name for c in plan.candidates if c.chosen}
    plan.widen = matcher.widened()
    for template, params in matcher.notes:
        plan.warnings.append(f"{file_name}: " + gettext(template) % params)
    if waiting := [c for c in plan.candidates if not c.chosen]:
        plan.warnings.append(
            gettext(
                "%(count)s schools in your area are not created as yours without your choice "
                "(private, or the file does not say who owns them): %(names)s"
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
    return plan


def _target(plan: Plan, rec: Record, matcher: SchoolMatcher, schools: dict[int, School]):
    if rec.unit_kind in AREA_KINDS:
        if plan.format.startswith("tidy"):
            plan.errors.append(
                gettext(
                    "%(file)s, line %(line)s, column unit_kind: a filled-in template may carry "
                    "only your own schools' figures; municipality, county and national figures "
                    "come only from Udir's own files"
                )
                % {"file": plan.file_name, "line": rec.line}
            )
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
    target = matcher.match(rec)
    if target is None:
        return None
    if target[0] == "new_school":
        return target
    plan.schools_matched.add(target[1])
    return "school", schools[target[1]]


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
