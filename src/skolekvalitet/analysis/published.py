"""Each school's analysis, worked out when the owner's figures are published: the overview's
cells, the follow-up flags by the owner's rules, the expert group's profiles and the (indicator,
grade) pairs the explorer offers. They depend only on the knowledge base and the rules, so they
are stored (PublishedAnalysis) with the generation and pages read one row per school instead of
analysing every school on each request. Overdue agreements depend on today's date and another
app: they are counted per request in one query and added to the stored flags.

Worked out again after each publication (knowledge.publishing.generation_published, under the
owner's publishing lock, so in the publication's background task), after the follow-up rules
change and after a school's grades change.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db import transaction
from django.db.models import Max, Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import get_language

from skolekvalitet.knowledge import publishing
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Indicator, Publication, PublishedFigure
from skolekvalitet.organisations.models import Owner, School
from skolekvalitet.stats.flags import Flag, Rules
from skolekvalitet.stats.profiles import Criterion, Profile

from .models import FollowUpRules, PublishedAnalysis
from .sheet import (
    KEY_COLUMNS,
    PROFILE_INDICES,
    RESULT_FLAG_INDICATORS,
    STAGES,
    SchoolAnalysis,
    analyse_school,
    overdue_agreements,
)

# The indicators the analysis reads (sheet.analyse_school and the overview's key columns).
ANALYSED = {
    *(code for code, _grade in RESULT_FLAG_INDICATORS),
    *(code for code, _grade in KEY_COLUMNS),
    *(spec["sbi"] for spec in STAGES.values()),
    *(code for spec in STAGES.values() for code, _grade in spec["results"]),
    *PROFILE_INDICES,
    "ps_bullying",
    "ps_participation",
    "parents_higher_education",
}


def analyse_owner(owner: Owner) -> None:
    """Work out and store every school's analysis from the current generation, replacing the
    previous analysis in one transaction (a page reads either all of the old or all of the
    new). Under the publishing lock, so never beside a publication of the same owner."""
    with publishing.lock(owner):
        current = publishing.current(owner)
        if current is None:
            return
        schools = list(School.objects.filter(owner=owner))
        chain = Chain(owner, schools, indicators=Indicator.objects.filter(code__in=ANALYSED))
        by_code = {i.code: i for i in chain.indicators.values()}
        columns = [(by_code[c], g) for c, g in KEY_COLUMNS if c in by_code]
        rules = FollowUpRules.for_owner(owner)
        keys = _keys(owner, current)
        now = timezone.now()
        rows = []
        for school in schools:
            analysis = analyse_school(chain, school, rules)
            cells = {}
            for indicator, grade in columns:
                series = chain.series(indicator, ("school", school.pk), grade)
                if series:
                    f = series[-1]
                    cells[f"{indicator.code}.{grade}"] = [
                        f.year, f.status, f.value, f.versus("nation")
                    ]  # fmt: skip
            rows.append(
                PublishedAnalysis(
                    owner=owner,
                    generation=current.generation,
                    worked_out=now,
                    school=school,
                    cells=cells,
                    keys=sorted(keys.get(school.pk, ())),
                    profiles=[[stage, *_profile(p)] for stage, p in analysis.profiles.items()],
                    flags=[[f.code, f.evidence] for f in analysis.flags],
                )
            )
        with transaction.atomic():
            PublishedAnalysis.objects.filter(owner=owner).delete()
            PublishedAnalysis.objects.bulk_create(rows)


def _keys(owner: Owner, current: Publication) -> dict[int, set[tuple[int, int]]]:
    """{school id: (indicator id, grade) pairs with any published figure}, in one query."""
    found: dict[int, set[tuple[int, int]]] = defaultdict(set)
    query = (
        PublishedFigure.objects.filter(
            owner=owner, generation__lte=current.generation, school__isnull=False
        )
        .values_list("school_id", "indicator_id", "grade")
        .order_by()
        .distinct()
    )
    for school, indicator, grade in query:
        found[school].add((indicator, grade))
    return found


def _profile(p: Profile) -> list:
    criteria = [
        [number, [[c.code, c.met, [list(m) for m in c.missing]] for c in crit]]
        for number, crit in p.criteria.items()
    ]
    return [p.number, criteria]


def _unprofile(number: int | None, criteria: list) -> Profile:
    def criterion(code: str, met, missing: list) -> Criterion:
        return Criterion(code, met, tuple(tuple(m) for m in missing))

    return Profile(number, {n: tuple(criterion(*c) for c in crit) for n, crit in criteria})


def on_publication(sender, owner: Owner, publication: Publication, **kwargs) -> None:
    """A new generation is complete: work out the analysis from it (in the same task)."""
    analyse_owner(owner)


@task()
def analyse_task(owner_id: int) -> None:
    owner = Owner.objects.filter(pk=owner_id).first()
    if owner is not None:
        analyse_owner(owner)


def enqueue(owner: Owner) -> None:
    """Work out the analysis again in the background (at once with the immediate backend), for
    an owner whose figures are published."""
    analyse_task.enqueue(owner.pk)


def note_school_change(sender, instance: School, **kwargs) -> None:
    """Before a school is saved: do its grades change (the profiles depend on them)?"""
    before = School.objects.filter(pk=instance.pk).values_list("first_grade", "last_grade")
    found = before.first()
    instance._reanalyse = found is not None and found != (instance.first_grade, instance.last_grade)


def reanalyse_after_school_change(sender, instance: School, **kwargs) -> None:
    if getattr(instance, "_reanalyse", False) and (
        PublishedAnalysis.objects.filter(owner_id=instance.owner_id).exists()
    ):
        enqueue(instance.owner)


class Stored(NamedTuple):
    """One school's stored analysis as pages use it."""

    school: School
    analysis: SchoolAnalysis
    cells: dict[str, list]


