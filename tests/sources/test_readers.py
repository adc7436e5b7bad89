"""The readers against the real exports (exact figures read off the files with iconv and awk)
and against variants of the same bytes in every dialect Udir produces."""

import codecs

import pytest

from skolekvalitet.sources.detect import parse_file
from skolekvalitet.sources.records import SourceError
from tests import udir
from tests.udir import NT5_2022, NT5_2023, NT8_2022, NT8_2023, SKOLEPORTEN, udir_file

# file: (rows, school rows, suppressed score cells, published score cells)
EXPECTED = {
    NT5_2022: (2501, 2132, 2154, 5117),
    NT5_2023: (2485, 2116, 2139, 5252),
    NT8_2022: (1536, 1169, 1120, 3280),
    NT8_2023: (1538, 1171, 1138, 3408),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_it_reads_every_national_test_export(name):
    rows, schools, suppressed, published = EXPECTED[name]
    result = parse_file(udir_file(name), name)
    assert result.format == "statistikkbanken"
    assert result.rows_read == rows
    assert result.suppressed_cells == suppressed
    assert sum(not r.suppressed for r in result.records) == published
    assert len({r.unit_code for r in result.records if r.unit_kind == "school"}) <= schools


def test_it_reads_the_nation_and_a_school_exactly():
    records = parse_file(udir_file(NT5_2023), NT5_2023).records
    nation = {r.indicator: r for r in records if r.unit_kind == "nation"}
    land = udir.cells(NT5_2023, "1")
    assert (nation["nt5_reading"].value, nation["nt5_reading"].n) == (
        udir.figure(land, "Lesing", "Skalapoeng"),
        udir.figure(land, "Lesing", "Antall elever deltatt"),
    )
    assert (nation["nt5_english"].value, nation["nt5_english"].uncertainty) == (
        udir.figure(land, "Engelsk", "Skalapoeng"),
        udir.figure(land, "Engelsk", "Usikkerhet"),
    )
    row = udir.cells(NT5_2023, "4", "974603209")
    school = {r.indicator: r for r in records if r.unit_code == "974603209"}
    reading = school["nt5_reading"]
    assert (reading.value, reading.uncertainty, reading.n) == (
        udir.figure(row, "Lesing", "Skalapoeng"),
        udir.figure(row, "Lesing", "Usikkerhet"),
        udir.figure(row, "Lesing", "Antall elever deltatt"),
    )
    assert reading.unit_name == row["EnhetNavn"] and reading.municipality_code == "3021"
    area = udir.cells(NT5_2023, "3", "3021")
    municipality = {
        r.indicator: r for r in records if r.unit_kind == "municipality" and r.unit_code == "3021"
    }
    assert (municipality["nt5_english"].value, municipality["nt5_english"].n) == (
        udir.figure(area, "Engelsk", "Skalapoeng"),
        udir.figure(area, "Engelsk", "Antall elever deltatt"),
    )


def test_it_reads_skoleporten():
    result = parse_file(udir_file(SKOLEPORTEN), SKOLEPORTEN)
    # Skoleporten's «.» is «no figure», never «suppressed by Udir»: its 2678 rows carry nothing
    # (the whole 2009–13 5th-grade series among them).
    assert (result.format, result.rows_read, result.suppressed_cells) == ("skoleporten", 6233, 0)
    assert len(result.records) == 6233 - 2678
    assert {r.ownership for r in result.records} == {"public"}  # from «Eierform»
    auglend = [
        r
        for r in result.records
        if r.unit_name == "Auglend skole"
        and r.school_year == "2014-15"
        and r.indicator == "nt5_reading"
    ]
    assert {r.subgroup: r.value for r in auglend} == {"all": 51, "girls": 52, "boys": 50}
    assert {r.indicator for r in result.records} >= {
        "nt8_reading_feeder",
        "nt9_numeracy",
    }


def test_it_reads_the_pupil_survey_api():
    from tests.udir import UDIR

    data = UDIR / "elevundersokelsen_api" / "tabell_155.json"
    raw = udir_file("elevundersokelsen_api/tabell_155.json")
    result = parse_file(raw, data.name)
    assert result.format == "udir-api" and len(result.records) == 15
    first = {(r.school_year, r.grade): r for r in result.records}[("2021-22", 11)]
    # As the file has it, read with no reader of ours (no figure of it is written here).
    (row,) = _api_rows(raw, "2021-22", "1")
    assert (first.value, first.n) == (_api_number(row["AndelDeltatt"]), int(row["AntallInvitert"]))
    bullying = parse_file(udir_file("elevundersokelsen_api/tabell_154.json"), "154").records
    assert {r.indicator for r in bullying} == {"ps_bullying"}
    indices = parse_file(udir_file("elevundersokelsen_api/tabell_152.json"), "152").records
    assert "ps_teacher_support" in {r.indicator for r in indices}


def _api_rows(raw: bytes, year: str, stage: str) -> list[dict]:
    """The rows of a pupil-survey API answer for a school year and a stage of upper secondary
    ("1" for Vg1), as the JSON has them."""
    import json

    return [
        r
        for r in json.loads(raw)
        if r["Skoleaarnavn"] == year
        and r["Trinnnavn"].endswith(stage)
        and r.get("Kjoenn", "Alle kjønn") == "Alle kjønn"
        and r["EierformNavn"] == "Alle eierformer"
    ]


def _api_number(text: str) -> float:
    return float(text.replace(",", "."))


TINY = (
    "EnhetNivaa\tFylkekode\tKommunekode\tOrganisasjonsnummer\tNasjonalt\t"
    "Fylke\tKommune\tEnhetNavn\t2024-25.Lesing.5. årstrinn.Alle eierformer.Alle kjønn."
    "Skalapoeng\t2024-25.Lesing.5. årstrinn.Alle eierformer.Alle kjønn.Usikkerhet\t"
    "2024-25.Lesing.5. årstrinn.Alle eierformer.Alle kjønn.Antall elever deltatt\n"
    "1\t00\t0000\tI\tHele landet\tAlle fylker\tAlle kommuner\tAlle skoler\t47\t0,2\t"
    "12\u00a0345\n"
    "4\t46\t4622\t974760673\tHele landet\tVestland\tKvam\tNorheim skule \t*\t*\t8\n"
)

# TINY with a column of ownership crossed by gender (private girls), filled for the school only.
CROSSED = (
    TINY.replace(
        "Antall elever deltatt\n",
        "Antall elever deltatt\t2024-25.Lesing.5. årstrinn.Privat.Jenter.Skalapoeng\n",
    )
    .replace("12\u00a0345\n", "12\u00a0345\t\n")
    .replace("*\t*\t8\n", "*\t*\t8\t*\n")
)


def _variants():
    sep_tab = "sep=\t\n" + TINY
    yield "utf-16-le, no BOM", sep_tab.encode("utf-16-le")
    yield "utf-16-le, BOM", codecs.BOM_UTF16_LE + sep_tab.encode("utf-16-le")
    yield "utf-16-be, BOM", codecs.BOM_UTF16_BE + sep_tab.encode("utf-16-be")
    yield "utf-16-be, no BOM", sep_tab.encode("utf-16-be")
    yield "utf-8, BOM", codecs.BOM_UTF8 + TINY.encode()
    yield "utf-8, pipes", ("sep=|\n" + TINY.replace("\t", "|")).encode()
    yield "utf-8, semicolons, no sep line", TINY.replace("\t", ";").encode()


@pytest.mark.parametrize(("dialect", "data"), list(_variants()))
def test_it_reads_every_dialect_alike(dialect, data):
    records = parse_file(data, "tiny.csv").records
    nation, school = records
    assert (nation.value, nation.n, nation.uncertainty) == (47, 12345, 0.2), dialect
    assert school.suppressed and school.value is None and school.n == 8
    assert school.unit_name == "Norheim skule" and school.unit_code == "974760673"


def test_it_refuses_a_truncated_file_with_its_line():
    data = ("sep=\t\n" + TINY).encode("utf-16-le")
    with pytest.raises(SourceError, match="truncated"):
        parse_file(data[:-5], "cut.csv")
    with pytest.raises(SourceError, match=r"line 4.*fields") as error:
        parse_file(("sep=\t\n" + TINY).encode("utf-16-le")[:-40], "cut.csv")
    assert error.value.file == "cut.csv"


def test_it_refuses_a_malformed_number_with_line_and_column():
    with pytest.raises(SourceError) as error:
        parse_file(TINY.replace("\t47\t", "\t4T\t").encode(), "bad.csv")
    assert error.value.line == 2 and error.value.column.endswith("Skalapoeng")
    assert "'4T' is not a number" in str(error.value)


def test_it_refuses_mixed_encodings():
    with pytest.raises(SourceError, match="encoding"):
        parse_file(TINY.encode() + "Øvrebø".encode("utf-16-le"), "mixed.csv")
    with pytest.raises(SourceError, match="UTF-8"):
        parse_file(TINY.encode() + "Øvrebø".encode("latin-1"), "mixed.csv")


def test_it_refuses_an_unknown_format_and_an_empty_file():
    with pytest.raises(SourceError, match="not a recognised format"):
        parse_file(b"name,age\nx,1\n", "people.csv")
    with pytest.raises(SourceError, match="empty"):
        parse_file(b"", "empty.csv")


def test_it_refuses_an_unknown_test():
    with pytest.raises(SourceError, match="unknown test"):
        parse_file(TINY.replace("Lesing", "Kjemi").encode(), "x.csv")


def test_it_reads_the_tidy_template_with_errors_located():
    good = (
        "indicator;unit_kind;unit_code;unit_name;school_year;grade;subgroup;value;n\n"
        "tenfactor_1;school;974760673;X;2025-26;0;all;4,2;23\n"
    )
    (record,) = parse_file(good.encode(), "t.csv").records
    assert (record.indicator, record.value, record.n) == ("tenfactor_1", 4.2, 23)
    with pytest.raises(SourceError) as error:
        parse_file(good.replace("2025-26", "2025").encode(), "t.csv")
    assert (error.value.line, error.value.column) == (2, "school_year")


def test_it_reads_ownership_and_gender_columns_as_subgroups():
    text = TINY.replace("Alle eierformer.Alle kjønn.Skalapoeng", "Offentlig.Alle kjønn.Skalapoeng")
    text = text.replace("Alle eierformer.Alle kjønn.Usikkerhet", "Offentlig.Alle kjønn.Usikkerhet")
    text = text.replace("Alle eierformer.Alle kjønn.Antall", "Offentlig.Alle kjønn.Antall")
    assert {r.subgroup for r in parse_file(text.encode(), "x.csv").records} == {"public"}
    girls = TINY.replace("Alle kjønn", "Jenter")
    assert {r.subgroup for r in parse_file(girls.encode(), "x.csv").records} == {"girls"}
    # An export with ownership × gender columns imports: those columns have no subgroup and are
    # not stored (a warning says so), the others are.
    both = TINY.replace("Alle eierformer.Alle kjønn.Skalapoeng", "Privat.Jenter.Skalapoeng")
    result = parse_file(both.encode(), "x.csv")
    assert result.records == [] and "both ownership and gender" in result.notes[0][0]
    result = parse_file(CROSSED.encode(), "x.csv")
    nation, school = result.records
    assert nation.value == 47 and school.suppressed and len(result.notes) == 1
    assert school.ownership == "private"  # only the private columns have anything in its row


@pytest.mark.parametrize(
    ("cell", "value", "suppressed"),
    [("*", None, True), (":", None, True), (".", None, False), ("..", None, False)],
)
def test_it_reads_udirs_and_statistics_norways_markers(cell, value, suppressed):
    text = TINY.replace("Norheim skule \t*", f"Norheim skule \t{cell}")
    records = parse_file(text.encode(), "x.csv").records
    school = [r for r in records if r.unit_kind == "school"]
    if value is None and not suppressed:
        assert school == []  # no figure: nothing to store, not «suppressed»
    else:
        assert (school[0].value, school[0].suppressed) == (value, suppressed)


def test_a_nil_dash_is_zero_for_a_share_and_no_figure_for_a_mean():
    from skolekvalitet.sources.text import read_value

    where = {"file": "x", "line": 2, "column": "c"}
    assert read_value("-", zero_ok=True, **where) == (0.0, False)
    assert read_value("-", zero_ok=False, **where) == (None, False)
    assert read_value("-1,5", zero_ok=False, **where) == (-1.5, False)
    assert read_value("\u22121,5", zero_ok=False, **where) == (-1.5, False)


@pytest.mark.parametrize(
    "header,value",
    [
        ("elevnavn", "x"),
        ("pupil_name", "x"),
        ("fodselsnr", "1"),
        ("fnr_elev", "1"),
        ("pupil_id", "010203-12345"),
        ("pupil_id", "010203 12345"),
        ("pupil_id", "p01020312345"),
        ("pupil_id", "01020312345"),
    ],
)
def test_it_refuses_pupil_files_that_identify_pupils(tmp_path, header, value):
    from skolekvalitet.sources.pupils import read_pupils

    path = tmp_path / "pupils.csv"
    rows = [
        f"{value if header == 'pupil_id' else 'p1'},97476067{i},2024-25,50,49" for i in range(3)
    ]
    extra = "" if header == "pupil_id" else f",{header}"
    body = [f"{r},{value}" if extra else r for r in rows]
    path.write_text("pupil_id,school_id,cohort,outcome,prior" + extra + "\n" + "\n".join(body))
    with pytest.raises(SourceError, match=header):
        read_pupils(path)


def test_it_refuses_a_national_identity_number_in_a_tidy_file():
    data = (
        b"indicator;unit_kind;unit_code;unit_name;school_year;value\n"
        b"ps_wellbeing;school;974760673;010203 12345;2025-26;4,1\n"
    )
    with pytest.raises(SourceError) as error:
        parse_file(data, "x.csv")
    assert (error.value.line, error.value.column) == (2, "unit_name")


def test_it_refuses_a_workbook_that_unpacks_too_large(monkeypatch):
    import io

    from openpyxl import Workbook

    from skolekvalitet.sources import tidy

    book = Workbook()
    book.active.append(["indicator", "unit_kind", "school_year", "value"])
    data = io.BytesIO()
    book.save(data)
    monkeypatch.setattr(tidy, "MAX_UNPACKED", 1000)
    with pytest.raises(SourceError, match="unpacks to more than"):
        parse_file(data.getvalue(), "bomb.xlsx")


def test_bullying_shares_take_n_from_the_respondents_not_the_bullied():
    """Table 154's AntallBesvart counts the bullied, not those who answered (table 155), so n
    comes from the share/count relation: every published share is shown, with a standard error
    a fraction of what n = the bullied would give."""
    import json

    from skolekvalitet.stats.intervals import share_estimate
    from skolekvalitet.stats.suppression import primary_status

    raw = udir_file("elevundersokelsen_api/tabell_154.json")
    records = parse_file(raw, "154").records
    shown = {(r.school_year, r.grade): r for r in records if not r.suppressed}
    share = shown[("2022-23", 12)]
    # The file's own cells for that share, read with no reader of ours: all questions together.
    (row, *_same) = [
        r for r in _api_rows(raw, "2022-23", "2") if r["Spoersmaalnavn"] == "Alle spørsmål"
    ]
    bullied = int(row["AntallBesvart"])
    assert share.value == _api_number(row["AndelMobbet"])
    # n is the respondents whose share of bullied it is: bullied / n rounds to the share.
    assert round(100 * bullied / share.n, 1) == share.value and share.n > 5 * bullied
    # With n = the bullied, the error would be about four times larger.
    assert share_estimate(share.value, bullied).se > 3 * share_estimate(share.value, share.n).se
    # Within a few pupils of the respondents in the participation table (155).
    answered = {
        (r["Skoleaarnavn"], r["Trinnnavn"][-1]): int(r["AntallBesvart"])
        for r in json.loads(udir_file("elevundersokelsen_api/tabell_155.json"))
        if r["EierformNavn"] == "Alle eierformer"
    }
    for r in shown.values():
        if r.n is not None:
            assert abs(r.n - answered[(r.school_year, str(r.grade - 10))]) <= 7, r
    # All 10 published shares are shown (0,0 % of 2025-26 has no n to give: 0 bullied).
    assert len(shown) == 10
    assert all(primary_status(r.value, r.n, False, 10) == "shown" for r in shown.values())
