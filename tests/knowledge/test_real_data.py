"""Real Udir files in (issue 16): the right schools, grades, identities, numbers and markers.

These read the real exports in ../shared/data/udir and skip without them (tests/udir.py)."""

import pytest

from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.knowledge.models import Area, Observation
from skolekvalitet.organisations.models import Owner, School
from tests import udir
from tests.udir import NT5_2022, NT5_2023, NT8_2022, NT8_2023, SKOLEPORTEN, udir_file

FRISKULE = "989142283"  # Foreninga Norheimsund friskule, a private school in Kvam
STRANDEBARM = "973953915"


@pytest.fixture
def kvam(db):
    return Owner.objects.create(
        slug="kvam", name="Kvam herad", kind="municipality", municipality_number="4622"
    )


def _plan(owner, name, **kwargs):
    plan = plan_import(owner, udir_file(name), name, **kwargs)
    assert plan.errors == []
    return plan


def test_a_private_school_is_not_created_as_the_owners_without_a_choice(kvam):
    plan = _plan(kvam, NT5_2022, create_missing_schools=True)
    report = plan.report()
    # The national-test files do not say who owns a school: nothing is created unasked, and the
    # preview names every school it could create, with its organisation number and grades.
    assert report["schools_created"] == 0
    waiting = {s["org_number"]: s for s in report["schools_not_created"]}
    assert waiting[FRISKULE]["name"] == "Foreninga Norheimsund friskule"
    assert waiting[FRISKULE]["ownership"] == "unknown" and waiting[FRISKULE]["grades_seen"] == [5]
    # Only a hint, never a decision: «friskule» in the name suggests a private school.
    assert waiting[FRISKULE]["name_suggests_private"]
    assert not waiting[STRANDEBARM]["name_suggests_private"]
    assert any("Foreninga Norheimsund friskule" in w for w in report["warnings"])
    apply_import(None, plan)
    assert not School.objects.filter(org_number=FRISKULE).exists()


def test_the_owner_chooses_its_schools_and_grades_come_from_all_files(kvam):
    public = ["973953990", STRANDEBARM, "973953966", "973954008", "973953923", "973953907"]
    for name in (NT5_2022, NT8_2022, NT5_2023, NT8_2023):
        apply_import(None, _plan(kvam, name, create_schools=public))
    schools = {s.org_number: s for s in kvam.schools.all()}
    assert FRISKULE not in schools and set(schools) == set(public)
    # Strandebarm was first seen in the 5th-grade file; the lower-secondary file widens it.
    strandebarm = schools[STRANDEBARM]
    assert (strandebarm.first_grade, strandebarm.last_grade) == (1, 10)
    assert (schools["973953907"].first_grade, schools["973953907"].last_grade) == (8, 10)


def test_the_preview_gives_grades_from_every_row_of_a_file(kvam):
    plan = _plan(kvam, NT8_2022)
    (strandebarm,) = [c for c in plan.candidates if c.org_number == STRANDEBARM]
    assert strandebarm.grades_seen == [8] and strandebarm.grade_range == (8, 10)


def test_a_file_that_says_the_owner_creates_public_schools_only(kvam):
    text = udir_file(NT5_2022).decode("utf-16-le")
    head, *rows = text.split("\n")
    # The same file with Udir's ownership columns: the private school has figures only there.
    header = rows[0].rstrip("\r").split("\t")
    extra = [c.replace("Alle eierformer", "Offentlig") for c in header[9:]]
    extra += [c.replace("Alle eierformer", "Privat") for c in header[9:]]
    lines = [head, "\t".join(header + extra)]
    for row in rows[1:]:
        cells = row.rstrip("\r").split("\t")
        if len(cells) < 9:
            continue
        values = cells[9:]
        blank = [""] * len(values)
        mine = values + blank if cells[4] != FRISKULE else blank + values
        lines.append("\t".join(cells + (mine if cells[0] == "4" else values + values)))
    data = "\n".join(lines).encode("utf-16-le")
    plan = plan_import(kvam, data, "eierform.csv", create_missing_schools=True)
    assert plan.errors == []
    assert STRANDEBARM in plan.schools_to_create and FRISKULE not in plan.schools_to_create
    (friskule,) = plan.report()["schools_not_created"]
    assert (friskule["org_number"], friskule["ownership"]) == (FRISKULE, "private")


def test_a_drammen_owner_finds_its_schools_in_a_file_from_before_2024(db):
    drammen = Owner.objects.create(
        slug="drammen", name="Drammen kommune", kind="municipality", municipality_number="3301"
    )
    plan = _plan(drammen, NT5_2022)
    report = plan.report()
    names = {s["name"] for s in report["schools_not_created"]}
    assert "Aronsløkka skole" in names and len(names) == 25
    assert any("3005" in w and "3301" in w and "Drammen" in w for w in report["warnings"])
    # Viken (30) is not Buskerud (33): its figures are not stored as the county's.
    assert any("Viken" in w and "Buskerud" in w for w in report["warnings"])
    apply_import(None, plan)
    municipality = Observation.objects.get(
        area__kind="municipality", indicator__code="nt5_reading", grade=5, subgroup="all"
    )
    drammen_2022 = udir.cells(NT5_2022, "3", "3005")  # Drammen's number before 2024
    assert municipality.area.code == "3301"
    assert municipality.value == udir.figure(drammen_2022, "Lesing", "Skalapoeng")
    assert not Area.objects.filter(kind="county").exists()


