"""Publishing an owner's figures: after every write to its knowledge base (knowledge/store.py)
and every change to the catalogue that touches suppression, the owner's figures are worked out
once, for all its schools and comparison areas together, and stored as a new generation of
`PublishedFigure`: primary and secondary suppression (stats.suppression), estimate and interval,
the comparison with the nation, the trend of each series and provenance. Pages read the newest
finished generation (knowledge/chain.py); a generation being built is invisible until it is
complete, and a result identical to the current one publishes nothing.

Suppression is decided for the whole owner, so a page for one school hides exactly what a page
for all schools hides (in a municipality of two schools, one school's figure and the
municipality's would otherwise give away the other's).
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import Max, Q
from django.dispatch import Signal
from django.tasks import task
from django.utils import timezone

from skolekvalitet.organisations.models import Owner, SchoolYear
from skolekvalitet.stats.intervals import Z95, Estimate, compare
from skolekvalitet.stats.noise import Noise, noise_for
from skolekvalitet.stats.suppression import Relation, primary_status, secondary
from skolekvalitet.stats.trends import trend

from .chain import AREA_LEVELS, Figure, breaks_of, comparison_areas, comparison_for, estimate_for
from .models import Import, Indicator, Observation, Publication, PublishedFigure

BATCH = 5000
STALLED_AFTER = datetime.timedelta(hours=1)
LOCK_SPACE = 15  # the advisory lock's first key: publishing (the second is the owner)
COLUMNS = (
    "indicator_id",
    "school_id",
    "area",
    "year",
    "grade",
    "subgroup",
    "status",
    "value",
    "n",
    "se",
    "low",
    "high",
    "hidden_value",
    "versus_municipality",
    "versus_county",
    "versus_nation",
    "trend",
    "trend_slope",
    "file_name",
    "source_import_id",
    "line",
    "synthetic",
)
# Sent (owner, publication) when a generation is complete, still under the owner's lock: the
# analysis app, a layer above, works out then what its pages show of each school
# (analysis/published.py), so knowledge never imports it.
generation_published = Signal()


def enqueue(owner: Owner, indicators: Iterable[int] | None = None) -> None:
    """Publish the owner's figures in the background (at once with the immediate backend): the
    given indicators' (those a write touched), or all. Run inside the write's transaction, so a
    database queue sees the task only with the write."""
    publish_task.enqueue(owner.pk, None if indicators is None else sorted(set(indicators)))


@task()
def publish_task(owner_id: int, indicators: list[int] | None = None) -> int | None:
    owner = Owner.objects.filter(pk=owner_id).first()
    if owner is None:
        return None
    if isinstance(indicators, str):  # queued before publishing per indicator: (owner, time)
        indicators = None
    publication = publish(owner, indicators)
    return publication.generation if publication else None


SUPPRESSION_FIELDS = ("threshold", "unit", "breaks")


def note_catalogue_change(sender, instance: Indicator, **kwargs) -> None:
    """Before an indicator is saved: does the change touch what is published?"""
    before = Indicator.objects.filter(pk=instance.pk).values_list(*SUPPRESSION_FIELDS).first()
    after = tuple(getattr(instance, f) for f in SUPPRESSION_FIELDS)
    instance._republish = before is not None and tuple(before) != after


def republish_after_catalogue_change(sender, instance: Indicator, **kwargs) -> None:
    """A changed threshold, unit or break: publish again for the owners that show it."""
    if not getattr(instance, "_republish", False):
        return
    owners = Owner.objects.filter(publications__finished__isnull=False).distinct()
    if instance.owner_id is not None:
        owners = owners.filter(pk=instance.owner_id)
    for owner in owners:
        enqueue(owner, [instance.pk])


def in_progress(owner: Owner) -> Publication | None:
    """The generation being built now, for pages to show its progress; one that stopped long
    ago is not shown (the next write publishes again and clears it)."""
    return (
        Publication.objects.filter(
            owner=owner, finished__isnull=True, started__gte=timezone.now() - STALLED_AFTER
        )
        .order_by("-generation")
        .first()
    )


def current(owner: Owner) -> Publication | None:
    return (
        Publication.objects.filter(owner=owner, finished__isnull=False)
        .order_by("-generation")
        .first()
    )


def publish(owner: Owner, indicators: Iterable[int] | None = None) -> Publication | None:
    """Work out the given indicators' figures (all when None) and store those that changed as
    a new generation; the other indicators' rows stay as they are (a page reads every row up
    to the current generation). None when nothing changed.

    Suppression, comparisons, noise and trends never cross indicators, so an indicator's rows
    depend only on its own observations (and the catalogue). One publication at a time per
    owner (a lock on PostgreSQL), so each starts from the one before."""
    with lock(owner):
        # A generation never finished (its process stopped) goes; none is being built now.
        stale = Publication.objects.filter(owner=owner, finished__isnull=True)
        PublishedFigure.objects.filter(
            owner=owner, generation__in=list(stale.values_list("generation", flat=True))
        ).delete()
        stale.delete()
        now = current(owner)
        scope = None if now is None or indicators is None else set(indicators)
        rows, noise = published_rows(owner, scope)
        by_indicator: dict[str, list[tuple]] = defaultdict(list)
        for row in rows:
            by_indicator[str(row[0])].append(row)
        shown = now.noise if now is not None else {}
        # What is published now for the same indicators, compared row by row.
        published: dict[str, Counter] = defaultdict(Counter)
        if now is not None:
            query = PublishedFigure.objects.filter(owner=owner, generation__lte=now.generation)
            if scope is not None:
                query = query.filter(indicator_id__in=scope)
            for row in query.values_list(*COLUMNS).iterator(chunk_size=BATCH):
                published[str(row[0])][row] += 1
        changed = {
            k
            for k, members in by_indicator.items()
            if shown.get(k) != noise[k] or published.get(k) != Counter(members)
        }
        gone = {k for k in published if k not in by_indicator}
        if not changed and not gone:
            return None
        publication = _new_generation(
            owner,
            noise={
                **{k: v for k, v in shown.items() if k not in gone},
                **{k: noise[k] for k in changed},
            },
            total=sum(len(by_indicator[k]) for k in changed),
        )
        generation = publication.generation
        new = [row for k in sorted(changed, key=int) for row in by_indicator[k]]
        for start in range(0, len(new), BATCH):
            _insert(owner, generation, new[start : start + BATCH])
            Publication.objects.filter(pk=publication.pk).update(done=min(start + BATCH, len(new)))
        replaced = [int(k) for k in changed | gone]
        with transaction.atomic():
            # In one transaction: a page reads either the previous generation or this one.
            PublishedFigure.objects.filter(
                owner=owner, generation__lt=generation, indicator_id__in=replaced
            ).delete()
            Publication.objects.filter(pk=publication.pk).update(
                finished=timezone.now(), done=len(new)
            )
            Publication.objects.filter(owner=owner, generation__lt=generation).delete()
        publication.refresh_from_db()
        generation_published.send(sender=Publication, owner=owner, publication=publication)
        return publication


@contextmanager
def lock(owner: Owner):
    """One publication at a time for an owner (PostgreSQL advisory lock; SQLite writes one at
    a time anyway)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_SPACE, owner.pk])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, owner.pk])


