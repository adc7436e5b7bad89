"""Issue 19, the tester's findings: a quality plan may be made for the coming school years, and
no two of an owner's quality plans cover the same school year."""

from django.urls import reverse

from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting
from skolekvalitet.plans.models import QualityPlan


def _post(admin, world, title, first, last, url=None):
    return admin.post(
        url or reverse("quality_add_plan", args=[world.owner.slug]),
        {"plan-title": title, "plan-first_year": first.pk, "plan-last_year": last.pk},
    )


def test_the_coming_school_years_are_offered(world, login):
    start = current_school_year().start_year
    page = login(world.admin, "nn").get(reverse("quality_plan", args=[world.owner.slug]))
    text = page.content.decode()
    for ahead in range(7):
        code = school_year_starting(start + ahead).code
        assert f">{code}</option>" in text
    admin = login(world.admin, "nn")
    first, last = school_year_starting(start + 2), school_year_starting(start + 5)
    assert _post(admin, world, "Kvalitetsplan framover", first, last).status_code == 302
    assert QualityPlan.objects.get().last_year == last


def test_an_overlapping_period_is_refused_naming_the_other_plan(world, login):
    start = current_school_year().start_year
    first, last = school_year_starting(start - 1), school_year_starting(start + 2)
    existing = QualityPlan.objects.create(
        owner=world.owner, title="Kvalitetsplan 2024–2028", first_year=first, last_year=last
    )
    admin = login(world.admin, "nn")
    response = _post(
        admin, world, "Ny plan", school_year_starting(start), school_year_starting(start + 4)
    )
    assert response.status_code == 400
    assert "Perioden overlappar kvalitetsplanen «Kvalitetsplan 2024–2028»" in (
        response.content.decode()
    )
    assert QualityPlan.objects.count() == 1
    after = school_year_starting(start + 3)
    assert _post(admin, world, "Neste plan", after, after).status_code == 302
    # a plan changed within its own period is no overlap with itself
    edit = reverse("quality_entry_edit", args=[world.owner.slug, "plan", existing.pk])
    assert _post(admin, world, "Kvalitetsplanen", first, last, url=edit).status_code == 302
    existing.refresh_from_db()
    assert existing.title == "Kvalitetsplanen"
