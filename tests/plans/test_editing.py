"""Issue 19: a plan's items can be changed and deleted (asked first, audited, a new version to
approve), a decimal comma is read as a decimal, a school is offered only its grades' indicators,
exports never say "None" and the version page is in words. The owner's quality plan holds
priorities, goals with indicators and targets, and measures, all editable, with a history."""

import datetime
import io
import re

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.forms import plan_forms
from skolekvalitet.plans.models import (
    Criterion,
    Goal,
    Measure,
    Milestone,
    Priority,
    QualityGoal,
    QualityMeasure,
    QualityPlan,
)


@pytest.fixture
def plan(world):
    sync_catalogue()
    return actions.create_plan(world.principal_a, world.school_a, current_school_year())


def _args(world, plan, *more):
    return [world.owner.slug, world.school_a.pk, plan.school_year.code, *more]


def _goal(plan, text="Elevane les meir"):
    return Goal.objects.create(focus_area=plan.focus_areas.first(), text=text)


def test_a_school_is_offered_only_indicators_for_its_grades(world, plan):
    offered = set(plan_forms(plan)["criterion"].fields["indicator"].queryset.values_list("code"))
    codes = {code for (code,) in offered}
    assert "nt5_reading" in codes and "ps_wellbeing" in codes
    assert not {"nt8_reading", "nt9_reading", "gsp_points"} & codes  # 1–7: no 8th–10th
    grades = plan_forms(plan)["criterion"].fields["grade"].widget.choices
    assert [value for value, _label in grades] == ["", *range(1, 8)]


@pytest.mark.parametrize(("language", "typed"), [("nn", "4,2"), ("nb", "4,2"), ("en", "4.2")])
def test_a_target_typed_with_the_languages_decimal_mark_is_that_number(
    world, plan, login, language, typed
):
    goal = _goal(plan)
    response = login(world.principal_a, language).post(
        reverse("plan_criterion", args=_args(world, plan)),
        {
            "criterion-goal": goal.pk,
            "criterion-kind": "indicator",
            "criterion-indicator": Indicator.objects.get(code="ps_wellbeing", owner=None).pk,
            "criterion-grade": 7,
            "criterion-comparator": "at_least",
            "criterion-target": typed,
        },
    )
    assert response.status_code == 302
    assert Criterion.objects.get().target == 4.2


def test_a_decimal_comma_in_english_is_refused_not_read_as_a_thousand(world, plan, login):
    goal = _goal(plan)
    response = login(world.principal_a, "en").post(
        reverse("plan_criterion", args=_args(world, plan)),
        {
            "criterion-goal": goal.pk,
            "criterion-kind": "indicator",
            "criterion-indicator": Indicator.objects.get(code="ps_wellbeing", owner=None).pk,
            "criterion-grade": 7,
            "criterion-comparator": "at_least",
            "criterion-target": "3,5",
        },
    )
    assert response.status_code == 400 and not Criterion.objects.exists()
    assert 'value="3,5"' in response.content.decode()  # what was typed stays in the form