def _insert(owner: Owner, generation: int, rows: list[tuple]) -> None:
    """Store rows of a generation: with COPY on PostgreSQL (many times the rate of INSERT)."""
    if connection.vendor != "postgresql":
        PublishedFigure.objects.bulk_create(
            PublishedFigure(
                owner=owner, generation=generation, **dict(zip(COLUMNS, row, strict=True))
            )
            for row in rows
        )
        return
    names = ", ".join(("owner_id", "generation", *COLUMNS))
    sql = f"COPY {PublishedFigure._meta.db_table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((owner.pk, generation, *row))


def _new_generation(owner: Owner, *, noise: dict, total: int) -> Publication:
    last = Publication.objects.filter(owner=owner).aggregate(last=Max("generation"))["last"]
    return Publication.objects.create(
        owner=owner, generation=(last or 0) + 1, total=total, noise=noise
    )


def published_rows(
    owner: Owner, indicators: set[int] | None = None
) -> tuple[list[tuple], dict[str, list]]:
    """Every figure of the owner's schools and comparison areas (of the given indicators, or
    all) as PublishedFigure columns, and each indicator's noise (stored on the Publication)."""
    figures, hidden_values, reference = _figures(owner, indicators)
    series: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        series[(f.unit, f.indicator.id, f.grade, f.subgroup)].append(f)
    noise = _noise(series)
    trends = {}  # each school figure: the trend of its series up to its year (for reports)
    for key, members in series.items():
        if key[0][0] == "school":
            members.sort(key=itemgetter(2))
            indicator = members[-1].indicator
            breaks, extra = breaks_of(indicator), noise[indicator.id].per_figure
            points: list[tuple] = []
            for f in members:
                if f.se is not None:
                    points.append((f.start_year, f.value, f.se))
                found = trend(points, breaks, extra=extra)
                trends[f.row] = (found.direction, found.slope)
    rows = []
    for f in figures:
        interval = f.interval
        versus = ("", "", "")
        if f.unit[0] == "school":
            extra = noise[f.indicator.id].versus_reference
            versus = tuple(_versus(f, reference(f.indicator, level, f.year, f.grade), extra)
                           for level in AREA_LEVELS)  # fmt: skip
        direction, slope = trends.get(f.row, ("", None))
        rows.append(
            (
                f.indicator.id,
                f.unit[1] if f.unit[0] == "school" else None,
                f.unit[1] if f.unit[0] == "area" else "",
                f.year,
                f.grade,
                f.subgroup,
                f.status,
                f.value,
                f.raw_n,
                f.se,
                interval.low if interval else None,
                interval.high if interval else None,
                hidden_values.get(f.row),
                *versus,
                direction,
                slope,
                f.file_name,
                f.source_import,
                f.line,
                f.synthetic,
            )
        )
    return rows, {str(pk): _stored(n) for pk, n in sorted(noise.items())}