def test_skeie_in_stavangers_file_does_not_land_on_bergens_skeie(db):
    bergen = Owner.objects.create(
        slug="bergen", name="Bergen kommune", kind="municipality", municipality_number="4601"
    )
    School.objects.create(
        owner=bergen, name="Skeie skole", org_number="974557622", first_grade=1, last_grade=7
    )
    School.objects.create(
        owner=bergen,
        name="Slettebakken skole",
        org_number="974557649",
        first_grade=1,
        last_grade=7,
    )
    plan = _plan(bergen, SKOLEPORTEN)
    assert plan.report()["schools_matched"] == 0 and "Skeie skole" in plan.units_unmatched
    assert any("1 " in w and " 45 " in w and "(Skeie skole)" in w for w in plan.warnings)
    apply_import(None, plan)
    assert not Observation.objects.filter(school__owner=bergen).exists()


def test_stavangers_own_file_matches_by_name(db):
    stavanger = Owner.objects.create(
        slug="stavanger",
        name="Stavanger kommune",
        kind="municipality",
        municipality_number="1103",
    )
    from skolekvalitet.sources.detect import parse_file
    from tests.conftest import make_org_number

    names = sorted({r.unit_name for r in parse_file(udir_file(SKOLEPORTEN)).records})
    assert len(names) == 45  # five schools have only «.» (no figure) rows
    for i, name in enumerate(names[:30]):
        School.objects.create(
            owner=stavanger,
            name=name,
            org_number=make_org_number(i),
            first_grade=1,
            last_grade=10,
        )
    plan = _plan(stavanger, SKOLEPORTEN)
    assert plan.report()["schools_matched"] == 30 and len(plan.units_unmatched) == 15


def test_a_skoleporten_dot_is_no_figure_not_suppressed(db):
    stavanger = Owner.objects.create(
        slug="stavanger",
        name="Stavanger kommune",
        kind="municipality",
        municipality_number="1103",
    )
    auglend = School.objects.create(
        owner=stavanger,
        name="Auglend skole",
        org_number="974760673",
        first_grade=1,
        last_grade=7,
    )
    plan = _plan(stavanger, SKOLEPORTEN, name_map={"Auglend skole": "974760673"})
    # Every value of the 2009–13 series is «.»: no figure, so nothing is stored or «suppressed».
    assert plan.suppressed_cells == 0
    apply_import(None, plan)
    assert Observation.objects.filter(school=auglend, indicator__code="nt5_reading").exists()
    assert not Observation.objects.filter(indicator__code__endswith="_2009").exists()
    assert not Observation.objects.filter(suppressed=True).exists()


def test_an_owner_with_a_number_from_before_the_reform_is_told(db):
    aas = Owner.objects.create(
        slug="as", name="Ås kommune", kind="municipality", municipality_number="3021"
    )
    plan = _plan(aas, NT5_2023)
    assert any("3021" in w and "3218" in w for w in plan.warnings)


def test_the_command_lists_the_schools_with_grades_across_all_files(kvam, tmp_path, capsys):
    from django.core.management import call_command

    paths = []
    for name in (NT5_2022, NT8_2022):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(udir_file(name))
    call_command("import", *map(str, paths), owner="kvam", dry_run=True, language="en")
    out = capsys.readouterr().out
    assert (
        "not created: Foreninga Norheimsund friskule (989142283, municipality 4622, "
        "ownership unknown, the name suggests private, grades seen 5, 8); "
        "--create-school 989142283 creates it"
    ) in out
    call_command(
        "import", *map(str, paths), owner="kvam", create_school=[STRANDEBARM], language="en"
    )
    assert f"created: Strandebarm skule ({STRANDEBARM}" in capsys.readouterr().out
    school = School.objects.get(org_number=STRANDEBARM)
    assert (school.first_grade, school.last_grade) == (1, 10)


def test_the_command_refuses_a_school_not_in_the_files_and_writes_nothing(kvam, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    path = tmp_path / NT5_2022
    path.write_bytes(udir_file(NT5_2022))
    with pytest.raises(CommandError):
        call_command(
            "import",
            str(path),
            owner="kvam",
            create_school=[STRANDEBARM, "974760673"],
            language="en",
        )
    assert "--create-school 974760673: no school" in capsys.readouterr().err
    assert not School.objects.exists() and not Observation.objects.exists()


def test_an_export_with_ownership_by_gender_columns_imports_and_says_what_it_left(kvam):
    from tests.sources.test_readers import CROSSED

    plan = plan_import(kvam, CROSSED.encode(), "kryss.csv")
    assert plan.errors == [] and plan.created == 1  # the nation's figure
    assert any(w.startswith("kryss.csv: 1 ") and "Privat.Jenter" in w for w in plan.warnings)
