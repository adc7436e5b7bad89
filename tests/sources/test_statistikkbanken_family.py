"""The rest of the Statistikkbanken family: grunnskolepoeng, exam and teacher-set grades,
completion, the pupil survey and the school contribution indicators, from small exports in the
real dialects (tests/sources/fixtures/statistikkbanken_*.csv: values invented, identities,
column grammar, encodings and separators as Udir writes them)."""

from pathlib import Path

import pytest

from skolekvalitet.sources.detect import parse_file
from skolekvalitet.sources.statistikkbanken import school_year_of

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str, data: bytes | None = None):
    return parse_file(data or (FIXTURES / name).read_bytes(), name)


def by_unit(records, code, indicator, year=None, grade=None, subgroup="all"):
    return next(
        r
        for r in records
        if r.unit_code == code
        and r.indicator == indicator
        and r.subgroup == subgroup
        and (year is None or r.school_year == year)
        and (grade is None or r.grade == grade)
    )


def test_grunnskolepoeng_lands_exactly_with_genders_and_markers():
    result = read("statistikkbanken_grunnskolepoeng.csv")  # UTF-16 LE, no BOM, «sep=»
    assert result.format == "statistikkbanken" and result.rows_read == 6
    records = result.records
    nation = by_unit(records, "0", "gsp", "2023-24", 10)
    assert (nation.value, nation.n) == (42.0, 64913)
    kus = by_unit(records, "999300421", "gsp", "2022-23", 10, "girls")
    assert (kus.value, kus.n, kus.unit_name, kus.municipality_code) == (
        43.0,
        40,
        "Fjordvik ungdomsskule",
        "4699",
    )
    # «*» with its n: suppressed by Udir, n kept; «..» (data missing): nothing stored.
    strandebarm = by_unit(records, "999300146", "gsp", "2023-24", 10)
    assert strandebarm.suppressed and strandebarm.value is None and strandebarm.n == 9
    friskule = [r for r in records if r.unit_code == "999300006"]
    assert {r.school_year for r in friskule} == {"2022-23"}
    assert all(r.suppressed for r in friskule)


def test_exam_and_teacher_set_grades_land_by_subject_and_form():
    result = read("statistikkbanken_karakterer.csv")  # UTF-8 with BOM, semicolons
    records = result.records
    assert by_unit(records, "0", "grade_exam_maths").value == 3.2
    assert by_unit(records, "0", "grade_exam_maths").n == 13120
    assert by_unit(records, "999300421", "grade_teacher_maths").value == 3.5
    assert by_unit(records, "999300421", "grade_teacher_english").value == 4.1
    # «.» (no exam drawn) stores nothing; «:» is Statistics Norway's «confidential».
    assert not [r for r in records if r.indicator == "grade_exam_norwegian" and r.unit_code != "0"]
    assert by_unit(records, "999300146", "grade_exam_maths").suppressed
    # Subjects the catalogue lacks (side-form Norwegian, science) are named, not stored.
    ((template, params),) = result.notes
    assert "not in the catalogue" in template and params["count"] == 4
    assert "sidemål" in params["column"]


def test_completion_takes_a_cohort_span_as_its_last_school_year():
    result = read("statistikkbanken_gjennomforing.csv")  # UTF-16 LE with BOM, no «sep=»
    records = {(r.unit_kind, r.school_year): r for r in result.records}
    kvam = records[("municipality", "2021-22")]
    assert (kvam.indicator, kvam.value, kvam.n, kvam.grade) == (
        "completion_upper_secondary",
        84.2,
        95,
        10,
    )
    assert ("municipality", "2022-23") not in records  # «..»: data missing
    assert records[("nation", "2022-23")].value == 80.7
    assert "normert tid" in result.notes[0][1]["column"]


def test_the_pupil_survey_lands_with_sd_and_respondents():
    result = read("statistikkbanken_elevundersokelsen.csv")  # UTF-8, «sep=|», pipes
    records = result.records
    wellbeing = by_unit(records, "999300073", "ps_wellbeing", "2024-25", 7)
    assert (wellbeing.value, wellbeing.uncertainty, wellbeing.uncertainty_kind, wellbeing.n) == (
        4.5,
        0.7,
        "sd",
        44,
    )
    bullying = by_unit(records, "999300421", "ps_bullying", "2024-25", 10)
    assert (bullying.value, bullying.n, bullying.uncertainty) == (9.6, 83, None)
    assert by_unit(records, "0", "ps_bullying", "2024-25", 7).n == 57300
    # «*» (Udir) and «:» (Statistics Norway) suppress; «-» is nil: 0 % bullied.
    assert by_unit(records, "999300359", "ps_mastery", "2024-25", 7).suppressed
    assert by_unit(records, "999300219", "ps_mastery", "2024-25", 7).suppressed
    nil = by_unit(records, "999300219", "ps_bullying", "2024-25", 7)
    assert (nil.value, nil.suppressed, nil.n) == (0.0, False, 9)


