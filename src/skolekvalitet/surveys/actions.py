"""Every write to self-assessment goes through these functions: atomic, audited, validated.

Answers are the exception to auditing by design: an audit event would link a person (or a code)
and a time to an answer. The audit log records that a round received answers, not whose. How
storage keeps answers apart from their writers: `_store` and
docs/explanation/dialogues-and-self-assessment.md.
"""

import datetime
import hashlib
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from skolekvalitet.audit.log import record
from skolekvalitet.documents import present
from skolekvalitet.knowledge import store
from skolekvalitet.knowledge.models import Import, Indicator, Observation
from skolekvalitet.organisations.models import Owner, Person, School
from skolekvalitet.organisations.roles import SCHOOL_STAFF
from skolekvalitet.organisations.schoolyears import school_year_starting

from .library import EXPLANATIONS, INSTRUMENTS
from .models import (
    Audience,
    Code,
    Dimension,
    Draft,
    Instrument,
    Interpretation,
    Item,
    Participation,
    Response,
    Round,
)
from .results import results

_shuffle = random.SystemRandom().shuffle  # tests put a seeded one here


@transaction.atomic
def install_library(owner: Owner) -> list[Instrument]:
    """Copy the shipped instruments into the owner's library (those it does not have yet)."""
    have = set(owner.instruments.values_list("code", flat=True))
    for spec in INSTRUMENTS:
        if spec["code"] in have:
            continue
        instrument = Instrument.objects.create(
            owner=owner,
            code=spec["code"],
            name_nb=spec["name"][0],
            name_nn=spec["name"][1],
            intro_nb=spec["intro"][0],
            intro_nn=spec["intro"][1],
            audience=spec["audience"],
        )
        for d, ((nb, nn, _en), items) in enumerate(spec["dimensions"]):
            dimension = Dimension.objects.create(
                instrument=instrument, order=d, name_nb=nb, name_nn=nn
            )
            Item.objects.bulk_create(
                Item(dimension=dimension, order=i, kind=kind, text_nb=t_nb, text_nn=t_nn)
                for i, (kind, t_nb, t_nn) in enumerate(items)
            )
    return list(owner.instruments.all())


def staff_of(school: School) -> set[int]:
    return set(school.memberships.filter(role__in=SCHOOL_STAFF).values_list("person_id", flat=True))


@transaction.atomic
def launch(
    actor: Person,
    instrument: Instrument,
    schools: list[School],
    audience: str,
    opens: datetime.date,
    closes: datetime.date,
    codes: int = 0,
) -> list[Round]:
    errors = {}
    if closes < opens:
        errors["closes"] = _("The round must close on or after the day it opens.")
    year = school_year_starting(opens.year if opens.month >= 8 else opens.year - 1)
    if datetime.date(year.start_year + 1, 7, 31) < closes:
        errors["closes"] = _(
            "A round must open and close within one school year (1 August–31 July)."
        )
    if audience != Audience.STAFF and not 1 <= codes <= 2000:
        errors["codes"] = _("Give the number of codes to print: 1 to 2000.")
    if not schools:
        errors["schools"] = _("Choose at least one school.")
    if errors:
        raise ValidationError(errors)
    rounds = []
    for school in schools:
        invited = len(staff_of(school)) if audience == Audience.STAFF else codes
        same = _same_year(school, instrument, audience, year)
        round_ = Round.objects.create(
            school=school,
            instrument=instrument,
            school_year=year,
            audience=audience,
            opens=opens,
            closes=closes,
            invited=invited,
            main=not same.filter(main=True).exists(),  # the year's first is its main round
            created_by=actor,
        )
        if audience != Audience.STAFF:
            fresh: set[str] = set()
            while len(fresh) < codes:
                fresh.add(Code.new())
            Code.objects.bulk_create(Code(round=round_, code=c) for c in sorted(fresh))
        record(actor, school.owner, "launch", round_, {"invited": [None, invited]})
        rounds.append(round_)
    if audience == Audience.STAFF:
        from .notify import notify_round

        for round_ in rounds:
            if round_.is_open(timezone.localdate()):
                notify_round.enqueue(round_.pk)
    return rounds


def _same_year(school: School, instrument: Instrument, audience: str, year) -> QuerySet[Round]:
    """The rounds that compete for one figure: one instrument, audience and school in a year."""
    return Round.objects.filter(
        school=school, instrument=instrument, audience=audience, school_year=year
    )


