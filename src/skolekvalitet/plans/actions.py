"""Every write to plans goes through these functions: atomic, audited, validated."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import content, diff, record, snapshot
from skolekvalitet.documents import present
from skolekvalitet.knowledge.models import UNIT_RANGES, Direction
from skolekvalitet.organisations.models import Person, School, SchoolYear
from skolekvalitet.organisations.validators import looks_like_person

from . import history
from .models import (
    Criterion,
    DevelopmentPlan,
    FocusArea,
    Goal,
    Measure,
    Milestone,
    PlanComment,
    PlanVersion,
    SpotCheckCase,
    TemplateSection,
    text_limit,
)

KVAM_SECTIONS = [
    (
        "Grunnleggjande ferdigheiter på alle trinn",
        "Lesing, skriving, rekning og engelsk: mål, tiltak og korleis de veit om de når dei.",
    ),
    (
        "Sosial læring og eit trygt og godt lærings- og skulemiljø for alle",
        "Bruk Elevundersøkinga og skulen sine eigne kjelder.",
    ),
    (
        "Skulen sitt arbeid med aktivitetsplikta (opplæringslova kapittel 12, tidlegare 9A)",
        "Rutinane for å følgje med, gripe inn, varsle, undersøkje og setje inn tiltak.",
    ),
]


def default_sections(owner) -> list[TemplateSection]:
    """The owner's template sections; Kvam's three (seed 002) the first time."""
    sections = list(owner.plan_sections.all())
    if not sections:
        sections = [
            TemplateSection.objects.create(owner=owner, title=t, guidance=g, order=i)
            for i, (t, g) in enumerate(KVAM_SECTIONS)
        ]
    return sections


def plan_year_end(year: SchoolYear) -> datetime.date:
    return datetime.date(year.start_year + 1, 7, 31)


@transaction.atomic
def create_plan(
    actor: Person, school: School, year: SchoolYear, *, copy_from: DevelopmentPlan | None = None
) -> DevelopmentPlan:
    if DevelopmentPlan.objects.filter(school=school, school_year=year).exists():
        raise ValidationError(_("The school already has a plan for this school year."))
    plan = DevelopmentPlan.objects.create(school=school, school_year=year)
    if copy_from is None:
        for i, section in enumerate(default_sections(school.owner)):
            FocusArea.objects.create(plan=plan, title=section.title, section=section, order=i)
    else:
        _copy(copy_from, plan)
    record(
        actor,
        school.owner,
        "create",
        plan,
        {"copied_from": [None, str(copy_from.school_year) if copy_from else None]},
    )
    return plan


def _copy(source: DevelopmentPlan, plan: DevelopmentPlan) -> None:
    shift = plan.school_year.start_year - source.school_year.start_year

    def moved(day: datetime.date) -> datetime.date:
        return day.replace(year=day.year + shift)

    for area in source.focus_areas.all():
        new_area = FocusArea.objects.create(
            plan=plan,
            title=area.title,
            section=area.section,
            priority=area.priority,
            order=area.order,
        )
        goals = {}
        for goal in Goal.objects.filter(focus_area=area).order_by("parent_id", "order", "pk"):
            goals[goal.pk] = Goal.objects.create(
                focus_area=new_area,
                parent=goals.get(goal.parent_id),
                text=goal.text,
                order=goal.order,
            )
            for c in goal.criteria.all():
                Criterion.objects.create(
                    goal=goals[goal.pk],
                    kind=c.kind,
                    description=c.description,
                    indicator=c.indicator,
                    grade=c.grade,
                    comparator=c.comparator,
                    target=c.target,
                )
            for m in goal.measures.all():
                Measure.objects.create(
                    goal=goals[goal.pk],
                    title=m.title,
                    responsible=m.responsible,
                    start=moved(m.start),
                    end=moved(m.end),
                    resources=m.resources,
                )
    for m in source.milestones.all():
        Milestone.objects.create(plan=plan, title=m.title, date=moved(m.date), kind=m.kind)


def validate_criterion(criterion: Criterion, school: School) -> None:
    if criterion.kind == Criterion.Kind.SIGN:
        if not criterion.description.strip():
            raise ValidationError({"description": _("Describe the sign people will look for.")})
        return
    validate_target(criterion, set(school.grades))


# The only comparator a target may have on an indicator where higher or lower is better: a
# goal never asks for more bullying. Either, where neither is better.
ALLOWED = {Direction.HIGHER.value: "at_least", Direction.LOWER.value: "at_most"}


def _against_direction(indicator) -> str:
    if indicator.direction == Direction.LOWER:
        return _(
            "Lower is better for this indicator, so the target must be a maximum: choose "
            '"%(choice)s".'
        ) % {"choice": Criterion.Comparator.AT_MOST.label}
    return _(
        'Higher is better for this indicator, so the target must be a minimum: choose "%(choice)s".'
    ) % {"choice": Criterion.Comparator.AT_LEAST.label}


def validate_target(item, school_grades: set[int], owner: bool = False) -> None:
    """An indicator, a grade it is measured on that the school (owner: one of the owner's
    schools) has, or none for an indicator not measured per grade, a minimum or maximum, and a
    value on its scale."""
    errors = {}
    indicator = item.indicator
    if indicator is None:
        errors["indicator"] = _("Choose the indicator the target is on.")
    else:
        grades = set(indicator.grades or [])
        if grades and item.grade is None:  # measured per grade, and none was chosen
            errors["grade"] = _("Choose a grade.")
        elif grades and item.grade not in grades & school_grades:
            errors["grade"] = (
                _("The indicator is not measured on this grade at any of the owner's schools.")
                if owner
                else _("The indicator does not apply to this grade at this school.")
            )
        elif not grades and item.grade:
            errors["grade"] = _("The indicator is not measured per grade: leave the grade empty.")
        low, high = UNIT_RANGES.get(indicator.unit, (None, None))
        if item.target is None:
            errors["target"] = _("Give a target value.")
        elif low is None and item.target < 0:  # a count or a ratio
            errors["target"] = _("The target cannot be below 0.")
        elif low is not None and not low <= item.target <= high:
            errors["target"] = _(
                "The target must lie within the indicator's scale (%(low)s–%(high)s)."
            ) % {"low": present.number(low, 0), "high": present.number(high, 0)}
    if not item.comparator:
        errors["comparator"] = _("Say whether the target is a minimum or a maximum.")
    elif indicator is not None and item.comparator != ALLOWED.get(
        indicator.direction, item.comparator
    ):
        errors["comparator"] = _against_direction(indicator)
    if errors:
        raise ValidationError(errors)


def refuse_long(item) -> None:
    """Refuse a title or text longer than its field takes, naming the field and the limit."""
    errors = {}
    for field in item._meta.concrete_fields:
        limit, value = text_limit(field), getattr(item, field.attname)
        if limit and isinstance(value, str) and len(value) > limit:
            errors[field.name] = _(
                "%(field)s: at most %(limit)s characters (this has %(count)s)."
            ) % {
                "field": capfirst(field.verbose_name),
                "limit": present.number(limit, 0),
                "count": present.number(len(value), 0),
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_item(actor: Person, plan: DevelopmentPlan, item) -> None:
    """Add or change a focus area, goal, criterion, measure or milestone of a plan."""
    refuse_long(item)
    if isinstance(item, Criterion):
        validate_criterion(item, plan.school)
    if isinstance(item, Milestone) and not (
        datetime.date(plan.school_year.start_year, 8, 1)
        <= item.date
        <= plan_year_end(plan.school_year)
    ):
        raise ValidationError({"date": _("The milestone must lie within the plan's school year.")})
    if isinstance(item, Measure) and item.end < item.start:
        raise ValidationError({"end": _("The measure cannot end before it starts.")})
    item.full_clean()
    evaluated = isinstance(item, Milestone) and _evaluation_changed(item)
    before = content(type(item).objects.get(pk=item.pk)) if item.pk else {}
    item.save()
    if evaluated:  # the figures this evaluation used are kept with it
        from .frozen import record_figures

        record_figures(plan, item)
    changes = diff(before, content(item)) if before else {}
    _revise(plan, follow_up=bool(changes) and set(changes) <= FOLLOW_UP.get(type(item), set()))
    if before:
        record(actor, plan.school.owner, "update", item, changes)
    else:
        record(actor, plan.school.owner, "create", item)


# What following up a plan changes: a milestone's evaluation, a measure's status, a described
# criterion's verdict. Following up an approved plan is what it asks for, not a new plan: the
# plan stays approved (the change is in its history, and in the next version approved).
FOLLOW_UP = {
    Milestone: {"evaluation", "verdict"},
    Measure: {"status"},
    Criterion: {"verdict"},
}


def _revise(plan: DevelopmentPlan, follow_up: bool = False) -> None:
    plan.changed_at = timezone.now()
    fields = ["changed_at"]
    if plan.status == DevelopmentPlan.Status.APPROVED and not follow_up:
        plan.status = DevelopmentPlan.Status.DRAFT  # a revision: approved again as a new version
        plan.status_at = plan.changed_at
        fields += ["status", "status_at"]
    elif plan.status == DevelopmentPlan.Status.DRAFT and plan.version:
        approved = plan.versions.filter(number=plan.version).first()
        if approved is not None and approved.items == history.plan_items(plan):
            # Every change since undone: the plan is the approved version again.
            plan.status, plan.status_at = DevelopmentPlan.Status.APPROVED, approved.at
            fields += ["status", "status_at"]
    plan.save(update_fields=fields)


@transaction.atomic
def delete_item(actor: Person, plan: DevelopmentPlan, item) -> None:
    """Delete a focus area, goal, criterion, measure or milestone (with what lies under it)."""
    record(
        actor, plan.school.owner, "delete", item, {k: [v, None] for k, v in content(item).items()}
    )
    item.delete()
    _revise(plan)


def _evaluation_changed(milestone: Milestone) -> bool:
    if not (milestone.evaluation or milestone.verdict):
        return False
    before = Milestone.objects.filter(pk=milestone.pk).values("evaluation", "verdict").first()
    return before != {"evaluation": milestone.evaluation, "verdict": milestone.verdict}


@transaction.atomic
def comment(actor: Person, plan: DevelopmentPlan, text: str) -> PlanComment:
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    note = PlanComment.objects.create(plan=plan, author=actor, text=text.strip())
    record(actor, plan.school.owner, "comment", plan, {"comment": [None, text[:200]]})
    return note


@transaction.atomic
def submit(actor: Person, plan: DevelopmentPlan) -> None:
    if not Goal.objects.filter(focus_area__plan=plan).exists():
        raise ValidationError(_("A plan needs at least one goal before it is submitted."))
    _set_status(actor, plan, DevelopmentPlan.Status.SUBMITTED)


@transaction.atomic
def approve(actor: Person, plan: DevelopmentPlan) -> PlanVersion:
    if plan.status != DevelopmentPlan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be approved."))
    if plan.changed_since_sent:  # the owner approves only what the school sent
        raise ValidationError(
            _(
                "The school has changed the plan since it sent it, so it cannot be approved: "
                "the school must send it again first."
            )
        )
    plan.version += 1
    plan.save(update_fields=["version"])
    items = history.plan_items(plan)
    version = PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        text=history.owner_text(items, plan.school.owner),
        items=items,
        approved_by=actor,
    )
    _set_status(actor, plan, DevelopmentPlan.Status.APPROVED)
    return version


@transaction.atomic
def send_back(actor: Person, plan: DevelopmentPlan, comment_text: str) -> None:
    if not comment_text.strip():
        raise ValidationError({"owner_comment": _("Say what the school should change.")})
    plan.owner_comment = comment_text.strip()
    plan.save(update_fields=["owner_comment"])
    _set_status(actor, plan, DevelopmentPlan.Status.RETURNED)


def _set_status(actor: Person, plan: DevelopmentPlan, status: str) -> None:
    before = plan.status
    plan.status, plan.status_at = status, timezone.now()
    plan.save(update_fields=["status", "status_at"])
    record(actor, plan.school.owner, status, plan, {"status": [before, status]})


def plan_text(plan: DevelopmentPlan) -> str:
    """The plan as plain text in the owner's language, for versions: each line says what it is
    ("Goal: …"), names and labels, never codes; numbers and dates as the reader writes them."""
    return history.owner_text(history.plan_items(plan), plan.school.owner)


def refuse_person(obj, **fields: bool) -> None:
    """Refuse text that looks like it names a pupil in the given fields of a 9A record (field:
    whether a date counts too, for fields that should hold a number only)."""
    errors = {}
    for field, dates in fields.items():
        reason = looks_like_person(getattr(obj, field), dates=dates)
        if reason:
            errors[field] = _(
                "%(field)s: %(reason)s. Never write a pupil's name, identity number or date of "
                "birth here."
            ) % {"field": capfirst(obj._meta.get_field(field).verbose_name), "reason": reason}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_spot_check(actor: Person, school: School, check) -> None:
    from skolekvalitet.organisations.schoolyears import current_school_year

    refuse_person(check, follow_up=False)
    check.school = school
    check.school_year = current_school_year(check.date)
    check.full_clean()
    check.save()
    record(actor, school.owner, "create", check, {"date": [None, str(check.date)]})


CASE_FIELDS = ["spot_check", "label", *SpotCheckCase.STEPS, "note"]


@transaction.atomic
def save_spot_case(actor: Person, school: School, case: SpotCheckCase) -> None:
    """Add a checked case, or correct one (the owner's admins)."""
    if case.spot_check.school_id != school.pk:
        raise ValidationError(_("The spot check belongs to another school."))
    refuse_person(case, label=True, note=False)
    before = snapshot(SpotCheckCase.objects.get(pk=case.pk), CASE_FIELDS) if case.pk else {}
    case.full_clean()
    case.save()
    changes = diff(before, snapshot(case, CASE_FIELDS))
    for field in ("label", "note"):  # a correction does not copy the text it corrects
        if field in changes:
            changes[field][0] = None
    record(actor, school.owner, "update" if before else "create", case, changes)


@transaction.atomic
def delete_spot_case(actor: Person, case: SpotCheckCase) -> None:
    record(actor, case.spot_check.school.owner, "delete", case)
    case.delete()


def _quality_plan_of(item):
    from .models import Priority, QualityPlan

    if isinstance(item, QualityPlan):
        return item
    if isinstance(item, Priority):
        return item.quality_plan
    if hasattr(item, "priority"):
        return item.priority.quality_plan
    return None  # a template section


@transaction.atomic
def save_owner_item(actor: Person, owner, item) -> None:
    """Add or change the quality plan, a priority area, an owner's goal or measure, or a
    template section; every change of the quality plan is kept as a new version."""
    from .models import Priority, QualityGoal, QualityPlan

    if isinstance(item, QualityPlan | TemplateSection):
        item.owner = owner
    refuse_long(item)
    quality = _quality_plan_of(item)
    if quality is not None and quality.owner_id != owner.pk:
        raise ValidationError(_("The quality plan belongs to another owner."))
    if isinstance(item, QualityPlan) and item.last_year.code < item.first_year.code:
        raise ValidationError(_("The period must end after it starts."))
    if isinstance(item, QualityPlan):
        refuse_overlap(owner, item)
    if isinstance(item, QualityGoal) and (item.indicator_id or item.comparator or item.target):
        grades = {g for school in owner.schools.all() for g in school.grades}
        validate_target(item, grades, owner=True)
    item.full_clean()
    before = content(type(item).objects.get(pk=item.pk)) if item.pk else {}
    if quality is not None and quality.pk:  # the text before the first change kept, too
        keep_version(None, QualityPlan.objects.get(pk=quality.pk))
    item.save()
    if isinstance(item, Priority):
        _place(item)
    if before:
        record(actor, owner, "update", item, diff(before, content(item)))
    else:
        record(actor, owner, "create", item)
    if quality is not None:
        keep_version(actor, quality)


def refuse_overlap(owner, quality) -> None:
    """One quality plan for each school year: refuse a period that overlaps another plan's."""
    other = (
        owner.quality_plans.exclude(pk=quality.pk)
        .filter(
            first_year__code__lte=quality.last_year.code,
            last_year__code__gte=quality.first_year.code,
        )
        .select_related("first_year", "last_year")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "first_year": _(
                    'The period overlaps the quality plan "%(title)s" (%(first)s to %(last)s). '
                    "Choose school years it does not cover, or change that plan."
                )
                % {"title": other.title, "first": other.first_year, "last": other.last_year}
            }
        )


