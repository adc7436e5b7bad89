"""Issue 19: a principal evaluates a milestone, judges a described sign, moves a measure on, types a
target as "3,5" in a Norwegian browser (3.5, never 35), changes a goal and deletes a criterion
after being asked; the head of education changes and removes parts of the quality plan, links a
goal to an indicator with a target, and reads the history in words. Every page passes axe; no
sideways scrolling on a phone."""

import re

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import (
    Criterion,
    Goal,
    Measure,
    Milestone,
    Priority,
    QualityGoal,
    QualityPlan,
)
from tests.browser.test_journey_import import _fits
from tests.browser.test_journey_school_people import _log_in
from tests.conftest import PASSWORD
from tests.plans.helpers import measure_and_milestone


def _plan(world):
    sync_catalogue()
    year = current_school_year()
    plan = actions.create_plan(world.principal_a, world.school_a, year)
    goal = Goal.objects.create(focus_area=plan.focus_areas.first(), text="Elevane les meir")
    Criterion.objects.create(goal=goal, kind="sign", description="Elevane vel bøker sjølve")
    measure_and_milestone(plan, goal, world.principal_a, "Lesekvart kvar dag")
    return plan


def test_a_principal_evaluates_and_changes_the_plan(pages, world):
    plan = _plan(world)
    page = pages.page
    _log_in(pages, world.principal_a.email, PASSWORD, language="nb")
    base = f"/o/{world.owner.slug}/schools/{world.school_a.pk}/plans/{plan.school_year.code}/"
    pages.goto(base + "edit/")

    form = page.locator("form[action*='/edit/milestone_evaluation/']")
    form.get_by_label("Milepæl").select_option(label="Halvårsvurdering")
    form.get_by_label("Hva vi gjorde og hva det endret").fill("Alle klassar har lesekvart.")
    form.get_by_label("Vurdering").select_option("partly")
    form.get_by_role("button", name="Lagre").click()
    pages.settle()
    milestone = Milestone.objects.get()
    assert (milestone.evaluation, milestone.verdict) == ("Alle klassar har lesekvart.", "partly")

    form = page.locator("form[action*='/edit/sign_verdict/']")
    form.get_by_label("Suksesskriterium").select_option(label="Elevane vel bøker sjølve")
    form.get_by_label("Vurdering").select_option("met")
    form.get_by_role("button", name="Lagre").click()
    pages.settle()
    form = page.locator("form[action*='/edit/measure_status/']")
    form.get_by_label("Tiltak").select_option(label="Lesekvart kvar dag")
    form.get_by_label("Status").select_option("ongoing")
    form.get_by_role("button", name="Lagre").click()
    pages.settle()
    assert Criterion.objects.get().verdict == "met" and Measure.objects.get().status == "ongoing"

    # A target that is no number is refused where the form is, not far down a page at its top.
    wellbeing = Indicator.objects.get(code="ps_wellbeing", owner=None)
    form = page.locator("form[action*='/edit/criterion/']")
    form.locator("select[name='criterion-goal']").select_option(label="Elevane les meir")
    form.get_by_label("Type").select_option("indicator")
    form.get_by_label("Indikator").select_option(str(wellbeing.pk))
    form.locator("input[name='criterion-target']").fill("abc")
    seen = len(pages.problems)
    form.get_by_role("button", name="Legg til").click()
    pages.settle()
    assert [p for p in pages.problems[seen:] if "400 (Bad Request)" not in p] == []
    del pages.problems[seen:]  # the browser logs the page's 400, which we asked for
    assert page.locator(".ds-error-summary").is_visible()
    assert page.locator(".ds-error-summary").evaluate(
        "e => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().top < innerHeight"
    )

    # A target typed the Norwegian way is 3.5, never 35; the page shows it back as "3,5".
    form = page.locator("form[action*='/edit/criterion/']")
    form.locator("input[name='criterion-target']").fill("")
    form.locator("select[name='criterion-goal']").select_option(label="Elevane les meir")
    form.get_by_label("Type").select_option("indicator")
    form.get_by_label("Indikator").select_option(str(wellbeing.pk))
    form.get_by_label("Trinn").select_option("7")
    form.locator("select[name='criterion-comparator']").select_option("at_least")
    form.locator("input[name='criterion-target']").press_sequentially("3,5")
    form.get_by_role("button", name="Legg til").click()
    pages.settle()
    target = Criterion.objects.get(kind="indicator")
    assert target.target == 3.5
    assert "minst 3,5" in page.locator("section[aria-labelledby=contents]").inner_text()

    # Change the goal's text through its own page, filled in with what it holds.
    page.get_by_role("link", name=re.compile(r"^Endre\W+Elevane les meir$")).click()
    pages.settle()
    text = page.get_by_role("textbox", name="Mål")
    assert text.input_value() == "Elevane les meir"
    text.fill("Elevane les meir og betre")
    page.get_by_role("button", name="Lagre").click()
    pages.settle()
    assert Goal.objects.get().text == "Elevane les meir og betre"

    # Delete the indicator criterion: asked first, then gone.
    page.get_by_role(
        "link", name=re.compile(rf"^Slett\W+{wellbeing.name_nb}, 7. trinn: minst 3,5$")
    ).click()
    pages.settle()
    assert Criterion.objects.filter(pk=target.pk).exists()
    page.get_by_role("button", name="Ja, slett").click()
    pages.settle()
    assert not Criterion.objects.filter(pk=target.pk).exists()
    _fits(pages)

    pages.goto(base)
    assert "Alle klassar har lesekvart." in page.content()
    _fits(pages)


