import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.knowledge.models import Area, Import, Observation, ObservationHistory
from skolekvalitet.organisations.models import Owner, School
from skolekvalitet.sources.schools import valid_org_number
from tests import udir
from tests.udir import NT5_2022, NT5_2023, SKOLEPORTEN, udir_file


@pytest.fixture
def aas(db):
    return Owner.objects.create(
        slug="as", name="Ås kommune", kind="municipality", municipality_number="3021"
    )


def _ours(owner, name):
    """The schools an owner chooses in the preview: here every candidate of its municipality
    (the national-test files do not say who owns a school, so none is created unasked)."""
    return [c.org_number for c in plan_import(owner, udir_file(name), name).candidates]


def _import(owner, name, **kwargs):
    plan = plan_import(owner, udir_file(name), name, **kwargs)
    assert plan.errors == []
    apply_import(None, plan)
    return plan.report()


def test_it_onboards_an_owner_from_a_national_file(aas):
    report = _import(aas, NT5_2023, create_schools=_ours(aas, NT5_2023))
    assert report["format"] == "statistikkbanken" and report["rows_read"] == 2485
    schools = {s.org_number: s for s in aas.schools.all()}
    assert report["schools_created"] == len(schools) == 7
    row = udir.cells(NT5_2023, "4", "974603209")  # the file itself
    assert schools["974603209"].name == row["EnhetNavn"]
    reading = Observation.objects.get(school=schools["974603209"], indicator__code="nt5_reading")
    assert (reading.value, reading.n, reading.uncertainty, reading.uncertainty_kind) == (
        udir.figure(row, "Lesing", "Skalapoeng"),
        udir.figure(row, "Lesing", "Antall elever deltatt"),
        udir.figure(row, "Lesing", "Usikkerhet"),
        "udir",
    )
    assert reading.source_import.file_name == NT5_2023 and reading.source_line > 2
    # The owner's comparison areas are stored as its own copy: the nation, its county and
    # itself; the other 366 areas are not.
    assert {(a.kind, a.code) for a in Area.objects.all()} == {
        ("nation", "0"),
        ("county", "30"),
        ("municipality", "3021"),
    }
    nation = Observation.objects.get(area__kind="nation", indicator__code="nt5_reading")
    land = udir.cells(NT5_2023, "1")
    assert (nation.value, nation.n, nation.owner) == (
        udir.figure(land, "Lesing", "Skalapoeng"),
        udir.figure(land, "Lesing", "Antall elever deltatt"),
        aas,
    )
    # Other owners' schools are not stored, only counted.
    assert Observation.objects.filter(school__isnull=False).exclude(school__owner=aas).count() == 0
    assert report["skipped_other_owners_figures"] > 6000


def test_it_changes_nothing_the_second_time(aas):
    first = _import(aas, NT5_2023, create_schools=_ours(aas, NT5_2023))
    count = Observation.objects.count()
    second = plan_import(aas, udir_file(NT5_2023), NT5_2023, create_schools=_ours(aas, NT5_2023))
    assert apply_import(None, second) is None
    assert second.report()["observations_unchanged"] == first["observations_created"]
    assert second.report()["observations_created"] == second.report()["observations_updated"] == 0
    assert Observation.objects.count() == count and Import.objects.count() == 1


def test_it_corrects_a_value_and_keeps_the_history(aas):
    _import(aas, NT5_2023, create_schools=_ours(aas, NT5_2023))
    # Åsgård skole's reading score one point higher: the fifth field after its name.
    lines = udir_file(NT5_2023).decode("utf-16-le").split("\n")
    at = next(i for i, line in enumerate(lines) if "\tÅsgård skole\t" in line)
    fields = lines[at].split("\t")
    reading_at = fields.index("Åsgård skole") + 4
    fields[reading_at] = str(int(fields[reading_at]) + 1)
    lines[at] = "\t".join(fields)
    text = "\n".join(lines)
    plan = plan_import(aas, text.encode("utf-16-le"), "corrected.csv")
    assert plan.report()["observations_updated"] == 1
    apply_import(None, plan)
    published = udir.figure(udir.cells(NT5_2023, "4", "974603209"), "Lesing", "Skalapoeng")
    reading = Observation.objects.get(school__org_number="974603209", indicator__code="nt5_reading")
    assert reading.value == published + 1 and reading.source_import.file_name == "corrected.csv"
    (old,) = ObservationHistory.objects.filter(observation=reading)
    assert old.value == published and old.source_import.file_name == NT5_2023