def _clean(round_: Round, data: dict) -> dict:
    """Keep only answers to the round's items, in their allowed form."""
    clean = {}
    for item in Item.objects.filter(dimension__instrument=round_.instrument):
        value = data.get(str(item.pk))
        if value in (None, ""):
            continue
        if item.kind == Item.Kind.SCALE:
            if str(value) in {"0", "1", "2", "3", "4", "5"}:
                clean[str(item.pk)] = int(value)
        elif item.kind == Item.Kind.TRAFFIC:
            if value in ("green", "yellow", "red"):
                clean[str(item.pk)] = value
        else:
            text = str(value).strip()[:2000]
            if text:
                clean[str(item.pk)] = text
    return clean


def _answered(round_: Round, data: dict) -> dict:
    """The clean answers, refusing a submission without any (it would use a code and count)."""
    clean = _clean(round_, data)
    if not clean:
        raise ValidationError(
            _("Answer at least one question before you send. Nothing was sent yet.")
        )
    return clean


def _store(round_: Round, answers: dict) -> None:
    """Add one response so that nothing stored tells which one is new: within the caller's
    transaction (which also records the participation or uses the code), rewrite all of the
    round's responses with fresh random ids in random order. Physical order (SQLite rowid,
    PostgreSQL ctid), ids and the writing transaction (PostgreSQL xmin) are then the same for
    every response, or random. The round row is locked so that writers take turns."""
    _require_open(Round.objects.select_for_update().get(pk=round_.pk))  # closed meanwhile?
    rows = list(Response.objects.filter(round=round_).values_list("answers", "hidden"))
    rows.append((answers, []))
    _shuffle(rows)
    Response.objects.filter(round=round_).delete()
    Response.objects.bulk_create(Response(round=round_, answers=a, hidden=h) for a, h in rows)


def _require_open(round_: Round) -> None:
    if not round_.is_open(timezone.localdate()):
        raise ValidationError(_("This questionnaire is closed and takes no more answers."))


@transaction.atomic
def save_draft(person: Person, round_: Round, data: dict) -> None:
    _require_open(round_)
    if Participation.objects.filter(round=round_, person=person).exists():
        raise ValidationError(_("You have already answered this questionnaire."))
    Draft.objects.update_or_create(
        round=round_, person=person, defaults={"answers": _clean(round_, data)}
    )


@transaction.atomic
def submit_staff(person: Person, round_: Round, data: dict) -> None:
    _require_open(round_)
    if person.pk not in staff_of(round_.school):
        raise ValidationError(_("Only the school's staff answer this questionnaire."))
    answers = _answered(round_, data)
    _participation, created = Participation.objects.get_or_create(round=round_, person=person)
    if not created:
        raise ValidationError(_("You have already answered this questionnaire."))
    Draft.objects.filter(round=round_, person=person).delete()
    _store(round_, answers)


def normalise_code(code: str) -> str:
    """As printed: capitals, without the spaces or hyphens people type in."""
    return code.strip().upper().replace(" ", "").replace("-", "")


def round_for_code(code: str) -> Round | None:
    found = Code.objects.select_related("round__instrument", "round__school__owner").filter(
        code=normalise_code(code), used=False
    )
    first = found.first()
    return first.round if first else None


@transaction.atomic
def submit_code(code: str, data: dict) -> None:
    """Use a one-time code: mark it used and store the answers, with nothing linking the two."""
    try:
        row = (
            Code.objects.select_for_update().select_related("round").get(code=normalise_code(code))
        )
    except Code.DoesNotExist:
        raise ValidationError(
            _("We do not know this code. Check that you typed it right.")
        ) from None
    if row.used:
        raise ValidationError(_("This code has already been used. Each code can be used once."))
    _require_open(row.round)
    answers = _answered(row.round, data)
    row.used = True
    row.save(update_fields=["used"])
    _store(row.round, answers)


@transaction.atomic
def hide_text(actor: Person, round_: Round, response_id: str, item_id: str, hide: bool) -> None:
    response = Response.objects.select_for_update().get(round=round_, pk=response_id)
    hidden = [i for i in response.hidden if i != item_id] + ([item_id] if hide else [])
    response.hidden = hidden
    response.save(update_fields=["hidden"])
    record(actor, round_.school.owner, "hide_text" if hide else "show_text", round_)


AUDIENCE_WORDS = {"staff": ("ansatte", "tilsette"), "pupils": ("elever", "elevar")}


def _code(dimension_pk: int, audience: str) -> str:
    return f"sa-{dimension_pk}-{audience}"[:60]


