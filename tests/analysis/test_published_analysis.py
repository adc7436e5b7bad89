"""The owner overview, the follow-up list and the explorer read each school's analysis as it was
stored when the figures were published (analysis/published.py), never every school's figures on
each request, and show exactly what analysing the figures then and there would show."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skolekvalitet.analysis import presenting, published
from skolekvalitet.analysis.models import FollowUpRules, PublishedAnalysis
from skolekvalitet.analysis.sheet import analyse_school, overview
from skolekvalitet.demo import build_demo
from skolekvalitet.knowledge import store
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Indicator, Observation, PublishedFigure
from skolekvalitet.organisations.models import Owner, SchoolYear
from skolekvalitet.stats.flags import Flag

FIGURES = PublishedFigure._meta.db_table


def _demo():
    build_demo()
    owner = Owner.objects.get(slug="demo")
    return owner, owner.memberships.get(role="owner_admin").person


def _write_reading(owner, row: PublishedAnalysis) -> None:
    """Import a new reading figure of 12.3 for the row's school in its latest year of it."""
    figure = Observation(
        indicator=Indicator.objects.get(code="nt5_reading", owner=None),
        school=row.school,
        school_year=SchoolYear.objects.get(code=row.cells["nt5_reading.5"][0]),
        grade=5,
        value=12.3,
        n=40,
        uncertainty=2.0,
        uncertainty_kind="udir",
    )
    store.write(None, owner, [figure])


def test_the_stored_analysis_is_what_analysing_the_figures_gives(db):
    owner, _admin = _demo()
    schools = list(owner.schools.all())
    chain = Chain(owner, schools)
    rules = FollowUpRules.for_owner(owner)
    today = timezone.localdate()
    late = published.overdue_agreements(owner, today)
    live = [
        analyse_school(chain, s, rules, late.get(s.pk, 0))
        for s in sorted(schools, key=lambda s: s.name)
    ]
    stored = published.follow_up(owner, schools, today)
    indicators = list(chain.indicators.values())
    assert presenting.follow_up([s.analysis for s in stored], indicators) == presenting.follow_up(
        live, indicators
    )
    assert any(a.flags for a in live) and any(a.profiles for a in live)
    columns, table = overview(chain)
    stored_columns, stored_table = published.overview_table(stored, published.catalogue(owner))
    assert stored_columns == columns
    assert [(s, [presenting.stored_cell(i, c) for i, c in cells]) for s, cells in stored_table] == [
        (s, [presenting.cell(r) for r in cells]) for s, cells in table
    ]


def test_the_overview_and_the_explorer_never_read_every_schools_figures(db, login):
    owner, admin = _demo()
    client = login(admin)
    with CaptureQueriesContext(connection) as overview_queries:
        assert client.get(reverse("overview", args=[owner.slug])).status_code == 200
    assert not [q for q in overview_queries if FIGURES in q["sql"]]
    with CaptureQueriesContext(connection) as explorer_queries:
        url = reverse("explorer", args=[owner.slug]) + "?show=nt5_reading.5"
        assert "Funnel plot" in client.get(url).content.decode()
    read = [q["sql"] for q in explorer_queries if FIGURES in q["sql"]]
    assert len(read) == 1 and re.search(r'"indicator_id" IN \(\d+\)', read[0])  # one indicator


def test_changed_follow_up_rules_change_the_stored_flags(db, login):
    owner, admin = _demo()
    flagged = [a for a in PublishedAnalysis.objects.filter(owner=owner) if a.flags]
    assert any(code == "profile_4" for a in flagged for code, _e in a.flags)
    client = login(admin)
    response = client.post(
        reverse("follow_up_rules", args=[owner.slug]),
        {"below_nation_years": 0, "participation_min_percent": 0, "participation_drop_points": 100},
    )
    assert response.status_code == 302
    assert not [a for a in PublishedAnalysis.objects.filter(owner=owner) if a.flags]
    body = client.get(reverse("overview", args=[owner.slug])).content.decode()
    assert "<li>" not in body.split('class="ds-list follow-up">')[1].split("</ul>")[0]


def test_a_school_with_other_grades_is_analysed_again(db):
    owner, _admin = _demo()
    row = next(a for a in PublishedAnalysis.objects.filter(owner=owner) if a.profiles)
    school = row.school
    school.first_grade, school.last_grade = 1, 4  # no stage of the profiles any more
    school.save()
    assert PublishedAnalysis.objects.get(owner=owner, school=school).profiles == []


def test_overdue_agreements_are_counted_today_beside_the_stored_flags(db, monkeypatch):
    owner, _admin = _demo()
    school = owner.schools.order_by("name").first()
    monkeypatch.setattr(published, "overdue_agreements", lambda o, today: {school.pk: 2})
    stored = published.follow_up(owner, [school], datetime.date(2030, 1, 1))
    assert stored[0].analysis.flags[-1] == Flag("overdue_agreements", {"count": 2})


def test_the_overview_renders_its_tables_once_per_analysis_and_never_stale(db, login):
    """The tables of every school are cached per analysis, schools, catalogue and language:
    a second visit reads no school's cells, and new figures or a new name show at once."""
    owner, admin = _demo()
    client = login(admin)
    url = reverse("overview", args=[owner.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert not [q for q in again if '"cells"' in q["sql"]]
    row = next(
        a for a in PublishedAnalysis.objects.filter(owner=owner) if "nt5_reading.5" in a.cells
    )
    _write_reading(owner, row)
    row.school.name = "Nyskulen"
    row.school.save()
    body = client.get(url).content.decode()
    assert "12.3" in body and "Nyskulen" in body


def test_the_data_sheet_is_rendered_once_per_publication_and_never_stale(db, login):
    """A second visit reads no figures; a new figure shows at once; a reader who may see the
    staff's answers never gets the page cached for one who may not (nor the other way)."""
    owner, admin = _demo()
    row = next(
        a for a in PublishedAnalysis.objects.filter(owner=owner) if "nt5_reading.5" in a.cells
    )
    client = login(admin)
    url = reverse("data_sheet", args=[owner.slug, row.school.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert not [q for q in again if FIGURES in q["sql"]]
    _write_reading(owner, row)
    assert "12.3" in client.get(url).content.decode()
    staff = published.fragment_key(owner, [row.school], [], True, None)
    assert staff != published.fragment_key(owner, [row.school], [], False, None)
