"""Defects from a user test of the import page (a head of education): the "none of your
schools" warning beside errors for those schools, columns named as the file's headings read,
future school years, every row error naming its school, how a school year should be written,
and what the history says of each import."""

from django.urls import reverse
from django.utils import timezone, translation

from skolekvalitet.documents import present
from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.organisations.schoolyears import code_for, school_year_code

NB = "indikator;enhetstype;organisasjonsnummer;skolenavn;skoleår;trinn;verdi\n"


def _plan(world, rows: list[str], language: str, header: str = NB):
    with translation.override(language):
        return plan_import(world.owner, (header + "\n".join(rows) + "\n").encode(), "fil.csv")


def test_errors_for_the_owners_school_do_not_say_the_school_is_missing(world):
    ours = world.school_a.org_number
    rows = [f"ps_wellbeing;skole;{ours};;2024-25;7;{6 + i % 3}" for i in range(300)]
    plan = _plan(world, rows, "nb")
    assert len(plan.errors) == 300
    assert plan.errors[0].startswith(
        "fil.csv, linje 2 (Alfheim skule), kolonne verdi: 6 er utenfor"
    )
    assert not any("Alfheim skule" in w for w in plan.warnings), plan.warnings
    assert plan.report()["schools_missing"] == []


def test_errors_name_the_column_as_the_files_heading_reads_in_every_language(world):
    ours = world.school_a.org_number
    rows = [
        f"ps_wellbeing;skole;{ours};;2024-25;15;4",  # the reader's error
        f"ps_welbeing;skole;{ours};;2024-25;7;4",  # the plan's errors
        f"ps_wellbeing;skole;{ours};;2024-26;7;4",
        f"ps_wellbeing;skole;{ours};;2023-24;7;9",
    ]
    plan = _plan(world, rows, "en")
    assert [e.split(":")[0] for e in plan.errors] == [
        "fil.csv, line 2 (Alfheim skule), column trinn",
        "fil.csv, line 3 (Alfheim skule), column indikator",
        "fil.csv, line 4 (Alfheim skule), column skoleår",
        "fil.csv, line 5 (Alfheim skule), column verdi",
    ]
    english = "indicator;unit_kind;unit_code;unit_name;school_year;grade;value\n"
    plan = _plan(world, rows[3:], "nn", english)
    assert plan.errors[0].startswith("fil.csv, linje 2 (Alfheim skule), kolonne value: 9 er ")
    plan = _plan(world, [f"ps_wellbeing;skole;{ours};;2023-24;7;4.1"], "en")
    assert plan.warnings[-1].endswith("the column verdi has a point on line 2")


def test_figures_for_a_school_year_not_yet_begun_are_refused(world):
    ours = world.school_a.org_number
    now = school_year_code(timezone.localdate())
    coming = code_for(int(now[:4]) + 1)
    rows = [f"ps_wellbeing;skole;{ours};;{now};7;4", f"ps_wellbeing;skole;{ours};;{coming};7;4"]
    plan = _plan(world, rows, "nn")
    assert plan.errors == [
        f"fil.csv, linje 3 (Alfheim skule), kolonne skoleår: skuleåret {coming} har ikkje "
        f"byrja enno (no er det {now}), så det finst ingen tal for det"
    ]
    with translation.override("en"):
        assert "has not begun yet" in _plan(world, rows, "en").errors[0]


def test_every_row_error_names_its_school_and_says_how_to_write_the_year(world):
    ours, theirs = world.school_a.org_number, world.other_school.org_number
    rows = [
        f"ps_wellbeing;skole;{ours};;2024-25;9;4",  # grade outside the school's grades
        f"ps_wellbeing;skole;{theirs};Nordvik skule;2024-25;7;4",  # not the owner's school
        f"ps_wellbeing;skole;{ours};;2024/25;7;4",
        f"ps_wellbeing;skole;{ours};;2024-2025;7;4",
        f"ps_wellbeing;skole;{ours};;høst 24;7;4",
    ]
    plan = _plan(world, rows, "nn")
    where = [e.split(":")[0] for e in plan.errors]
    assert where[:2] == [
        "fil.csv, linje 2 (Alfheim skule), kolonne trinn",
        "fil.csv, linje 3 (Nordvik skule), kolonne organisasjonsnummer",
    ]
    assert [e.split(": ", 1)[1] for e in plan.errors[2:]] == [
        "skriv skuleåret slik: 2024-25 (ikkje «2024/25»)",
        "skriv skuleåret slik: 2024-25 (ikkje «2024-2025»)",
        "«høst 24» er ikkje eit skuleår: skriv det som to år, slik: 2025-26",
    ]


def test_the_history_says_what_each_import_touched_and_when(world, login):
    a, b = world.school_a.org_number, world.school_b.org_number
    rows = [f"ps_wellbeing;skole;{a};;{y}-{(y + 1) % 100:02};7;4" for y in range(2019, 2025)]
    rows += [f"ps_bullying;skole;{b};;2024-25;9;3", f"ps_mastery;skole;{a};;2024-25;7;4"]
    rows += [f"ps_motivation;skole;{a};;2024-25;7;4"]
    plan = _plan(world, rows, "nb")
    assert plan.errors == []
    batch = apply_import(world.admin, plan)
    body = login(world.admin, language="nb").get(reverse("import_history", args=["fjordvik"]))
    text = body.content.decode()
    assert f"importert av Ada Admin {present.moment(batch.at, 'nb')}" in text
    assert " kl. " in text
    assert "Alfheim skule, Bakkeli SECRETB skule" in text
    assert "Mestring, Mobbing på skolen, Motivasjon og 1 til" in text
    assert "2019-20, 2020-21, 2021-22 og 3 til" in text