def test_the_head_of_education_edits_the_quality_plan(pages, world):
    sync_catalogue()
    year = current_school_year()
    quality = QualityPlan.objects.create(
        owner=world.owner, title="Kvalitetsplan 2026–2030", first_year=year, last_year=year
    )
    reading = Priority.objects.create(quality_plan=quality, title="Lesing", goal="Alle les")
    Priority.objects.create(quality_plan=quality, title="Digitale ferdigheiter", order=1)
    page = pages.page
    _log_in(pages, world.admin.email, PASSWORD, language="nn")
    pages.goto(f"/o/{world.owner.slug}/quality-plan/")

    page.get_by_role("link", name=re.compile(r"^Endre\W+Lesing$")).click()
    pages.settle()
    page.get_by_role("textbox", name="Satsingsområde").fill("Lesing og skriving")
    page.get_by_role("button", name="Lagre").click()
    pages.settle()
    reading.refresh_from_db()
    assert reading.title == "Lesing og skriving"

    bullying = Indicator.objects.get(code="ps_bullying", owner=None)
    form = page.locator("form[action*='/quality-plan/goal/']")
    form.get_by_label("Satsingsområde").select_option(label="Lesing og skriving")
    form.get_by_label("Målet til skuleeigaren").fill("Færre elevar vert mobba")
    form.get_by_label("Indikator").select_option(str(bullying.pk))
    form.get_by_label("Trinn").select_option("7")
    form.locator("select[name='goal-comparator']").select_option("at_most")
    form.locator("input[name='goal-target']").press_sequentially("4,5")
    form.get_by_role("button", name="Legg til").click()
    pages.settle()
    goal = QualityGoal.objects.get()
    assert (goal.priority, goal.target, goal.comparator) == (reading, 4.5, "at_most")
    assert "høgst 4,5" in page.locator("main").inner_text()

    page.get_by_role("link", name=re.compile(r"^Slett\W+Digitale ferdigheiter$")).click()
    pages.settle()
    page.get_by_role("button", name="Ja, slett").click()
    pages.settle()
    assert list(quality.priorities.values_list("title", flat=True)) == ["Lesing og skriving"]

    page.get_by_text("Endringshistorikk").click()
    history = page.locator("details.history").inner_text()
    assert "Fjerna: Satsingsområde: Digitale ferdigheiter" in history
    assert "endra frå «Lesing – Alle les» til «Lesing og skriving – Alle les»" in history
    # in the reader's language (nn), though the owner's is nb
    assert "7. trinn: høgst 4,5" in history and "høyst" not in history and "at_most" not in history
    pages.axe()
    _fits(pages)
