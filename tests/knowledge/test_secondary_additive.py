"""Secondary suppression only where figures add up, and school contribution compared with the
national 0 (issue 16). A school contribution is Statistics Norway's model estimate relative to
the national average, not a count, share or mean of pupils: the municipality's is no weighted
sum of its schools', so a school's hidden by Udir cannot be worked out by differencing and the
other schools' stay shown. Shares and means of pupils keep their secondary suppression."""

from pathlib import Path

import pytest
from django.utils import translation

from skolekvalitet.analysis.presenting import row as presented
from skolekvalitet.analysis.sheet import sheet_row
from skolekvalitet.knowledge import store
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.knowledge.models import Area, Indicator, Observation
from skolekvalitet.organisations.models import Owner
from skolekvalitet.organisations.schoolyears import school_year_starting

FIXTURE = Path(__file__).parents[1] / "sources" / "fixtures" / "statistikkbanken_skolebidrag.csv"
PLANTED = 77.77


def _import_contribution(owner: Owner, data: bytes, name: str = FIXTURE.name) -> None:
    plan = plan_import(owner, data, name)
    plan = plan_import(owner, data, name, create_schools=[c.org_number for c in plan.candidates])
    assert plan.errors == [], plan.errors
    apply_import(None, plan)


def _school_figures(chain: Chain, codes=("sbi_5_7", "sbi_8_10")):
    by_code = {i.code: i for i in chain.indicators.values()}
    return {
        (chain.schools[school].name.strip(), code, f.year): f
        for code in codes
        for school in chain.schools
        for f in chain.series(by_code[code], ("school", school), 0)
    }


@pytest.fixture
def fjordvik(db):
    return Owner.objects.create(
        slug="fjordvik", name="Fjordvik herad", kind="municipality", municipality_number="4699"
    )


def test_a_contribution_is_shown_beside_a_suppressed_one_in_the_same_stage(fjordvik, capsys):
    """Strand skule's 8-10 contribution is suppressed by Udir in every period and Fjordvik
    ungdomsskule is the only other lower secondary school: its five periods are all shown (they
    were hidden as «secondary» before), and nothing Udir hid is shown."""
    _import_contribution(fjordvik, FIXTURE.read_bytes())
    figures = _school_figures(Chain(fjordvik, fjordvik.schools.all()))
    kus = sorted(
        (year, f.status, f.value) for (name, code, year), f in figures.items()
        if name == "Fjordvik ungdomsskule" and code == "sbi_8_10"
    )  # fmt: skip
    assert [(status, value) for _year, status, value in kus] == [
        ("shown", -0.8),
        ("shown", -0.6),
        ("shown", -0.9),
        ("shown", -0.4),
        ("shown", -0.7),
    ]
    statuses = [f.status for f in figures.values()]
    assert "secondary" not in statuses
    strandebarm = [f for (name, *_), f in figures.items() if name == "Strand skule"]
    assert sum(f.status == "shown" for f in strandebarm) == 1  # 2021-23, 5-7: -1,1
    assert all(f.value is None for f in strandebarm if f.status != "shown")
    with capsys.disabled():
        print(
            f"\nFjordvik school contribution (fixture): {statuses.count('shown')} of "
            f"{len(statuses)} school figures shown"
        )
    assert statuses.count("shown") == 16  # Nordheim 5, Øyane 5, Strand 1, Fjordvik u. 5


@pytest.fixture
def layout(world):
    """Fjordvik with two schools and the municipality; school B's figure suppressed by the
    source, so the municipality's less school A's would give away B's if the figures added up."""
    sync_catalogue()
    municipality = Area.objects.create(kind="municipality", code="4699", name="Fjordvik")
    year = school_year_starting(2024)

    def write(indicator: Indicator) -> None:
        def figure(value, suppressed=False, **where):
            return Observation(
                indicator=indicator, school_year=year, grade=0, subgroup="all", value=value,
                n=40 if value is not None else None, uncertainty=1.0 if value is not None else None,
                uncertainty_kind="udir" if value is not None else "", suppressed=suppressed,
                **where,
            )  # fmt: skip

        store.write(
            None,
            world.owner,
            [
                figure(-0.5, area=municipality, owner=world.owner),
                figure(0.4, school=world.school_a),
                figure(None, suppressed=True, school=world.school_b),
            ],
        )

    return write, year