def test_school_contribution_has_five_merged_periods_by_stage_with_uncertainty():
    result = read("statistikkbanken_skolebidrag.csv")
    records = result.records
    norheimsund = sorted(
        (r for r in records if r.unit_code == "999300073"), key=lambda r: r.school_year
    )
    assert [r.indicator for r in norheimsund] == ["sbi_5_7"] * 5
    assert [r.school_year for r in norheimsund] == [
        "2020-21",
        "2021-22",
        "2022-23",
        "2023-24",
        "2024-25",
    ]
    assert [r.value for r in norheimsund] == [1.2, 0.8, 1.5, 0.9, 1.1]
    assert {(r.grade, r.uncertainty_kind) for r in norheimsund} == {(0, "udir")}
    assert norheimsund[0].uncertainty == 1.6
    kus = [r for r in records if r.unit_code == "999300421"]
    assert {r.indicator for r in kus} == {"sbi_8_10"} and len(kus) == 5
    alvik = [r for r in records if r.unit_code == "999300359"]
    assert len(alvik) == 5 and all(r.suppressed for r in alvik)


def test_school_contribution_reads_an_interval_as_its_half_width():
    text = (FIXTURES / "statistikkbanken_skolebidrag.csv").read_bytes().decode("utf-16-le")
    lines = text.splitlines()
    header = lines[1].replace("Skolebidrag\t", "Nedre grense\t", 1)
    header = header.replace(
        "2019-2021.Skolebidragsindikator.5.-7. årstrinn.Alle eierformer.Alle kjønn.Usikkerhet",
        "2019-2021.Skolebidragsindikator.5.-7. årstrinn.Alle eierformer.Alle kjønn.Øvre grense",
    )
    header = header.replace(
        "\t2019-2021.Skolebidragsindikator.5.-7. årstrinn.Alle eierformer.Alle kjønn.Nedre",
        "\t2019-2021.Skolebidragsindikator.5.-7. årstrinn.Alle eierformer.Alle kjønn.Skolebidrag"
        "\t2019-2021.Skolebidragsindikator.5.-7. årstrinn.Alle eierformer.Alle kjønn.Nedre",
    )
    rows = [
        line.replace("\t1,2\t1,6\t", "\t1,2\t-0,4\t2,8\t", 1)
        if "999300073" in line
        else "\t".join([*line.split("\t")[:10], "", *line.split("\t")[10:]])
        for line in lines[2:]
    ]
    data = "\n".join([lines[0], header, *rows]).encode("utf-16-le")
    first = by_unit(parse_file(data, "sbi.csv").records, "999300073", "sbi_5_7", "2020-21")
    assert (first.value, first.uncertainty, first.uncertainty_kind) == (1.2, 1.6, "udir")


@pytest.mark.parametrize(
    "period, year",
    [("2023-24", "2023-24"), ("2022-2024", "2023-24"), ("2022-24", "2023-24"),
     ("2017-2023", "2022-23"), ("1999-00", "1999-00"), ("2024-2023", None),
     ("2023-22", None), ("2023", None)],
)  # fmt: skip
def test_a_period_is_stored_as_the_school_year_it_ends_with(period, year):
    assert school_year_of(period) == year


def test_parents_higher_education_lands_for_all_grades():
    header = (
        "EnhetNivaa;Nasjonaltkode;Fylkekode;Kommunekode;Organisasjonsnummer;Nasjonalt;Fylke;"
        "Kommune;EnhetNavn;2023-24.Andel elever med foreldre med høyere utdanning.Alle trinn."
        "Alle eierformer.Alle kjønn.Andel\n"
    )
    rows = (
        "1;I;00;0000;I;Hele landet;Alle fylker;Alle kommuner;Alle skoler;52,4\n"
        "4;I;46;4699;999300359;Hele landet;Vestland;Fjordvik;Ålstad skule ;:\n"
    )
    nation, alvik = read("foreldre.csv", (header + rows).encode()).records
    assert (nation.indicator, nation.grade, nation.value) == ("parents_higher_education", 0, 52.4)
    assert alvik.suppressed and alvik.unit_name == "Ålstad skule"
