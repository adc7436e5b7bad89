"""Profiles on real data (issue 16): with Udir's real national-test files and the
Statistikkbanken exports an owner can get (school contribution, the pupil survey, grunnskolepoeng:
here the small exports in the real dialects, tests/sources/fixtures), an owner's schools get a
profile decided where the data allow, and where not the analysis says which data are missing.
`pytest -s` prints how many real Kvam and Bergen schools have a decided profile.

Skipped without ../shared/data/udir (tests/udir.py)."""

from pathlib import Path

import pytest
from django.utils import translation

from skolekvalitet.analysis.models import Rules
from skolekvalitet.analysis.presenting import follow_up
from skolekvalitet.analysis.sheet import analyse_school, school_profiles
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.organisations.models import Owner
from tests.udir import NT5_2022, NT5_2023, NT8_2022, NT8_2023, as_kvam, udir_file

FIXTURES = Path(__file__).parents[1] / "sources" / "fixtures"  # made Kvam's by as_kvam
OWN_FILES = [
    "statistikkbanken_skolebidrag.csv",
    "statistikkbanken_elevundersokelsen.csv",
    "statistikkbanken_grunnskolepoeng.csv",
]
NT_FILES = [NT5_2022, NT8_2022, NT5_2023, NT8_2023]
FRISKULE = "989142283"


def _import(owner, files: list[tuple[str, bytes]]) -> None:
    for name, data in files:
        plan = plan_import(owner, data, name)
        schools = [c.org_number for c in plan.candidates if c.org_number != FRISKULE]
        plan = plan_import(owner, data, name, create_schools=schools)
        assert plan.errors == [], plan.errors
        apply_import(None, plan)


def _decided(owner) -> tuple[int, int, list]:
    chain = Chain(owner, owner.schools.all())
    by_code = {i.code: i for i in chain.indicators.values()}
    decided = total = 0
    profiles = []
    for school in owner.schools.all():
        for stage, p in school_profiles(chain, school, by_code).items():
            total += 1
            decided += p.number is not None or p.decided
            profiles.append((school.name, stage, p))
    return decided, total, profiles


@pytest.fixture
def kvam(db):
    return Owner.objects.create(
        slug="kvam", name="Kvam herad", kind="municipality", municipality_number="4622"
    )


def test_kvam_gets_profiles_decided_and_the_rest_says_what_is_missing(kvam, capsys):
    _import(kvam, [(name, udir_file(name)) for name in NT_FILES])
    before, _total, _ = _decided(kvam)
    _import(kvam, [(name, as_kvam((FIXTURES / name).read_bytes())) for name in OWN_FILES])
    after, total, profiles = _decided(kvam)
    with capsys.disabled():
        print(
            f"\nKvam: {len(kvam.schools.all())} schools, {total} school × stage profiles; "
            f"decided with the national tests only {before}, with school contribution and the "
            f"pupil survey {after}"
        )
    with capsys.disabled():
        for name, stage, p in profiles:
            print(f"  {name} {stage}: profile {p.number}, decided {p.decided}, {p.missing}")
    assert after > before
    by = {(name, stage): p for name, stage, p in profiles}
    # Norheimsund 5-7: school contribution above 0 in all five periods, results and indices
    # above the nation, bullying below: profile 1 (no parents' education: not profile 2).
    assert by[("Norheimsund skule", "5-7")].number == 1
    # Kvam ungdomsskule 8-10: its five school contributions are shown beside Strandebarm's
    # (suppressed by Udir): a contribution is no sum of pupils, so Kvam's cannot give
    # Strandebarm's away. Udir suppressed its national tests: undecided, naming only those.
    kus = by[("Kvam ungdomsskule", "8-10")]
    assert not kus.decided and ("school", "nt8_reading") in kus.missing
    assert not [what for what in kus.missing if what[0] in ("periods", "suppressed")]
    # Øystese: a negative period rules profiles 1 and 4 out; rising every year fails too.
    assert by[("Øystese skule", "5-7")].decided
    # Ålvik: Udir suppressed every period: undecided, and the analysis says what is missing.
    alvik = by[("Ålvik skule", "5-7")]
    assert not alvik.decided and ("suppressed", "5") in alvik.missing
    chain = Chain(kvam, kvam.schools.filter(name="Ålvik skule"))
    school = chain.schools[next(iter(chain.schools))]
    with translation.override("nb"):
        (item,) = follow_up([analyse_school(chain, school, Rules())], chain.indicators.values())
        label = str(item["profiles"][0]["label"])
    assert label.startswith(
        "Profil ikke avgjort ennå (mangler: skolebidrag i 5 av periodene (skjermet eller "
        "mangler); Nasjonale prøver 5. trinn, lesing for skolen;"
    ), label


def test_bergen_without_school_contribution_says_it_is_missing(db, capsys):
    bergen = Owner.objects.create(
        slug="bergen", name="Bergen kommune", kind="municipality", municipality_number="4601"
    )
    files = [(name, udir_file(name)) for name in NT_FILES]
    for name, data in files:
        plan = plan_import(bergen, data, name)
        ours = [c.org_number for c in plan.candidates if not c.looks_private]
        apply_import(None, plan_import(bergen, data, name, create_schools=ours))
    decided, total, profiles = _decided(bergen)
    with capsys.disabled():
        print(f"\nBergen (national tests only): {total} profiles, {decided} decided")
    # Without school contribution no profile can be assigned; where the results point both ways
    # «no profile» is decided all the same, and every other says school contribution is missing.
    assert total > 50 and 0 < decided < total
    assert all(p.number is None for _n, _s, p in profiles)
    assert all(("periods", "0") in p.missing for _n, _s, p in profiles if not p.decided)


def test_school_contribution_is_compared_with_the_national_average_zero(kvam):
    """Even from an export without the nation's row, a school's contribution is compared with
    0, the national average, never «no national figure»."""
    from skolekvalitet.analysis import presenting, texts
    from skolekvalitet.analysis.sheet import sheet_row
    from skolekvalitet.documents import present
    from skolekvalitet.reporting.development import indicator_section

    text = as_kvam((FIXTURES / OWN_FILES[0]).read_bytes()).decode("utf-16-le")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("1\t"))
    _import(kvam, [("skolebidrag_uten_landet.csv", text.encode("utf-16-le"))])
    chain = Chain(kvam, kvam.schools.all())
    by_code = {i.code: i for i in chain.indicators.values()}
    school = next(s for s in chain.schools.values() if s.name == "Norheimsund skule")
    row = sheet_row(chain, school, by_code["sbi_5_7"], 0)
    assert row.comparisons["nation"][1] == "no_clear_difference"  # 1,1 ± 1,5 against 0
    assert row.verdict == "no_clear_difference"
    shown = dict((level, value) for level, value, _v in presenting.row(row)["comparisons"])
    assert shown[texts.LEVELS["nation"]].startswith(present.number(0, 1))  # never «–»
    (_heading, group, _sources), facts = indicator_section(chain, by_code["sbi_5_7"], 0, "Kvam")
    table = group.blocks[-1]
    rows = {r[0]: r for r in table.rows}
    assert rows["Norheimsund skule"][-1] != "–"
    assert facts.owner_versus_nation == "no clear difference"