def indicator_texts(dimension: Dimension, audience: str, threshold: int) -> dict[str, str]:
    """The names and explanations of a dimension's scores from one audience, worded from the
    survey's and the dimension's names as they are now, in each language."""
    instrument = dimension.instrument
    nb, nn = AUDIENCE_WORDS.get(audience, ("foresatte", "føresette"))
    with translation.override("en"):
        en = str(ANSWERED_BY.get(audience, audience))
    return {
        "name_nb": f"{instrument.name_nb}: {dimension.name_nb} ({nb})",
        "name_nn": f"{instrument.name_nn}: {dimension.name_nn} ({nn})",
        "name_en": f"{instrument.name_nb}: {dimension.name_nb} ({en})",
        **{
            f"explanation_{lang}": EXPLANATIONS[lang].format(
                dimension=name, threshold=threshold, audience=who
            )
            for lang, name, who in (
                ("nb", dimension.name_nb, nb),
                ("nn", dimension.name_nn, nn),
                ("en", dimension.name_nb, en),
            )
        },
    }


def _indicator(round_: Round, dimension: Dimension) -> Indicator:
    owner = round_.school.owner
    threshold = max(5, owner.anonymity_threshold)
    indicator, _created = Indicator.objects.update_or_create(
        owner=owner,
        code=_code(dimension.pk, round_.audience),
        defaults={
            **indicator_texts(dimension, round_.audience, threshold),
            "quality": "process",
            "source": "Skolekvalitet: eigenvurdering",
            "unit": "index",
            "direction": "higher",
            "threshold": threshold,
        },
    )
    return indicator


def _rename_indicators(actor: Person, dimension: Dimension) -> None:
    """A renamed dimension's score indicators take its new name at once, on every page."""
    owner = dimension.instrument.owner
    codes = {_code(dimension.pk, audience): audience for audience in Audience.values}
    for indicator in Indicator.objects.filter(owner=owner, code__in=codes):
        texts = indicator_texts(dimension, codes[indicator.code], indicator.threshold)
        changes = {
            k: [getattr(indicator, k), v] for k, v in texts.items() if getattr(indicator, k) != v
        }
        if changes:
            for field, (_before, text) in changes.items():
                setattr(indicator, field, text)
            indicator.save(update_fields=list(changes))
            record(actor, owner, "update", indicator, changes)


def _indicator_codes(round_: Round) -> list[str]:
    return [
        _code(pk, round_.audience)
        for pk in round_.instrument.dimensions.values_list("pk", flat=True)
    ]


def _year_figures(round_: Round) -> QuerySet:
    return Observation.objects.filter(
        indicator__owner=round_.school.owner,
        indicator__code__in=_indicator_codes(round_),
        school=round_.school,
        school_year=round_.school_year,
        grade=0,
        subgroup="all",
    )


# Who answered, as a survey import's name says it (the audience's label has its own brackets).
ANSWERED_BY = {"staff": _lazy("staff"), "pupils": _lazy("pupils"), "parents": _lazy("parents")}


def source_of(round_: Round) -> dict:
    """What a round's import keeps to name it: the school, the survey's names, who answered and
    the day the round opened, as data, so the name is worded in each reader's language."""
    instrument = round_.instrument
    return {
        "school": round_.school.name,
        "survey": {"nb": instrument.name_nb, "nn": instrument.name_nn},
        "audience": round_.audience,
        "opens": round_.opens.isoformat(),
    }


def source_text(kept: dict) -> str:
    """A survey import's name in history, audit and beside its figures, in the reader's
    language: "Nordvik skule – Elevenes stemme, pupils, 1. oktober 2026" (the school, the survey,
    who answered and when it opened; no brackets, as the history and the audit log put the
    import's day in brackets after it)."""
    survey = kept["survey"]
    return _("%(school)s – %(survey)s, %(who)s, %(day)s") % {
        "school": kept["school"],
        "survey": survey["nn"] if present.current_language() == "nn" else survey["nb"],
        "who": ANSWERED_BY.get(kept["audience"], kept["audience"]),
        "day": present.date(datetime.date.fromisoformat(kept["opens"])),
    }


def import_name(round_: Round) -> str:
    return source_text(source_of(round_))


def import_title(batch: Import) -> str | None:
    """A round's import named in the reader's language from what it keeps (None: it keeps
    nothing, and its stored name stands)."""
    kept = batch.report.get("source")
    return source_text(kept) if kept else None