def read(
    owner: Owner, schools, fields: tuple[str, ...] = ("cells", "profiles", "flags")
) -> dict[int, PublishedAnalysis]:
    """The stored analysis of the given schools (only the fields asked for), by school id; worked
    out now if the owner has none yet (its figures never published, or published before the
    analysis was stored)."""
    ids = [s.pk for s in schools]

    def query():
        rows = PublishedAnalysis.objects.filter(owner=owner, school_id__in=ids)
        return {a.school_id: a for a in rows.only("school_id", *fields)}

    found = query()
    if found or not ids or PublishedAnalysis.objects.filter(owner=owner).exists():
        return found
    if publishing.current(owner) is None:
        publishing.publish(owner)  # a new installation (as the chain does): the analysis follows
    else:
        analyse_owner(owner)
    return query()


def follow_up(owner: Owner, schools, today: datetime.date, *, details: bool = True) -> list[Stored]:
    """The schools in alphabetical order with their stored analysis (without cells and profiles
    unless `details`), and the flag for overdue agreements as of today (one query) where the
    owner's rules ask for it."""
    stored = read(owner, schools, ("cells", "profiles", "flags") if details else ("flags",))
    rules: Rules = FollowUpRules.for_owner(owner)
    late = overdue_agreements(owner, today) if rules.overdue_agreements else {}
    out = []
    for school in sorted(schools, key=lambda s: s.name):
        row = stored.get(school.pk)
        flags = [Flag(code, evidence) for code, evidence in row.flags] if row else []
        if late.get(school.pk):
            flags.append(Flag("overdue_agreements", {"count": late[school.pk]}))
        profiles = {stage: _unprofile(*p) for stage, *p in row.profiles} if row and details else {}
        cells = row.cells if row and details else {}
        out.append(Stored(school, SchoolAnalysis(school, profiles, flags), cells))
    return out


def overview_table(stored: list[Stored], catalogue: dict[str, Indicator]) -> tuple[list, list]:
    """The overview's columns (the key indicators any school has) and each school's cells
    ([year, status, value, verdict] or None)."""
    columns = [
        (catalogue[code], grade)
        for code, grade in KEY_COLUMNS
        if code in catalogue and any(f"{code}.{grade}" in s.cells for s in stored)
    ]
    table = [(s.school, [(i, s.cells.get(f"{i.code}.{g}")) for i, g in columns]) for s in stored]
    return columns, table


def indicators(owner: Owner) -> list[Indicator]:
    """The national indicators and the owner's own, in one query."""
    return list(Indicator.objects.filter(Q(owner=None) | Q(owner=owner)))


def catalogue(owner: Owner, found: Iterable[Indicator] | None = None) -> dict[str, Indicator]:
    """The owner's catalogue by code, as the chain's (an owner's own indicator of a national
    code comes last, as in Chain); from `found` (indicators(owner)) when read already."""
    return {i.code: i for i in (indicators(owner) if found is None else found)}


# Raised when what the cached parts say changes with the same analysis (a figure's unit, a
# wording), so a page never shows a fragment cached by the code before.
PRESENTATION = 2


def fragment_key(owner: Owner, schools, catalogue: Iterable[Indicator], *more) -> str:
    """A key for a cached part of a page that shows the schools' stored analysis (or the figures
    it was worked out from), from all it depends on: the analysis (stored anew after every
    publication and change of rules), the schools' names and grades, the catalogue and the
    reader's language."""
    stamp = PublishedAnalysis.objects.filter(owner=owner).aggregate(Max("worked_out"))
    parts = (
        PRESENTATION,
        owner.pk,
        owner.slug,
        stamp,
        get_language(),
        [(s.pk, s.name, s.first_grade, s.last_grade) for s in schools],
        [[(k, v) for k, v in vars(i).items() if not k.startswith("_")] for i in catalogue],
        more,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def explorer_schools(
    owner: Owner, schools, found: Iterable[Indicator]
) -> tuple[list[tuple[str, int]], dict]:
    """The (code, grade) pairs any of the schools has figures for, and {pair: its schools};
    found: the owner's indicators (indicators(owner))."""
    by_id = {i.pk: i for i in found}
    stored = read(owner, schools, ("keys",))
    having: dict[tuple[str, int], list[School]] = defaultdict(list)
    for school in schools:
        row = stored.get(school.pk)
        for ind, grade in row.keys if row else ():
            if ind in by_id:
                having[(by_id[ind].code, grade)].append(school)
    return sorted(having), having