def test_it_stores_all_or_nothing(aas, tmp_path):
    good = tmp_path / NT5_2023
    good.write_bytes(udir_file(NT5_2023))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"indicator;unit_kind;school_year;value\nno_such;nation;2024-25;1\n")
    with pytest.raises(CommandError):
        call_command("import", str(good), str(bad), owner="as", create_school=_ours(aas, NT5_2023))
    assert Observation.objects.count() == 0 and School.objects.count() == 0


def test_it_reports_json_from_the_cli(aas, tmp_path, capsys):
    path = tmp_path / NT5_2022
    path.write_bytes(udir_file(NT5_2022))
    call_command("import", str(path), owner="as", create_school=_ours(aas, NT5_2022), json=True)
    report = json.loads(capsys.readouterr().out)
    for key in (
        "format",
        "rows_read",
        "schools_matched",
        "schools_created",
        "units_unmatched",
        "observations_created",
        "observations_updated",
        "observations_unchanged",
        "suppressed_cells",
        "warnings",
        "errors",
    ):
        assert key in report
    assert report["rows_read"] == 2501 and report["schools_created"] == 8
    call_command("import", str(path), owner="as", dry_run=True, json=True)
    again = json.loads(capsys.readouterr().out)
    assert again["observations_created"] == 0
    assert again["observations_unchanged"] == report["observations_created"]


def test_it_matches_skoleporten_schools_by_name_and_lists_the_rest(db):
    owner = Owner.objects.create(
        slug="stavanger", name="Stavanger", kind="municipality", municipality_number="1103"
    )
    School.objects.create(
        owner=owner, name="AUGLEND  skole", org_number="974760673", first_grade=1, last_grade=7
    )
    # The file does not say its municipality and only 1 of its 45 names is the owner's: names
    # are then matched only where the owner maps them (see test_real_data for Skeie skole).
    plan = plan_import(
        owner,
        udir_file(SKOLEPORTEN),
        SKOLEPORTEN,
        name_map={"Auglend skole": "974760673", "Bekkefaret skole": "974760673"},
    )
    report = plan.report()
    assert report["schools_matched"] == 1
    assert "Hundvåg skole" in report["units_unmatched"]
    assert "Auglend skole" not in report["units_unmatched"]
    assert "Bekkefaret skole" not in report["units_unmatched"]
    apply_import(None, plan)
    values = dict(
        Observation.objects.filter(
            school__name="AUGLEND  skole",
            indicator__code="nt5_reading",
            school_year__code="2014-15",
        ).values_list("subgroup", "value")
    )
    assert values == {"all": 51, "girls": 52, "boys": 50}


def test_it_says_plainly_that_nothing_is_stored_before_the_schools_are_linked(db):
    owner = Owner.objects.create(
        slug="stavanger", name="Stavanger", kind="municipality", municipality_number="1103"
    )
    School.objects.create(
        owner=owner, name="AUGLEND  skole", org_number="974760673", first_grade=1, last_grade=7
    )
    with translation.override("nn"):
        plan = plan_import(owner, udir_file(SKOLEPORTEN), SKOLEPORTEN)
    report = plan.report()
    assert report["rows_read"] > 0 and report["units_unmatched"]
    assert report["observations_created"] == report["observations_updated"] == 0
    assert plan.warnings[0].startswith(
        "Ingen tal frå denne fila blir lagra før skulane i fila er kopla til skulane dykkar"
    )
    # Once a school is linked, its figures are stored and the warning is not given.
    with translation.override("nn"):
        linked = plan_import(
            owner, udir_file(SKOLEPORTEN), SKOLEPORTEN, name_map={"Auglend skole": "974760673"}
        )
    assert linked.report()["observations_created"] > 0
    assert not any("Ingen tal frå denne fila" in w for w in linked.warnings)