def _publish(actor: Person | None, round_: Round) -> int:
    """Make a finished main round's dimension scores the year's figures in the knowledge base
    (knowledge.store: another round's are kept as history, with the import naming the round
    that replaced them); a dimension without enough answers has no figure. Returns the number
    published."""
    owner = round_.school.owner
    shown = results(round_, with_previous=False)
    if not shown.enough:
        store.write(actor, owner, [], replace=_year_figures(round_))
        return 0
    digest = hashlib.sha256(f"round:{round_.pk}".encode()).hexdigest()
    source = Import.objects.create(
        owner=owner,
        actor=actor if actor and actor.pk else None,
        format="self-assessment",
        file_name=import_name(round_)[:255],
        file_hash=digest,
        report={"round": round_.pk, "responses": shown.responses, "source": source_of(round_)},
    )
    figures = [
        Observation(
            indicator=_indicator(round_, d.dimension),
            school=round_.school,
            school_year=round_.school_year,
            value=round(d.summary.mean, 3),
            n=d.summary.n,
            uncertainty=round(d.summary.sd, 4),
            uncertainty_kind="sd",
            source_field=d.dimension.name_nb[:200],
        )
        for d in shown.dimensions
        if d.summary is not None
    ]
    store.write(actor, owner, figures, source=source, replace=_year_figures(round_))
    return len(figures)


def _withdraw(actor: Person | None, round_: Round) -> None:
    """The year's figures wait for the main round to finish: none stand meanwhile."""
    store.write(actor, round_.school.owner, [], replace=_year_figures(round_))


@transaction.atomic
def close(actor: Person | None, round_: Round) -> int:
    """Close a round; the year's main round publishes its dimension scores (enough answers only)
    to the knowledge base. Returns the number of figures published."""
    Round.objects.select_for_update().filter(pk=round_.pk).update(closed=True)
    round_.closed = True
    published = _publish(actor, round_) if round_.main else 0
    record(actor, round_.school.owner, "close", round_, {"published": [None, published]})
    return published


@transaction.atomic
def designate_main(actor: Person, round_: Round) -> int:
    """Make this round the year's main one for its instrument, audience and school: its figures
    (once it has finished) replace the former main round's in the knowledge base. Returns the
    number of figures published."""
    same = _same_year(round_.school, round_.instrument, round_.audience, round_.school_year)
    rows = list(same.select_for_update())
    if any(r.pk == round_.pk and r.main for r in rows):
        return 0
    owner = round_.school.owner
    for former in (r for r in rows if r.main):
        same.filter(pk=former.pk).update(main=False)
        record(actor, owner, "update", former, {"main": [True, False]})
    same.filter(pk=round_.pk).update(main=True)
    round_.main = True
    record(actor, owner, "update", round_, {"main": [False, True]})
    if round_.closed:
        return _publish(actor, round_)
    _withdraw(actor, round_)  # its figures come when it closes
    return 0


def close_due(today: datetime.date) -> int:
    """Close every round whose closing day has passed (the daily task)."""
    due = list(Round.objects.filter(closed=False, closes__lt=today))
    for round_ in due:
        close(None, round_)
    return len(due)


@transaction.atomic
def save_interpretation(actor: Person, round_: Round, reading: str, actions: str) -> Interpretation:
    interpretation, created = Interpretation.objects.update_or_create(
        round=round_, defaults={"reading": reading, "actions": actions}
    )
    record(actor, round_.school.owner, "create" if created else "update", interpretation)
    return interpretation


@transaction.atomic
def release_interpretation(actor: Person, interpretation: Interpretation) -> None:
    interpretation.released = True
    interpretation.save(update_fields=["released"])
    record(actor, interpretation.round.school.owner, "release", interpretation)


@transaction.atomic
def set_threshold(actor: Person, owner: Owner, threshold: int) -> None:
    if threshold < 5:
        raise ValidationError({"anonymity_threshold": _("The threshold can never be below 5.")})
    before = owner.anonymity_threshold
    owner.anonymity_threshold = threshold
    owner.save(update_fields=["anonymity_threshold"])
    record(actor, owner, "update", owner, {"anonymity_threshold": [before, threshold]})


@transaction.atomic
def save_item(actor: Person, item: Item) -> Item:
    created = item.pk is None
    item.full_clean()
    item.save()
    record(actor, item.dimension.instrument.owner, "create" if created else "update", item)
    return item


@transaction.atomic
def delete_item(actor: Person, item: Item) -> None:
    used = Response.objects.filter(
        round__instrument=item.dimension.instrument, answers__has_key=str(item.pk)
    ).exists()
    if used:
        raise ValidationError(
            _("This question has answers; change its wording instead of deleting it.")
        )
    record(actor, item.dimension.instrument.owner, "delete", item)
    item.delete()


@transaction.atomic
def save_dimension(actor: Person, dimension: Dimension) -> Dimension:
    created = dimension.pk is None
    dimension.full_clean()
    dimension.save()
    record(actor, dimension.instrument.owner, "create" if created else "update", dimension)
    if not created:
        _rename_indicators(actor, dimension)
    return dimension