def _versus(f: Figure, reference: Estimate | None, extra: float) -> str:
    """A school figure against an area's (chain.comparison_for; a school contribution against
    the national 0) beyond noise. A figure entered without its uncertainty: its sampling error
    only widens the margin, so "no clear difference" holds when the value lies within the noise
    beyond sampling alone; otherwise it cannot be told ("no_uncertainty")."""
    if f.status != "shown":
        return ""
    if reference is None:
        return "no_comparison"
    estimate = f.estimate
    if estimate is None:
        at_least = compare(Estimate(f.value, 0.0), reference, extra=extra)  # type: ignore[arg-type]
        return "no_clear_difference" if at_least == "no clear difference" else "no_uncertainty"
    return compare(estimate, reference, extra=extra).replace(" ", "_")


def _stored(noise: Noise) -> list:
    """A Noise as Publication.noise keeps it (chain.Chain.noise reads it back)."""
    year, school = noise.year, noise.school
    return [year.q, year.df, year.c, year.units, school.q, school.df, school.c, school.units,
            noise.rounding]  # fmt: skip


def _noise(series: dict[tuple, list[Figure]]) -> dict[int, Noise]:
    """Each indicator's variation beyond sampling and rounding (stats.noise), pooled over all
    the owner's school series (all pupils) and the national file."""
    by_indicator: dict[int, dict[tuple, list]] = defaultdict(dict)
    indicators = {}
    for (unit, ind, grade, subgroup), members in series.items():
        indicators[ind] = members[0].indicator
        if unit[0] == "school" and subgroup == "all":
            by_indicator[ind][(unit, grade)] = [
                (f.start_year, f.value, f.se) for f in members if f.se is not None
            ]
    return {
        ind: noise_for(i.code, by_indicator[ind], breaks_of(i)) for ind, i in indicators.items()
    }


