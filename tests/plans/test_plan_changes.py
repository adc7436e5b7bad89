"""Issue 19 (a user tester on the plan pages): the status line says the state with its date, a
target keeps the digits it was given everywhere, a changed target or text is one change in the
history, the version page says what changed since the last version, and an agreement or
measure made from a finding keeps whole words."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from skolekvalitet.api.endpoints import criterion_out
from skolekvalitet.dialogues.models import Agreement
from skolekvalitet.documents import present
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import (
    Criterion,
    DevelopmentPlan,
    Goal,
    Measure,
)
from skolekvalitet.plans.texts import target_text
from tests.plans.helpers import on_indicator, quality_goal, words


@pytest.fixture
def plan(world):
    sync_catalogue()
    return actions.create_plan(world.principal_a, world.school_a, current_school_year())


def _args(world, plan):
    return [world.owner.slug, world.school_a.pk, plan.school_year.code]


def _wellbeing(plan, target, text="Alle trivst") -> Criterion:
    goal = Goal.objects.create(focus_area=plan.focus_areas.first(), text=text)
    return Criterion.objects.create(
        goal=goal, kind="indicator", **on_indicator("ps_wellbeing", 7, "at_least", target)
    )


@pytest.mark.parametrize(
    ("language", "submitted", "returned"),
    [
        ("nn", "Sendt til skuleeigaren", "Sendt tilbake med kommentarar"),
        ("nb", "Sendt til skoleeieren", "Sendt tilbake med kommentarer"),
    ],
)
def test_the_status_line_says_the_state_and_when(world, plan, login, language, submitted, returned):
    with translation.override(language):
        labels = {value: str(label) for value, label in DevelopmentPlan.Status.choices}
    assert labels["submitted"] == submitted and labels["returned"] == returned
    _wellbeing(plan, 4.0)
    actions.submit(world.principal_a, plan)
    url = reverse("plan_detail", args=_args(world, plan))
    today = present.date(timezone.localdate(), language)
    assert f"{submitted} {today}" in words(login(world.principal_a, language).get(url))
    actions.send_back(world.admin, plan, "Legg til eit tiltak.")
    assert f"{returned} {today}" in words(login(world.principal_a, language).get(url))
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    page = words(login(world.principal_a, language).get(url))
    approved = labels["approved"]
    assert f"{approved} {today}" in page and f"{approved} {approved}" not in page


def test_a_target_keeps_the_digits_it_was_given_everywhere(world, plan, login):
    assert present.exact(4.35, "nn") == "4,35" and present.exact(50.0, "nb") == "50"
    assert present.exact(4.2, "en") == "4.2" and present.exact(None) == "–"
    criterion = _wellbeing(plan, 4.35)
    with translation.override("nn"):
        assert target_text(criterion) == "minst 4,35"
        assert "minst 4,35" in actions.plan_text(plan)
    out = criterion_out(criterion)
    assert out["text_nn"].endswith("minst 4,35") and out["text_nb"].endswith("minst 4,35")
    page = words(
        login(world.principal_a, "nn").get(reverse("plan_detail", args=_args(world, plan)))
    )
    assert "Trivsel, 7. trinn: minst 4,35" in page and "minst 4,4" not in page


def test_a_changed_target_or_text_reads_as_one_change(world, plan, login):
    criterion = _wellbeing(plan, 4.0)
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    criterion.target = 4.35
    actions.save_item(world.principal_a, plan, criterion)
    goal = criterion.goal
    goal.text = "Alle trivst og er trygge"
    actions.save_item(world.principal_a, plan, goal)
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    page = words(
        login(world.teacher_a, "nn").get(reverse("plan_versions", args=_args(world, plan)))
    )
    assert (
        "Suksesskriterium «Trivsel, 7. trinn»: målverdien er endra frå minst 4 til minst 4,35"
    ) in page
    assert "Mål endra frå «Alle trivst» til «Alle trivst og er trygge»" in page
    assert "Lagt til:" not in page and "Fjerna:" not in page


def test_a_changed_target_in_the_quality_plan_reads_as_one_change(world, login):
    sync_catalogue()
    goal = quality_goal(world.owner, "Alle trivst", "ps_wellbeing", 7, "at_least", 4.0)
    actions.save_owner_item(world.admin, world.owner, goal)
    goal.target = 4.35
    actions.save_owner_item(world.admin, world.owner, goal)
    page = words(login(world.admin, "nb").get(reverse("quality_plan", args=[world.owner.slug])))
    assert (
        "Skoleeierens mål «Alle trivst (Trivsel, 7. trinn)»: målverdien er endret fra minst 4 til "
        "minst 4,35"
    ) in page
    assert "Fjernet:" not in page


def test_the_version_page_says_what_changed_since_the_last_version(world, plan, login):
    criterion = _wellbeing(plan, 4.0)
    other = _wellbeing(plan, 4.1, "Alle er trygge")
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    url = reverse("plan_versions", args=_args(world, plan))
    page = words(login(world.teacher_a, "nn").get(url))
    assert "Den første godkjende versjonen." in page and "Endringar sidan" not in page
    criterion.target = 4.5
    actions.save_item(world.principal_a, plan, criterion)
    actions.delete_item(world.principal_a, plan, other.goal)
    year = plan.school_year.start_year
    measure = Measure(
        goal=criterion.goal,
        title="Klassemøte kvar veke",
        responsible=world.principal_a,
        start=datetime.date(year, 9, 1),
        end=datetime.date(year + 1, 6, 1),
    )
    actions.save_item(world.principal_a, plan, measure)
    page = words(login(world.teacher_a, "nn").get(url))
    pending = page.split("Endringar sidan versjon 1 som skuleeigaren ikkje har godkjent enno")[1]
    assert "målverdien er endra frå minst 4 til minst 4,5" in pending
    assert "Lagt til: Tiltak: Klassemøte kvar veke" in pending
    assert "Fjerna: Mål: Alle er trygge" in pending
    assert "Fjerna: Suksesskriterium: Trivsel, 7. trinn: minst 4,1" in pending


def test_an_agreement_from_a_finding_is_named_with_wholewords(world):
    long = "Skulen hadde ikkje dokumentert undersøkinga av saka innan fristen i lova"
    assert present.shorten(long, 40) == "Skulen hadde ikkje dokumentert…"
    assert present.shorten("Kort tekst", 40) == "Kort tekst"
    agreement = Agreement(area=Agreement.Area.ENVIRONMENT, what=long)
    name = str(agreement).split(": ", 1)[1]
    assert name.endswith("…") and long.startswith(name[:-1]) and long[len(name) - 1] == " "