def test_a_principal_changes_and_deletes_items_asked_first_and_audited(world, plan, login):
    goal = _goal(plan)
    measure = Measure.objects.create(
        goal=goal,
        title="Lesekvart",
        responsible=world.principal_a,
        start=datetime.date(plan.school_year.start_year, 9, 1),
        end=datetime.date(plan.school_year.start_year + 1, 6, 1),
    )
    plan.status, plan.version = "approved", 1
    plan.save()
    principal = login(world.principal_a)
    edit = reverse("plan_entry_edit", args=_args(world, plan, "goal", goal.pk))
    page = principal.get(edit).content.decode()
    assert "Elevane les meir" in page  # the form is filled in
    nynorsk = login(world.principal_a, "nn").get(edit).content.decode()
    assert '<h1 class="ds-heading">Endre: Mål</h1>' in nynorsk  # not the language switch's «Byt»
    principal = login(world.principal_a)
    response = principal.post(
        edit, {"goal-focus_area": goal.focus_area_id, "goal-text": "Elevane les kvar dag"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    plan.refresh_from_db()
    assert goal.text == "Elevane les kvar dag" and plan.status == "draft"  # a new version
    event = AuditEvent.objects.get(action="update", object_type="plans.goal")
    assert event.changes["text"] == ["Elevane les meir", "Elevane les kvar dag"]
    # An empty goal is refused on its field; what was typed stays.
    response = principal.post(edit, {"goal-focus_area": goal.focus_area_id, "goal-text": ""})
    assert response.status_code == 400
    delete = reverse("plan_entry_delete", args=_args(world, plan, "goal", goal.pk))
    page = principal.get(delete).content.decode()
    assert "Elevane les kvar dag" in page and "Yes, delete" in page
    assert Goal.objects.filter(pk=goal.pk).exists()  # asking deletes nothing
    assert login(world.teacher_a).post(delete).status_code == 403
    assert login(world.principal_b).post(delete).status_code == 404
    assert login(world.principal_a).post(delete).status_code == 302
    assert not Goal.objects.exists() and not Measure.objects.filter(pk=measure.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="plans.goal").exists()
    other = reverse("plan_entry_edit", args=_args(world, plan, "unknown", 1))
    assert login(world.principal_a).get(other).status_code == 404


def test_the_evaluation_forms_evaluate_a_sign_and_change_a_measures_status(world, plan, login):
    goal = _goal(plan)
    sign = Criterion.objects.create(goal=goal, kind="sign", description="Elevane vel bøker")
    measure = Measure.objects.create(
        goal=goal,
        title="Lesekvart",
        responsible=world.principal_a,
        start=datetime.date(plan.school_year.start_year, 9, 1),
        end=datetime.date(plan.school_year.start_year + 1, 6, 1),
    )
    principal = login(world.principal_a)
    page = principal.get(reverse("plan_edit", args=_args(world, plan))).content.decode()
    assert 'name="sign_verdict-criterion"' in page and 'name="measure_status-measure"' in page
    principal.post(
        reverse("plan_sign_verdict", args=_args(world, plan)),
        {"sign_verdict-criterion": sign.pk, "sign_verdict-verdict": "met"},
    )
    principal.post(
        reverse("plan_measure_status", args=_args(world, plan)),
        {"measure_status-measure": measure.pk, "measure_status-status": "done"},
    )
    sign.refresh_from_db()
    measure.refresh_from_db()
    assert (sign.verdict, measure.status) == ("met", "done")


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_export_never_says_none(world, plan, login, language):
    goal = _goal(plan)
    Criterion.objects.create(
        goal=goal,
        kind="indicator",
        indicator=Indicator.objects.get(code="ps_wellbeing", owner=None),
        grade=None,
        comparator="at_least",
        target=4.2,
    )
    Milestone.objects.create(
        plan=plan,
        title="Halvår",
        kind="interim",
        date=datetime.date(plan.school_year.start_year, 12, 1),
    )
    client = login(world.principal_a, language)
    pdf = client.get(reverse("plan_export", args=_args(world, plan, "pdf")))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    word = docx.Document(
        io.BytesIO(client.get(reverse("plan_export", args=_args(world, plan, "docx"))).content)
    )
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    paragraphs = " ".join(p.text for p in word.paragraphs)
    for output in (text, cells + paragraphs):
        assert "None" not in output and "4.2" not in output
        assert "minst 4,2" in " ".join(output.split())


def test_the_version_page_says_what_changed_in_words(world, plan, login):
    goal = _goal(plan, "Alle les")
    plan.status = "submitted"
    plan.save()
    actions.approve(world.admin, plan)
    goal.text = "Alle les kvar dag"
    actions.save_item(world.principal_a, plan, goal)
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    page = login(world.teacher_a, "nn").get(reverse("plan_versions", args=_args(world, plan)))
    body = page.content.decode()
    assert "Mål endra frå «<del>Alle les</del>» til «<ins>Alle les kvar dag</ins>»" in body
    assert "@@" not in body and "+++" not in body and "None" not in body


def _quality(world):
    year = current_school_year()
    quality = QualityPlan.objects.create(
        owner=world.owner, title="Kvalitetsplan 2026–2030", first_year=year, last_year=year
    )
    return quality, Priority.objects.create(quality_plan=quality, title="Lesing", goal="Alle les")


def test_the_quality_plan_holds_goals_with_targets_and_measures_with_a_history(world, login):
    sync_catalogue()
    quality, priority = _quality(world)
    admin = login(world.admin, "nn")
    url = reverse("quality_plan", args=[world.owner.slug])
    response = admin.post(
        reverse("quality_add_goal", args=[world.owner.slug]),
        {
            "goal-priority": priority.pk,
            "goal-text": "Fleire les godt",
            "goal-indicator": Indicator.objects.get(code="nt5_reading", owner=None).pk,
            "goal-grade": 5,
            "goal-comparator": "at_least",
            "goal-target": "50,5",
        },
    )
    assert response.status_code == 302
    goal = QualityGoal.objects.get()
    assert (goal.priority, goal.target, goal.grade) == (priority, 50.5, 5)
    admin.post(
        reverse("quality_add_measure", args=[world.owner.slug]),
        {"measure-priority": priority.pk, "measure-title": "Lesekurs", "measure-status": "ongoing"},
    )
    assert QualityMeasure.objects.get().title == "Lesekurs"
    # A target off the indicator's scale is refused on its field.
    response = admin.post(
        reverse("quality_add_goal", args=[world.owner.slug]),
        {
            "goal-priority": priority.pk,
            "goal-text": "Umogleg",
            "goal-indicator": Indicator.objects.get(code="ps_wellbeing", owner=None).pk,
            "goal-grade": 7,
            "goal-comparator": "at_least",
            "goal-target": "7",
        },
    )
    assert response.status_code == 400 and QualityGoal.objects.count() == 1
    # The priority area is changed, then the measure removed after being asked.
    edit = reverse("quality_entry_edit", args=[world.owner.slug, "priority", priority.pk])
    assert "Alle les" in admin.get(edit).content.decode()
    admin.post(
        edit,
        {"priority-quality_plan": quality.pk, "priority-title": "Lesing og skriving"},
    )
    priority.refresh_from_db()
    assert priority.title == "Lesing og skriving" and priority.goal == ""
    measure = QualityMeasure.objects.get()
    delete = reverse("quality_entry_delete", args=[world.owner.slug, "measure", measure.pk])
    assert "Lesekurs" in admin.get(delete).content.decode()
    assert QualityMeasure.objects.exists()
    admin.post(delete)
    assert not QualityMeasure.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="plans.qualitymeasure")
    assert AuditEvent.objects.filter(action="update", object_type="plans.priority")
    page = admin.get(url).content.decode()
    assert "Nasjonale prøvar 5. trinn, lesing: minst 50,5" in page
    assert "Historikk" in page or "Endringshistorikk" in page
    assert "Fjerna:" in page and "Tiltak: Lesekurs (pågår)" in page
    assert "Satsingsområde: Lesing og skriving" in page
    texts = [v.text for v in quality.versions.order_by("number")]
    assert len(texts) >= 4 and "Lesekurs" in texts[-2] and "Lesekurs" not in texts[-1]
    words = re.sub(r"<[^>]+>", " ", page)  # what a reader sees, not the options' values
    assert "at_least" not in words and "50.5" not in words and "None" not in words
    # Another owner's admin finds nothing; a principal may not.
    assert login(world.outsider).get(edit).status_code == 404
    assert login(world.principal_a).post(delete).status_code == 403


def test_the_audit_log_names_the_quality_plans_changes_in_nynorsk(world):
    from django.utils import translation

    from skolekvalitet.audit.sentences import describe

    sync_catalogue()
    quality, priority = _quality(world)
    goal = QualityGoal(
        priority=priority,
        text="Fleire les godt",
        indicator=Indicator.objects.get(code="nt5_reading", owner=None),
        grade=5,
        comparator="at_least",
        target=50,
    )
    actions.save_owner_item(world.admin, world.owner, goal)
    goal.target = 52.5
    actions.save_owner_item(world.admin, world.owner, goal)
    other = Priority.objects.create(quality_plan=quality, title="Skriving")
    goal.priority = other
    actions.save_owner_item(world.admin, world.owner, goal)
    with translation.override("nn"):
        lines = [describe(e) for e in AuditEvent.objects.filter(object_type="plans.qualitygoal")]
        words = " ".join(
            f"{line.sentence} " + " ".join(" ".join(map(str, c)) for c in line.changes)
            for line in lines
        )
    assert "satsingsområde" in words.lower() and "Skriving" in words
    assert "priority" not in words and "at_least" not in words and "None" not in words


def test_the_audit_log_names_a_plans_items_in_nynorsk(world, plan):
    from django.utils import translation

    from skolekvalitet.audit.sentences import describe

    goal = Goal(focus_area=plan.focus_areas.first(), text="Alle les")
    actions.save_item(world.principal_a, plan, goal)
    actions.save_item(
        world.principal_a, plan, Criterion(goal=goal, kind="sign", description="Bøker")
    )
    goal.focus_area = plan.focus_areas.last()
    actions.save_item(world.principal_a, plan, goal)
    with translation.override("nn"):
        lines = [describe(e) for e in AuditEvent.objects.filter(object_type__startswith="plans.")]
        labels = {label for line in lines for label, _old, _new in line.changes}
    assert {"mål", "satsingsområde"} <= {label.lower() for label in labels}, labels
    assert not {"goal", "focus area", "kind", "description"} & labels


def test_a_measure_is_given_to_someone_who_works_at_the_school_never_a_council(world, plan):
    from skolekvalitet.organisations.models import Membership, Person
    from skolekvalitet.organisations.roles import Role

    council = Person.objects.create_user(email="elevrad@fjordvik.example", name="Elevrådet")
    Membership.objects.create(
        person=council, owner=world.owner, school=world.school_a, role=Role.PUPIL_REP
    )
    offered = set(plan_forms(plan)["measure"].fields["responsible"].queryset)
    assert world.principal_a in offered and world.teacher_a in offered
    assert council not in offered


def test_the_delete_question_names_a_criterion_in_words_and_what_goes_with_it(world, plan, login):
    """A user read «Trivsel at_least 3.5» and, for every item, that what lay under it would go."""
    goal = _goal(plan)
    wellbeing = Indicator.objects.get(code="ps_wellbeing", owner=None)
    criterion = Criterion.objects.create(
        goal=goal, kind="indicator", indicator=wellbeing, grade=7, comparator="at_least", target=3.5
    )
    principal = login(world.principal_a, "nn")
    asked = principal.get(
        reverse("plan_entry_delete", args=_args(world, plan, "criterion", criterion.pk))
    ).content.decode()
    assert f"«{wellbeing.name}, 7. trinn: minst 3,5»" in asked
    assert "at_least" not in asked and "3.5" not in asked and "vert sletta saman" not in asked
    asked = principal.get(
        reverse("plan_entry_delete", args=_args(world, plan, "goal", goal.pk))
    ).content.decode()
    assert "Kriteria og tiltaka under vert sletta saman med det." in asked


def test_a_milestones_kind_and_a_measures_status_are_lower_case_in_parentheses(world, plan, login):
    from tests.plans.helpers import measure_and_milestone, words

    goal = _goal(plan)
    measure_and_milestone(plan, goal, world.principal_a, "Lesekurs")
    Measure.objects.filter(goal=goal).update(status="ongoing")
    client = login(world.principal_a, "nn")
    detail = words(client.get(reverse("plan_detail", args=_args(world, plan))))
    assert "Halvårsvurdering (undervegsvurdering)" in detail
    assert "(Undervegsvurdering)" not in detail
    edit = words(client.get(reverse("plan_edit", args=_args(world, plan))))
    assert "Lesekurs (pågår)" in edit


def test_a_criterion_names_its_grade_in_each_language():
    from django.utils import translation

    from skolekvalitet.plans.texts import with_grade

    for language, said in (("en", "Well-being, grade 7"), ("nn", "Well-being, 7. trinn")):
        with translation.override(language):
            assert with_grade("Well-being", 7) == said


def test_a_plan_with_every_change_undone_is_the_approved_version_again(world, plan):
    """The user test: a goal added to an approved plan and deleted again left the plan
    «changed since, not sent» with nothing changed."""
    Goal.objects.create(focus_area=plan.focus_areas.first(), text="Elevane les meir")
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    goal = Goal(focus_area=plan.focus_areas.first(), text="Eit mål på prøve")
    actions.save_item(world.principal_a, plan, goal)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("draft", 1)
    actions.delete_item(world.principal_a, plan, goal)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("approved", 1)


def test_a_short_plans_pdf_runs_on_without_a_page_per_focus_area(world, plan, login):
    """The user test: a short plan took five pages, the first with only its title."""
    for area in plan.focus_areas.all():
        Goal.objects.create(focus_area=area, text=f"Eit mål for {area.title}")
    url = reverse("plan_export", args=_args(world, plan, "pdf"))
    pdf = PdfReader(io.BytesIO(login(world.principal_a).get(url).content))
    assert plan.focus_areas.count() >= 2 and len(pdf.pages) == 1


def test_a_measure_ending_before_it_starts_is_said_with_the_other_errors(world, plan):
    """The user test: «cannot end before it starts» came only after the person was chosen."""
    from skolekvalitet.plans.forms import MeasureForm

    year = plan.school_year.start_year
    form = MeasureForm(
        {"goal": "", "title": "Lesekvart", "start": f"{year}-10-01", "end": f"{year}-09-01"}
    )
    assert not form.is_valid()
    assert "responsible" in form.errors and "end" in form.errors
