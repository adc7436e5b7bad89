"""Issue 14: no owner's import changes another owner's figures; imports are bounded, parsed
once and their uploads deleted; the import's writes have their own POST-only URLs."""

import csv
import html
import io
import os
import time

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.knowledge.models import Area, Indicator, Observation
from skolekvalitet.organisations.models import Owner
from skolekvalitet.organisations.schoolyears import school_year_starting
from tests.udir import NT5_2023, udir_file


def _wellbeing_of(owner, kind):
    chain = Chain(owner, [])
    indicator = Indicator.objects.get(code="ps_wellbeing", owner=None)
    figure = chain.get(indicator, ("area", kind), "2025-26", 7)
    return None if figure is None else figure.value


@pytest.fixture
def area_figures(world):
    """Owner A's municipality figure, stored from a Udir file A imported."""
    sync_catalogue()
    municipality = Area.objects.create(kind="municipality", code="4699", name="Fjordvik")
    Observation.objects.create(
        indicator=Indicator.objects.get(code="ps_wellbeing", owner=None),
        area=municipality,
        owner=world.owner,
        school_year=school_year_starting(2025),
        grade=7,
        value=3.9,
        n=85,
    )
    return municipality


def test_another_owners_tidy_file_cannot_write_area_figures(world, area_figures, login, tmp_path):
    forged = (
        b"indicator;unit_kind;unit_code;unit_name;school_year;grade;value;n\n"
        b"ps_wellbeing;municipality;4699;Fjordvik;2025-26;7;1,1;85\n"
        b"ps_wellbeing;nation;0;Norge;2025-26;7;1,1;85000\n"
    )
    with translation.override("en"):
        plan = plan_import(world.other_owner, forged, "forged.csv")
    assert plan.report()["observations_updated"] == 0
    assert "forged.csv, line 2, column unit_kind" in plan.errors[0]
    assert "forged.csv, line 3, column unit_kind" in plan.errors[1]
    with pytest.raises(ValueError):
        apply_import(None, plan)
    # Not even the owner's own tidy file writes area figures: they come from Udir's files.
    assert plan_import(world.owner, forged, "own.csv").errors
    assert _wellbeing_of(world.owner, "municipality") == 3.9


def test_another_owners_udir_file_cannot_change_your_area_figures(db):
    sync_catalogue()
    aas = Owner.objects.create(
        slug="as", name="Ås", kind="municipality", municipality_number="3021"
    )
    other = Owner.objects.create(
        slug="vestby", name="Vestby", kind="municipality", municipality_number="3019"
    )
    data = udir_file(NT5_2023)
    apply_import(None, plan_import(aas, data, NT5_2023))
    mine = Observation.objects.get(
        owner=aas, area__kind="municipality", area__code="3021", indicator__code="nt5_reading"
    )
    text = data.decode("utf-16-le")
    line = next(row for row in text.splitlines() if "\t3021\t3021\t" in row)
    cells = line.split("\t")
    cells[12] = "10"  # reading, scale points
    forged = text.replace(line, "\t".join(cells)).encode("utf-16-le")
    plan = plan_import(other, forged, "vestby.csv")
    assert plan.errors == []
    apply_import(None, plan)
    mine.refresh_from_db()
    assert Observation.objects.get(pk=mine.pk).value == mine.value
    chain = Chain(aas, [])
    reading = Indicator.objects.get(code="nt5_reading", owner=None)
    figure = chain.get(reading, ("area", "municipality"), "2023-24", 5)
    assert figure.value == mine.value and figure.file_name == NT5_2023
    # Each owner keeps the comparison figures it imported (its own areas), with provenance.
    assert not Observation.objects.filter(owner=other, area__code="3021").exists()
    assert Observation.objects.filter(owner=other, area__code="3019").exists()


def _uploads(tmp_path):
    """The unconfirmed imports kept (DATA_DIR and MEDIA_ROOT are both tmp_path here)."""
    folder = tmp_path / "uploads"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _upload(client, owner, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("import_upload", args=[owner.slug]), {"file": SimpleUploadedFile(name, data)}
    )