def test_it_imports_through_the_web_with_a_preview(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploads go to Django's storage
    world.owner.municipality_number = "3021"
    world.owner.save()
    client = login(world.admin)
    url = reverse("import_upload", args=[world.owner.slug])
    upload = SimpleUploadedFile(NT5_2023, udir_file(NT5_2023))
    response = client.post(url, {"file": upload, "create_missing_schools": "on"})
    assert response.status_code == 302
    preview = client.get(reverse("import_preview", args=[world.owner.slug]))
    body = preview.content.decode()
    # Names, never codes: the kind of file and the indicators by their names.
    assert "Statistikkbanken (Udir)" in body and "2023-24" in body
    assert "National tests grade 5, reading" in body
    assert "nt5_reading" not in body and "statistikkbanken" not in body
    # None of the owner's two schools is in the file: said plainly.
    assert "Your only school with these grades (Alfheim skule) is not in this file" in body
    assert Observation.objects.count() == 0
    ours = _ours(world.owner, NT5_2023)
    assert all(number in body for number in ours)  # the preview lists the schools to choose
    assert "Åsgård skole" in body
    # Nothing is chosen, so the button imports the area figures only; choosing names the count.
    chosen = client.get(
        reverse("import_preview", args=[world.owner.slug]), {"create": ours}
    ).content.decode()
    button = r'<button type="submit" class="ds-button">Import [\d,]+ figures</button>'
    assert re.search(button, chosen)
    client.post(reverse("import_confirm", args=[world.owner.slug]), {"create": ours})
    assert Observation.objects.filter(school__owner=world.owner).exists()
    assert AuditEvent.objects.filter(action="import", owner=world.owner).exists()


def test_it_refuses_a_broken_upload_with_where_and_stores_nothing(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploads go to Django's storage
    client = login(world.admin)
    bad = SimpleUploadedFile(
        "x.csv", b"indicator;unit_kind;school_year;value\nps_wellbeing;nation;2024-25;4,x\n"
    )
    response = client.post(reverse("import_upload", args=[world.owner.slug]), {"file": bad})
    body = response.content.decode()
    assert response.status_code == 400
    assert "x.csv, line 2, column value" in body and "not a number" in body
    client.post(reverse("import_confirm", args=[world.owner.slug]))
    assert Observation.objects.count() == 0 and not list((tmp_path / "uploads").glob("*"))


def test_it_limits_the_upload_size(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploads go to Django's storage
    settings.IMPORT_MAX_BYTES = 100
    big = SimpleUploadedFile("big.csv", b"x" * 200)
    response = login(world.admin).post(
        reverse("import_upload", args=[world.owner.slug]), {"file": big}
    )
    assert "larger than 20 MB" in response.content.decode()


def test_it_lets_only_owner_admins_import(world, login, tmp_path):
    url = reverse("import_upload", args=[world.owner.slug])
    assert login(world.principal_a).post(url).status_code == 403
    assert login(world.outsider).post(url).status_code == 404


def test_it_offers_a_template_that_parses(world, login):
    from skolekvalitet.sources.detect import parse_file

    for fmt in ("csv", "xlsx"):
        response = login(world.admin).get(reverse("import_template", args=[world.owner.slug, fmt]))
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(parse_file(data, f"template.{fmt}").records) == 4


def test_it_shows_the_knowledge_base_with_suppression(aas):
    from skolekvalitet.knowledge.queries import school_knowledge_base

    _import(aas, NT5_2023, create_schools=_ours(aas, NT5_2023))
    school = aas.schools.get(org_number="974603209")
    groups = school_knowledge_base(school, staff_results=True)
    structure, process, result = (figures for _, figures in groups)
    assert structure == process == []
    figures = {indicator.code: f for indicator, f in result}
    row = udir.cells(NT5_2023, "4", "974603209")
    assert figures["nt5_reading"][0].shown.value == udir.figure(row, "Lesing", "Skalapoeng")
    assert {f.shown.status for figs in figures.values() for f in figs} <= {
        "shown",
        "suppressed_by_source",
        "too_few",
    }


def test_a_local_indicator_needs_only_the_owners_language_and_a_plain_code(world, login):
    from skolekvalitet.knowledge.models import Indicator

    world.owner.default_language = "nn"
    world.owner.save()
    client = login(world.admin, language="nn")
    url = reverse("indicator_add", args=[world.owner.slug])
    data = {
        "code": "lokal trivsel!",
        "name_nn": "Lokal trivsel",
        "explanation_nn": "Kor godt elevane trivst, frå vår eiga undersøking.",
        "quality": "process",
        "source": "Eiga undersøking",
        "unit": "index",
        "direction": "higher",
        "threshold": 5,
    }
    body = client.post(url, data).content.decode()
    assert "Koden kan berre innehalde bokstavane a–z, siffer og _" in body
    assert "slug" not in body and "&quot;" not in body.split("<main")[1]
    hyphen = client.post(url, {**data, "code": "lokal-trivsel"}).content.decode()
    assert "Koden kan berre innehalde" in hyphen
    assert client.post(url, {**data, "code": "lokal_trivsel"}).status_code == 302
    made = Indicator.objects.get(owner=world.owner, code="lokal_trivsel")
    assert made.name_nb == made.name_en == "Lokal trivsel"
    assert made.explanation_en == data["explanation_nn"]
    # The owner's own language is required.
    missing = {**data, "code": "anna", "name_nn": ""}
    assert client.post(url, missing).status_code == 400
    assert not Indicator.objects.filter(code="anna").exists()


def test_it_lets_an_owner_add_a_local_indicator_and_import_it(world, login):
    client = login(world.admin)
    url = reverse("indicator_add", args=[world.owner.slug])
    data = {
        "code": "local_reading_joy",
        "name_nb": "Leseglede",
        "name_nn": "Leseglede",
        "name_en": "Joy of reading",
        "explanation_nb": "x",
        "explanation_nn": "x",
        "explanation_en": "x",
        "quality": "process",
        "source": "Egen undersøking",
        "unit": "index",
        "direction": "higher",
        "threshold": 3,
    }
    assert "cannot be below 5" in client.post(url, data).content.decode()
    assert client.post(url, {**data, "threshold": 5}).status_code == 302
    assert "exists already" in client.post(url, {**data, "threshold": 5}).content.decode()
    csv = (
        "indicator;unit_kind;unit_code;school_year;grade;value;n\n"
        f"local_reading_joy;school;{world.school_a.org_number};2025-26;7;3,9;21\n"
    )
    plan = plan_import(world.owner, csv.encode(), "local.csv")
    assert plan.errors == [] and plan.report()["observations_created"] == 1
    other = plan_import(world.other_owner, csv.encode(), "local.csv")
    assert "unknown indicator «local_reading_joy»" in other.errors[0]


def _two_digits_off(number: str) -> str:
    """A valid organisation number two digits from `number` (one digit and the check digit:
    mod 11 catches every single changed digit)."""
    for i in range(8):
        for d in "0123456789":
            for check in "0123456789":
                other = number[:i] + d + number[i + 1 : 8] + check
                if other[:8] != number[:8] and valid_org_number(other):
                    return other
    raise AssertionError("no valid neighbour")


def test_it_says_an_organisation_number_in_a_template_is_a_likely_typo(world):
    ours = world.school_a.org_number
    bad_check = ours[:8] + str((int(ours[8]) + 1) % 10)
    near = _two_digits_off(ours)
    assert not valid_org_number(bad_check) and valid_org_number(near)
    rows = [
        f"ps_wellbeing;school;{ours};2024-25;7;4,1",
        f"ps_wellbeing;school;{bad_check};2024-25;7;4,2",
        f"ps_wellbeing;school;{near};2024-25;7;4,3",
        f"ps_wellbeing;school;{world.other_school.org_number};2024-25;7;4,4",
        f"ps_wellbeing;school;{bad_check};2024-25;6;4,0",
    ]
    text = "indicator;unit_kind;unit_code;school_year;grade;value\n" + "\n".join(rows) + "\n"
    with translation.override("en"):
        plan = plan_import(world.owner, text.encode(), "egne.csv")
    first, second, third = plan.errors
    assert first.startswith("egne.csv, line 3, column unit_code: ")
    assert "check digit is wrong" in first and f"did you mean {ours} (Alfheim skule)?" in first
    assert "(the same number on 1 more row: 6)" in first
    assert second.startswith("egne.csv, line 4, column unit_code: ")
    assert "likely typo" in second and f"did you mean {ours}" in second
    assert third.startswith("egne.csv, line 5, column unit_code: ")
    assert "which is not your school" in third
    # Nothing is counted as another owner's school, and nothing is written.
    assert plan.report()["skipped_other_owners_figures"] == 0
    with pytest.raises(ValueError):
        apply_import(None, plan)


def _typo_error(owner, number):
    text = (
        "indicator;unit_kind;unit_code;school_year;grade;value\n"
        f"ps_wellbeing;school;{number};2024-25;7;4,1\n"
    )
    with translation.override("nn"):
        plan = plan_import(owner, text.encode(), "egne.csv")
    (error,) = plan.errors
    return error


def test_it_says_an_eight_digit_number_is_too_short_and_guesses_only_a_clear_school(world):
    world.school_a.org_number = "999100422"
    world.school_a.name = "Bjørkely skule"
    world.school_a.save()
    error = _typo_error(world.owner, "99910022")
    assert "eit organisasjonsnummer har nøyaktig 9 siffer" in error
    assert "kontrollsifferet" not in error
    assert "999100422 (Bjørkely skule)" in error  # the one school near
    # Another school just as near: no guess of one of them.
    world.school_b.org_number = "999100228"
    world.school_b.name = "Øvrebø skule"
    world.school_b.save()
    error = _typo_error(world.owner, "99910022")
    assert "nøyaktig 9 siffer" in error
    assert "Bjørkely" not in error and "Øvrebø" not in error and "meinte du" not in error


def test_a_template_with_only_its_header_is_an_error_not_an_import(world, login):
    client = login(world.admin, language="nb")
    header = "indicator;unit_kind;unit_code;school_year;grade;value\n;;;;;\n"
    upload = SimpleUploadedFile("egne.csv", header.encode())
    response = client.post(reverse("import_upload", args=[world.owner.slug]), {"file": upload})
    body = response.content.decode()
    assert "egne.csv: filen har ingen rader med tall" in body
    assert "Importer filen" not in body and "Ingenting nytt" not in body
    assert Import.objects.count() == 0


def test_it_shows_every_error_of_a_template_in_nynorsk(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [f"ps_wellbeing;school;{world.school_a.org_number};2024-25;7;4,{i}" for i in range(60)]
    rows[3] = rows[3].replace("4,3", "fire")
    rows[10] = rows[10].replace(";7;", ";15;")
    rows[20] = rows[20].replace("2024-25", "2024")
    rows[40:] = [r.replace(";4,", ";x") for r in rows[40:]]  # 20 more errors
    header = "indikator;einingstype;organisasjonsnummer;skuleår;trinn;verdi\n"
    text = header + "\n".join(rows) + "\n"
    client = login(world.admin, language="nn")
    upload = SimpleUploadedFile("egne.csv", text.encode())
    response = client.post(reverse("import_upload", args=[world.owner.slug]), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Fila kan ikkje importerast på grunn av 23 feil; ingenting vart lagra" in body
    for line, column in ((5, "verdi"), (12, "trinn"), (22, "skuleår"), (61, "verdi")):
        assert f"egne.csv, linje {line} (Alfheim skule), kolonne {column}" in body
    for english in ("line ", "column ", "is not", "nothing was stored", "not like"):
        assert english not in body.split("<main")[1]
    assert Observation.objects.count() == 0


def test_it_says_when_few_of_the_owners_schools_are_in_the_file(aas):
    for number, name in (("974603209", "Åsgård skole"), ("910000024", "Ein"), ("910000032", "To")):
        School.objects.create(owner=aas, org_number=number, name=name, first_grade=1, last_grade=7)
    School.objects.create(
        owner=aas, org_number="910000040", name="Tre", first_grade=8, last_grade=10
    )
    with translation.override("en"):
        plan = plan_import(aas, udir_file(NT5_2023), NT5_2023)
    # The lower secondary school is not expected in a 5th-grade file.
    assert plan.warnings[0] == "Only 1 of your 3 schools are in this file. Not in it: Ein, To"
    assert plan.report()["schools_missing"] == ["Ein", "To"]
