"""Pupil files for the school contribution estimator in the dialects schools export."""

import codecs
from pathlib import Path

import polars as pl
import pytest

from skolekvalitet.sources.pupils import read_pupils

EXCEL = Path(__file__).parent / "fixtures" / "pupils_excel_nb.csv"


def _check(frame: pl.DataFrame) -> None:
    assert frame.columns[:5] == ["pupil_id", "school_id", "cohort", "outcome", "prior"]
    assert frame.schema["outcome"] == pl.Float64 and frame.schema["prior"] == pl.Float64
    assert frame["outcome"].to_list() == [52.4, 47.0, 55.9, 61.2, 44.8, 50.0]
    assert frame["prior"].to_list() == [48.1, 45.5, 53.0, 58.7, None, 49.9]
    assert frame["household_income"][0] == 5.23
    assert frame["school_id"][0] == "974760673" and frame["cohort"][3] == "2023-24"
    assert frame["immigrant_background"][2] == "norskfødt"


def test_it_reads_a_norwegian_excel_csv():
    # «CSV (semikolondelt)» from Norwegian Excel: cp1252, `;`, decimal comma, CRLF.
    assert b"\r\n" in EXCEL.read_bytes() and "ø".encode("cp1252") in EXCEL.read_bytes()
    _check(read_pupils(EXCEL))


@pytest.mark.parametrize("bom", [True, False])
def test_it_reads_excel_csv_utf8_with_or_without_a_bom(tmp_path, bom):
    text = EXCEL.read_bytes().decode("cp1252")
    path = tmp_path / "elever.csv"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    frame = read_pupils(path)
    assert frame.columns[0] == "pupil_id"
    _check(frame)


def test_it_still_reads_the_international_dialect(tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text("pupil_id,school_id,cohort,outcome,prior\np1,974760673,2024-25,52.4,48.1\n")
    frame = read_pupils(path)
    assert frame["outcome"].to_list() == [52.4] and frame["school_id"].to_list() == ["974760673"]