def _school_csv(world, value="3,9"):
    return (
        "indicator;unit_kind;unit_code;school_year;grade;value;n\n"
        f"ps_wellbeing;school;{world.school_a.org_number};2025-26;7;{value};21\n"
    ).encode()


def test_it_parses_an_upload_once_and_deletes_it_when_confirmed(
    world, login, settings, tmp_path, monkeypatch
):
    sync_catalogue()
    settings.MEDIA_ROOT = tmp_path  # uploads go to Django's storage
    client = login(world.admin)
    assert _upload(client, world.owner, "mine.csv", _school_csv(world)).status_code == 302
    assert _uploads(tmp_path)

    def parse_again(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr("skolekvalitet.sources.detect.parse_file", parse_again)
    monkeypatch.setattr("skolekvalitet.knowledge.importing.parse_file", parse_again)
    preview = reverse("import_preview", args=[world.owner.slug])
    name = Indicator.objects.get(code="ps_wellbeing", owner=None).name_en
    for _ in range(2):  # each view compares the kept figures again, without parsing
        body = client.get(preview).content.decode()
        assert name in body and "ps_wellbeing" not in body
    response = client.post(reverse("import_confirm", args=[world.owner.slug]))
    assert response.status_code == 302
    assert Observation.objects.get(school=world.school_a).value == 3.9
    assert not _uploads(tmp_path)


def test_it_deletes_a_cancelled_upload_and_old_ones(world, login, settings, tmp_path):
    sync_catalogue()
    settings.MEDIA_ROOT = tmp_path  # uploads go to Django's storage
    client = login(world.admin)
    _upload(client, world.owner, "mine.csv", _school_csv(world))
    response = client.post(reverse("import_cancel", args=[world.owner.slug]))
    assert response.status_code == 302
    assert not _uploads(tmp_path)
    _upload(client, world.owner, "mine.csv", _school_csv(world))
    (stale,) = _uploads(tmp_path)
    old = time.time() - 2 * 24 * 3600
    os.utime(stale, (old, old))
    _upload(client, world.owner, "mine.csv", _school_csv(world, "4,0"))
    assert stale not in _uploads(tmp_path)
    assert len(_uploads(tmp_path)) == 1
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("name", ["import_confirm", "import_cancel"])
def test_the_import_actions_have_their_own_post_only_urls(world, login, name):
    client = login(world.admin)
    url = reverse(name, args=[world.owner.slug])
    assert client.get(url).status_code == 405
    assert login(world.principal_a).post(url).status_code == 403
    assert login(world.outsider).post(url).status_code == 404


def test_it_bounds_an_xlsx_import(world, login, settings, tmp_path, monkeypatch):
    from skolekvalitet.sources import tidy

    settings.MEDIA_ROOT = tmp_path  # uploads go to Django's storage
    monkeypatch.setattr(tidy, "MAX_ROWS", 5)
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "unit_kind", "unit_code", "school_year", "value"])
    for _ in range(10):
        sheet.append(["ps_wellbeing", "school", world.school_a.org_number, "2025-26", "4"])
    data = io.BytesIO()
    book.save(data)
    response = _upload(login(world.admin), world.owner, "big.xlsx", data.getvalue())
    assert "big.xlsx" in response.content.decode() and "5 rows" in response.content.decode()
    assert not _uploads(tmp_path)


def test_the_import_template_stores_text_as_text(monkeypatch, db):
    from openpyxl import load_workbook

    from skolekvalitet.knowledge import template

    row = ['=HYPERLINK("http://x")', "school", "+1", "@SUM(A1)", "2025-26"] + [""] * 7
    monkeypatch.setattr(template, "EXAMPLE", [row])
    with translation.override("en"):
        sheet = load_workbook(template.template_xlsx()).active
        text = template.template_csv()
    cells = [sheet.cell(row=2, column=c) for c in (1, 3, 4)]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    assert cells[0].value == row[0]
    line = next(csv.reader(io.StringIO(text.splitlines()[1]), delimiter=";"))
    assert line[:4] == ["'" + row[0], "school", "'+1", "'@SUM(A1)"]


