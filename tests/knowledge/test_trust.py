"""Issue 14: no owner's import changes another owner's figures; imports are bounded, parsed
once and their uploads deleted; the import's writes have their own POST-only URLs."""

import pytest

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
