"""Open data: nothing until the owner publishes; then figures and published report versions as
CSV and JSON with a catalogue, never a hidden value, never text that a spreadsheet would run."""

import csv
import io

import pytest
from django.urls import reverse

from skolekvalitet.api.figures import COLUMNS
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.models import School
from skolekvalitet.reporting.models import ReportVersion, StatusReport

from .conftest import PLANTED, PLANTED_N, TOO_FEW

NAMES = ["open_catalog", "open_figures_csv", "open_figures_json", "open_reports_csv"]
NAMES += ["open_reports_json", "open_data_home"]


def urls(owner) -> list[str]:
    return [reverse(name, args=[owner.slug]) for name in NAMES]


@pytest.fixture
def published(world, figures, login):
    client = login(world.admin)
    response = client.post(reverse("open_data_publish", args=[world.owner.slug]))
    assert response.status_code == 302
    client.logout()
    return client


def test_it_answers_404_until_the_owner_publishes_and_after_it_stops(world, figures, client):
    for url in urls(world.owner):
        assert client.get(url).status_code == 404, url
    client.force_login(world.admin)
    client.post(reverse("open_data_publish", args=[world.owner.slug]))
    client.logout()
    for url in urls(world.owner):
        assert client.get(url).status_code == 200, url
        assert client.post(url).status_code == 405, url
    for url in urls(world.other_owner):
        assert client.get(url).status_code == 404, url
    client.force_login(world.admin)
    client.post(reverse("open_data_withdraw", args=[world.owner.slug]))
    assert client.get(urls(world.owner)[1]).status_code == 404


def test_only_the_owners_administrator_publishes(world, login):
    url = reverse("open_data_publish", args=[world.owner.slug])
    assert login(world.teacher_a).post(url).status_code == 403
    assert login(world.outsider).post(url).status_code == 404
    assert login(world.admin).get(url).status_code == 405


def test_no_output_holds_a_hidden_value(world, figures, published):
    for url in urls(world.owner):
        body = published.get(url).content.decode()
        for planted in (str(PLANTED), str(PLANTED_N), str(TOO_FEW), "77,77"):
            assert planted not in body, url
    rows = published.get(urls(world.owner)[2]).json()["figures"]
    hidden = [r for r in rows if r["status"] != "shown"]
    assert {r["status"] for r in hidden} >= {"suppressed_by_source", "too_few"}
    for row in hidden:
        assert (row["value"], row["n"], row["ci_low"], row["ci_high"]) == (None,) * 4


def test_the_csv_has_the_documented_columns_and_no_formulas(world, figures, published):
    School.objects.filter(pk=world.school_a.pk).update(name="=HYPERLINK(1) skule")
    text = published.get(urls(world.owner)[1]).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == COLUMNS
    names = {row[COLUMNS.index("unit_name")] for row in rows[1:]}
    assert "'=HYPERLINK(1) skule" in names and "=HYPERLINK(1) skule" not in names
    shown = [r for r in rows[1:] if r[COLUMNS.index("status")] == "shown"]
    assert shown and all(r[COLUMNS.index("ci_low")] for r in shown)


def test_spreadsheet_users_get_excel_with_numbers_and_the_columns_explained(
    world, figures, published
):
    from openpyxl import load_workbook

    response = published.get(reverse("open_figures_xlsx", args=[world.owner.slug]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    values = [r[COLUMNS.index("value")] for r in rows[1:] if r[COLUMNS.index("status")] == "shown"]
    assert values and all(isinstance(v, int | float) for v in values)
    cells = {str(c) for row in rows for c in row}
    assert not cells & {str(PLANTED), str(PLANTED_N), str(TOO_FEW)}
    meanings = dict(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert set(COLUMNS) <= set(meanings)


def test_the_open_data_page_explains_every_column_in_nynorsk(world, figures, published):
    published.cookies["django_language"] = "nn"
    page = published.get(reverse("open_data_home", args=[world.owner.slug])).content.decode()
    assert "Opne data frå" in page and "Kolonnane i tala" in page
    for column in COLUMNS:
        assert f"<code>{column}</code>" in page
    assert reverse("open_figures_xlsx", args=[world.owner.slug]) in page


def test_it_leaves_out_staff_questionnaires(world, figures, published, api, token):
    from skolekvalitet.knowledge.models import Observation

    staff = Indicator.objects.filter(code__startswith="tenfactor_", owner=None).first()
    Observation.objects.create(
        indicator=staff, school=world.school_a, school_year=figures["year"], value=3.21, n=20
    )
    body = published.get(urls(world.owner)[2]).content.decode()
    assert staff.code not in body and "3.21" not in body
    # The owner's own token reads them (as the owner's administrators do on the pages).
    assert staff.code in api(f"/owners/{world.owner.slug}/figures", token()).content.decode()


def test_it_lists_the_versions_of_published_public_reports_only(world, figures, published):
    public = StatusReport.objects.create(
        owner=world.owner, school_year=figures["year"], status="published", public=True
    )
    ReportVersion.objects.create(report=public, number=1, text="Offentleg", saved_by=world.admin)
    draft_year = figures["year"].__class__.objects.create(code="2024-25")
    draft = StatusReport.objects.create(owner=world.owner, school_year=draft_year)
    ReportVersion.objects.create(report=draft, number=1, text="Utkast", saved_by=world.admin)
    listed = published.get(urls(world.owner)[4]).json()["report_versions"]
    assert [(r["school_year"], r["text"]) for r in listed] == [(figures["year"].code, "Offentleg")]
    assert listed[0]["url"].endswith(f"/report/{world.owner.slug}/{figures['year'].code}/")
    text = published.get(urls(world.owner)[3]).content.decode()
    assert "2024-25" not in text and "Utkast" not in text


def test_the_catalogue_points_at_every_distribution(world, figures, published):
    catalogue = published.get(urls(world.owner)[0]).json()
    links = [d["dcat:accessURL"] for s in catalogue["dcat:dataset"] for d in s["dcat:distribution"]]
    assert len(links) == 4
    for link in links:
        assert published.get(link.removeprefix("http://testserver")).status_code == 200