def _figures(owner: Owner, only: set[int] | None = None):
    """The owner's figures with primary and secondary suppression and their uncertainty."""
    areas = comparison_areas(owner)
    area_kind = {a.pk: kind for kind, a in areas.items()}
    catalogue = Indicator.objects.filter(Q(owner=None) | Q(owner=owner))
    if only is not None:
        catalogue = catalogue.filter(pk__in=only)
    indicators = {i.pk: i for i in catalogue}
    years = {pk: (code, int(code[:4])) for pk, code in SchoolYear.objects.values_list("pk", "code")}
    file_names = dict(Import.objects.filter(owner=owner).values_list("pk", "file_name"))
    raw = (
        Observation.objects.filter(indicator_id__in=list(indicators))
        .filter(Q(school__owner=owner) | Q(area_id__in=list(area_kind), owner=owner))
        .order_by("pk")
        .values_list(
            "indicator_id",
            "school_id",
            "area_id",
            "school_year_id",
            "grade",
            "subgroup",
            "value",
            "n",
            "uncertainty",
            "uncertainty_kind",
            "suppressed",
            "synthetic",
            "source_import_id",
            "source_line",
        )
    )
    figures: list[Figure] = []
    hidden: set[int] = set()
    hidden_values: dict[int, float] = {}  # too few: for pooling only
    for row, (
        ind,
        school,
        area,
        year_id,
        grade,
        sub,
        value,
        n,
        unc,
        kind,
        supp,
        synth,
        imp,
        line,
    ) in enumerate(raw.iterator(chunk_size=BATCH)):
        indicator = indicators[ind]
        status = primary_status(value, n, supp, indicator.threshold)
        se = None
        if status != "shown":
            hidden.add(row)
            if status == "too_few" and value is not None:
                hidden_values[row] = value
            value = None
        elif kind == "udir" and unc is not None:
            se = unc / Z95
        else:
            estimate = estimate_for(indicator, value, n, unc, kind)
            se = None if estimate is None else estimate.se
        year, start_year = years[year_id]
        unit = ("school", school) if school else ("area", area_kind[area])
        figures.append(
            Figure(
                indicator, unit, year, start_year, grade, sub, status, value, n, se,
                file_names.get(imp, "") if imp else "", line, synth, row, source_import=imp,
            )
        )  # fmt: skip
    # What we must protect: figures hidden by our threshold, and any hidden figure of the
    # owner's own indicators. A national figure Udir withheld beside the figures Udir itself
    # published is protected by Udir's disclosure control, not by hiding Udir's other figures.
    own = {
        row
        for row in hidden
        if figures[row].status == "too_few" or figures[row].indicator.owner_id is not None
    }
    for row in _secondary(owner, figures, hidden, own):
        figures[row] = figures[row]._replace(status="secondary", value=None, se=None)
    areas_by = {
        (f.unit[1], f.indicator.id, f.year, f.grade): f
        for f in figures
        if f.unit[0] == "area" and f.subgroup == "all"
    }
    references: dict[tuple, Estimate | None] = {}

    def reference(indicator: Indicator, level: str, year: str, grade: int) -> Estimate | None:
        """What a school is compared with, as chain.Chain.comparison finds it."""
        key = (indicator.id, level, year, grade)
        if key not in references:
            area = areas_by.get((level, indicator.id, year, grade))
            whole = areas_by.get((level, indicator.id, year, 0)) if area is None else None
            references[key] = comparison_for(indicator, level, area, whole)[1]
        return references[key]

    return figures, hidden_values, reference


def _secondary(owner: Owner, figures: list[Figure], hidden: set[int], own: set[int]) -> list[int]:
    """The figures to hide as well (stats.suppression.secondary) so that no figure hidden by our
    threshold or of the owner's own indicators (`own`) can be worked out. Where figures add up:
    all = girls + boys; all grades = the grades; the municipality = its schools. Only for
    indicators whose figures add up (Indicator.additive): a school contribution hidden by Udir
    cannot be worked out from the municipality's, so the other schools' stay shown."""
    additive = [f for f in figures if f.indicator.additive]
    index = {(f.unit, f.indicator.id, f.year, f.grade, f.subgroup): f.row for f in additive}
    by_total: dict[int, list[int]] = defaultdict(list)
    slices: dict[tuple, list[int]] = defaultdict(list)
    municipal = []
    for f in additive:
        if f.subgroup != "all":
            total = index.get((f.unit, f.indicator.id, f.year, f.grade, "all"))
            if total is not None:
                by_total[("gender", total)].append(f.row)  # type: ignore[index]
        if f.grade:
            total = index.get((f.unit, f.indicator.id, f.year, 0, f.subgroup))
            if total is not None:
                by_total[("grade", total)].append(f.row)  # type: ignore[index]
        if f.unit[0] == "school":
            slices[(f.indicator.id, f.year, f.grade, f.subgroup)].append(f.row)
        elif f.unit[1] == "municipality":
            municipal.append(f.row)
    relations = [Relation(total, tuple(parts)) for (_, total), parts in by_total.items()]
    if owner.kind == "municipality":
        for row in municipal:
            f = figures[row]
            schools = slices.get((f.indicator.id, f.year, f.grade, f.subgroup))
            if schools:
                relations.append(Relation(row, tuple(schools)))

    def smallest_first(row: int) -> tuple:
        f = figures[row]
        return (f.raw_n or 0, f.indicator.id, f.unit, f.year, f.grade, f.subgroup)

    relations.sort(key=lambda r: smallest_first(r.total)[1:])
    return list(secondary(hidden, relations, smallest_first, protect=own))