def test_the_contribution_output_stores_school_ids_as_text(tmp_path):
    import polars as pl
    from django.core.management import call_command

    pupils = tmp_path / "pupils.csv"
    call_command(
        "contribution",
        "simulate",
        "--schools=4",
        "--pupils=200",
        "--seed=3",
        f"--out={pupils}",
        stdout=io.StringIO(),
    )
    frame = pl.read_csv(pupils, schema_overrides={"school_id": pl.String})
    ids = sorted(frame["school_id"].unique().to_list())
    evil = {ids[0]: "=1+1", ids[1]: "@cmd", ids[2]: "-2+3"}
    frame = frame.with_columns(pl.col("school_id").replace(evil))
    frame.write_csv(pupils)
    out = tmp_path / "result.csv"
    call_command(
        "contribution",
        "fit",
        str(pupils),
        "--stage=5-7",
        "--min-pupils=1",
        f"--out={out}",
        stdout=io.StringIO(),
    )
    written = set(pl.read_csv(out, schema_overrides={"school_id": pl.String})["school_id"])
    assert {"'=1+1", "'@cmd", "'-2+3"} <= written


def test_an_unknown_template_format_is_not_found(world, login):
    url = reverse("import_template", args=[world.owner.slug, "pdf"])
    assert login(world.admin).get(url).status_code == 404


def test_it_maps_school_names_in_the_preview_and_imports_with_the_mapping(
    world, login, settings, tmp_path
):
    sync_catalogue()
    settings.MEDIA_ROOT = tmp_path  # uploads go to Django's storage
    client = login(world.admin)
    data = (
        b"indicator;unit_kind;unit_name;school_year;grade;value;n\n"
        b"ps_wellbeing;school;Alfheim;2025-26;7;4,1;30\n"
    )
    _upload(client, world.owner, "named.csv", data)
    preview = reverse("import_preview", args=[world.owner.slug])
    assert 'name="target-1"' in client.get(preview).content.decode()
    org = world.school_a.org_number
    page = client.get(preview, {"name-1": "Alfheim", "target-1": org}).content.decode()
    assert 'name="target-m1" value="' + org in page
    client.post(
        reverse("import_confirm", args=[world.owner.slug]),
        {"name-m1": "Alfheim", "target-m1": org},
    )
    assert Observation.objects.get(school=world.school_a).value == 4.1


def test_it_says_where_the_file_is_wrong_in_the_users_language(world, login, settings, tmp_path):
    settings.DATA_DIR = settings.MEDIA_ROOT = tmp_path
    sync_catalogue()
    org = world.school_a.org_number
    bad = (
        "indikator;einingstype;organisasjonsnummer;skuleår;verdi\n"
        f"ps_wellbeing;school;{org};2025-26;4,x\n"
        f"no_such;school;{org};2025-26;4\n"
    ).encode()
    response = _upload(login(world.admin, "nn"), world.owner, "x.csv", bad)
    body = html.unescape(response.content.decode())
    assert "x.csv, linje 2 (Alfheim skule), kolonne verdi: «4,x» er ikkje eit tal" in body
    with translation.override("nn"):
        plan = plan_import(world.owner, bad.replace(b"4,x", b"4"), "x.csv")
    assert plan.errors == [
        "x.csv, linje 3 (Alfheim skule), kolonne indikator: ukjend indikator «no_such»: han "
        "finst verken i katalogen eller blant dei eigne indikatorane dykkar (sida Indikatorar "
        "viser dei med kodane deira)"
    ]


def test_a_readers_error_is_said_in_bokmal_too(world):
    with translation.override("nb"):
        plan = plan_import(world.owner, b"indicator;school_year\nx;2025-26\n", "mal.csv")
    assert plan.errors == ["mal.csv, linje 1: mangler kolonner: enhetstype, verdi"]