def _place(priority) -> None:
    """Put a priority area at its place and number the plan's areas from there on, so the order
    the owner gives is the order everyone reads."""
    others = list(priority.quality_plan.priorities.exclude(pk=priority.pk).order_by("order", "pk"))
    others.insert(min(priority.order, len(others)), priority)
    for place, p in enumerate(others):
        if p.order != place:
            p.order = place
            type(p).objects.filter(pk=p.pk).update(order=place)


@transaction.atomic
def delete_owner_item(actor: Person, owner, item) -> None:
    """Remove the quality plan, a priority area (with its goals and measures), a goal, a measure
    or a template section."""
    quality = _quality_plan_of(item)
    if quality is not None and quality is not item:
        keep_version(None, quality)
    record(actor, owner, "delete", item, {k: [v, None] for k, v in content(item).items()})
    item.delete()
    if quality is not None and quality is not item:
        keep_version(actor, quality)


def quality_text(quality) -> str:
    """The quality plan as plain text in the owner's language, one line per thing it holds."""
    return history.owner_text(history.quality_items(quality), quality.owner)


def keep_version(actor: Person | None, quality) -> None:
    """Keep the quality plan's text as a new version when it changed (actor: who changed it;
    None for the text as it stood before the first kept change)."""
    from .models import QualityPlanVersion

    items = history.quality_items(quality)
    text = history.owner_text(items, quality.owner)
    last = quality.versions.order_by("-number").first()
    if (
        last is None
        or history.owner_text(history.stored(last, quality=True), quality.owner) != text
    ):
        QualityPlanVersion.objects.create(
            quality_plan=quality,
            number=(last.number + 1 if last else 1),
            text=text,
            items=items,
            by=actor,
        )