def _local(world, unit: str) -> Indicator:
    return Indicator.objects.create(
        code=f"local_{unit}", owner=world.owner, name_nb="Lokal", name_nn="Lokal",
        name_en="Local", explanation_nb="x", explanation_nn="x", explanation_en="x",
        quality="result", source="lokal", unit=unit, direction="higher",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("unit", "status"),
    [("share", "secondary"), ("scale_points", "secondary"), ("index", "secondary"),
     ("sbi", "shown")],
)  # fmt: skip
def test_secondary_suppression_follows_whether_the_unit_adds_up(world, layout, unit, status):
    """The catalogue's unit decides, not the code: a local indicator in a pupil mean or share is
    protected from differencing; one in school-contribution units is not differenced at all."""
    write, year = layout
    indicator = _local(world, unit)
    write(indicator)
    assert indicator.additive == (status == "secondary")
    for schools in ([world.school_a], [world.school_a, world.school_b]):
        chain = Chain(world.owner, schools)  # a one-school page hides what the owner's hides
        figure = chain.get(indicator, ("school", world.school_a.pk), year.code, 0)
        assert figure.status == status, schools
        assert (figure.value is None) == (status == "secondary")
        b = chain.get(indicator, ("school", world.school_b.pk), year.code, 0)
        assert b is None or (b.status == "suppressed_by_source" and b.value is None)


def test_a_figure_udir_withheld_does_not_hide_what_udir_published_beside_it(world, layout):
    """Udir published the municipality's figure and school A's and withheld school B's: Udir's
    own disclosure control protects B (its municipality holds schools the owner has not), so A
    stays shown; the same layout in the owner's own indicator hides A (we published it)."""
    write, year = layout
    national = Indicator.objects.get(code="nt8_reading", owner=None)
    write(national)
    write(_local(world, "scale_points"))
    chain = Chain(world.owner, [world.school_a, world.school_b])
    a = chain.get(national, ("school", world.school_a.pk), year.code, 0)
    assert (a.status, a.value) == ("shown", 0.4)
    local = Indicator.objects.get(code="local_scale_points", owner=world.owner)
    assert chain.get(local, ("school", world.school_a.pk), year.code, 0).status == "secondary"


def _contribution_without_uncertainty(world, values: dict) -> Indicator:
    """School contribution 5-7 for school A entered by hand, without its uncertainty."""
    sync_catalogue()
    sbi = Indicator.objects.get(code="sbi_5_7", owner=None)
    figures = [
        Observation(
            indicator=sbi,
            school=world.school_a,
            school_year=school_year_starting(start),
            grade=0,
            subgroup="all",
            value=value,
            n=None,
            uncertainty=None,
            uncertainty_kind="",
        )
        for start, value in values.items()
    ]
    store.write(None, world.owner, figures)
    return sbi


def test_contribution_without_uncertainty_is_compared_with_the_national_zero(world):
    """No national row, no uncertainty: a contribution of exactly 0 is no clear difference
    whatever its uncertainty; 1,4 cannot be told without it — never «no national figure»."""
    sbi = _contribution_without_uncertainty(world, {2023: 1.4, 2024: 0.0})
    chain = Chain(world.owner, [world.school_a])
    unit = ("school", world.school_a.pk)
    assert chain.get(sbi, unit, "2023-24", 0).versus("nation") == "no_uncertainty"
    latest = chain.get(sbi, unit, "2024-25", 0)
    assert latest.versus("nation") == "no_clear_difference"
    # Against the municipality there is no figure at all: that one is honest.
    assert latest.versus("municipality") == "no_comparison"
    row = sheet_row(chain, world.school_a, sbi, 0)
    assert row.verdict == "no_clear_difference"
    older = row._replace(latest=row.series[0], verdict=row.series[0].versus("nation"))
    for language, expected in (
        ("nb", "uten usikkerheten kan det ikke avgjøres om tallet skiller seg fra landsnivået"),
        ("nn", "utan uvissa kan ein ikkje avgjere om talet skil seg frå landsnivået"),
    ):
        with translation.override(language):
            shown = presented(older)
            assert str(shown["verdict"]) == expected
            assert "landstal" not in str(shown["verdict"])  # «ikkje noko landstal …»


def test_contribution_within_the_noise_beyond_sampling_is_no_clear_difference(world):
    """Without its own uncertainty a figure's margin is at least the noise beyond sampling (the
    owner's other series): a value inside it is no clear difference, one outside cannot be told."""
    sync_catalogue()
    sbi = Indicator.objects.get(code="sbi_5_7", owner=None)
    figures = [  # school B's series with its uncertainty: scatter beyond its standard errors
        Observation(
            indicator=sbi,
            school=world.school_b,
            school_year=school_year_starting(start),
            grade=0,
            subgroup="all",
            value=value,
            n=None,
            uncertainty=0.2,
            uncertainty_kind="udir",
        )
        for start, value in zip(
            range(2018, 2025), [3.0, -3.0, 3.5, -2.5, 3.0, -3.0, 2.5], strict=True
        )
    ]
    store.write(None, world.owner, figures)
    _contribution_without_uncertainty(world, {2023: 0.5, 2024: 40.0})
    chain = Chain(world.owner, [world.school_a])
    margin = chain.noise(sbi).versus_reference
    assert margin > 0.5**2 / 1.96**2  # the scatter is far beyond 0,5
    unit = ("school", world.school_a.pk)
    assert chain.get(sbi, unit, "2023-24", 0).versus("nation") == "no_clear_difference"
    assert chain.get(sbi, unit, "2024-25", 0).versus("nation") == "no_uncertainty"
