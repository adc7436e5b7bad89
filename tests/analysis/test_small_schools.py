"""Small schools (issue 16): a school Udir suppresses every year (Ålvik in Kvam) gets a useful
data sheet: one line per run of hidden years instead of a wall of «suppressed», the
municipality's figure beside each hidden one, a pointer to pooled periods and the owner's own
sources; a pooled share has its interval. Real national-test files (skipped without them)."""

from pathlib import Path

import pytest
from django.utils import translation

from skolekvalitet.analysis import presenting
from skolekvalitet.analysis.sheet import school_sheet
from skolekvalitet.documents import present
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.organisations.models import Owner
from tests.udir import NT5_2022, NT5_2023, as_kvam, cells, figure, udir_file

FIXTURES = Path(__file__).parents[1] / "sources" / "fixtures"
ALVIK = "973953923"
KVAM_SCHOOLS = [ALVIK, "973953990", "973953915", "973953966", "973954008"]  # not the friskule


@pytest.fixture
def alvik_sheet(db):
    kvam = Owner.objects.create(
        slug="kvam", name="Kvam herad", kind="municipality", municipality_number="4622"
    )
    files = [(n, udir_file(n)) for n in (NT5_2022, NT5_2023)]
    files.append(
        ("skolebidrag.csv", as_kvam((FIXTURES / "statistikkbanken_skolebidrag.csv").read_bytes()))
    )
    for name, data in files:
        apply_import(None, plan_import(kvam, data, name, create_schools=KVAM_SCHOOLS))
    school = kvam.schools.get(org_number=ALVIK)
    chain = Chain(kvam, [school])
    with translation.override("nb"):  # the owner's language, whatever an earlier test left
        return presenting.sheet(school_sheet(chain, school, staff_results=False))


def test_a_school_hidden_every_year_gets_one_line_per_run(alvik_sheet):
    details = [p for s in alvik_sheet["sections"] for p in s["details"]]
    contribution = next(p for p in details if p["indicator"].code == "sbi_5_7")
    # Five periods suppressed by Udir: one row, not five (the sheet is in the owner's Bokmål).
    ((years, text, *_rest),) = contribution["series"]
    assert years == "2020-21 – 2024-25"
    assert str(text) == "skjermet av Udir, alle 5 skoleårene"


def test_hidden_figures_stand_beside_the_municipalitys(alvik_sheet):
    hidden = [p for s in alvik_sheet["sections"] for p in s["hidden"]]
    reading = next(p for p in hidden if p["indicator"].code == "nt5_reading")
    # Kvam's 5th-grade reading in 2023-24, as Udir's file has it (read with no reader of ours).
    kvam = figure(cells(NT5_2023, "3", "4622"), "Lesing", "Skalapoeng")
    said = f"skjermet av Udir hvert år siden 2022-23; kommunen: {present.number(kvam, 1, 'nb')}"
    assert str(reading["value"]) == said
    assert reading["label"] == "Nasjonale prøver 5. trinn, lesing"  # the grade said once
    summary = " ".join(map(str, alvik_sheet["summary"]))
    assert "De fleste nasjonale tallene for denne skolen er skjermet" in summary
    # nothing to judge a trend by: said so, not «no indicator is rising or falling»
    assert "for få sammenlignbare år til å si om noe endrer seg" in summary
