import json
from io import StringIO

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from skolekvalitet.knowledge.models import Indicator, Observation
from skolekvalitet.organisations.models import Owner, School
from tests.conftest import make_org_number


def _simulate(tmp_path, name="pupils.csv", **kwargs):
    out = tmp_path / name
    args = {"schools": 12, "pupils": 600, "seed": 5, **kwargs}
    call_command(
        "contribution",
        "simulate",
        *[f"--{k}={v}" for k, v in args.items()],
        f"--out={out}",
        stdout=StringIO(),
    )
    return out


@pytest.mark.parametrize("name", ["pupils.csv", "pupils.parquet"])
def test_it_fits_from_the_command_line(tmp_path, name):
    pupils = _simulate(tmp_path, name)
    out, summary = tmp_path / "result.csv", tmp_path / "summary.json"
    call_command(
        "contribution",
        "fit",
        str(pupils),
        "--stage=5-7",
        f"--out={out}",
        f"--summary-json={summary}",
        stdout=StringIO(),
    )
    table = pl.read_csv(out)
    assert table.columns == [
        "school_id",
        "n_pupils",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "raw_mean_residual",
        "reliability",
        "verdict",
    ]
    assert table.height == 12
    assert set(table["verdict"]) <= {"above", "no clear difference", "below", "too few pupils"}
    data = json.loads(summary.read_text())
    for key in (
        "coefficients",
        "between_school_sd",
        "within_school_sd",
        "pupils_used",
        "pupils_dropped",
        "schools_used",
        "seconds",
    ):
        assert key in data
    truth = pl.read_csv(pupils.with_name(pupils.stem + ".truth.csv"))
    joined = table.join(truth, on="school_id").drop_nulls()
    assert joined.select(pl.corr("estimate", "true_effect")).item() > 0.7


def test_it_writes_nothing_when_the_input_is_bad(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("pupil_id,school_id,cohort,outcome,prior\na,s1,2024-25,x,1\n")
    out = tmp_path / "result.csv"
    with pytest.raises(CommandError, match="outcome must be numeric"):
        call_command("contribution", "fit", str(bad), "--stage=5-7", f"--out={out}")
    assert list(tmp_path.iterdir()) == [bad]
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(CommandError, match="empty"):
        call_command("contribution", "fit", str(empty), "--stage=5-7", f"--out={out}")


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        (
            "pupil_id,navn,school_id,cohort,outcome,prior",
            "a,Kari,s1,2024-25,50,50",
            "'navn' looks like names",
        ),
        *[
            (f"pupil_id,{column},school_id,cohort,outcome,prior", "a,x,s1,2024-25,50,50", column)
            for column in ("elevnavn", "pupil_name", "fodselsnr", "fnr_elev")
        ],
        *[
            ("pupil_id,school_id,cohort,outcome,prior", f"{pupil},s1,2024-25,50,50", "pupil_id")
            for pupil in ("010203-12345", "010203 12345", "p01020312345")
        ],
        (
            "pupil_id,school_id,cohort,outcome,prior",
            "01017012345,s1,2024-25,50,50",
            "national identity number",
        ),
    ],
)
def test_it_refuses_files_that_identify_pupils(tmp_path, header, row, message):
    path = tmp_path / "p.csv"
    path.write_text(f"{header}\n{row}\n")
    with pytest.raises(CommandError, match=message):
        call_command("contribution", "fit", str(path), "--stage=5-7", f"--out={tmp_path / 'r.csv'}")


def test_it_stores_the_owners_own_indicator(tmp_path, db):
    owner = Owner.objects.create(
        slug="kvam", name="Kvam", kind="municipality", municipality_number="4622"
    )
    pupils = _simulate(tmp_path)
    frame = pl.read_csv(pupils)
    ids = sorted(frame["school_id"].unique())
    numbers = {sid: make_org_number(40 + i) for i, sid in enumerate(ids)}
    for sid in ids[:10]:
        School.objects.create(
            owner=owner, name=f"Skule {sid}", org_number=numbers[sid], first_grade=1, last_grade=7
        )
    frame.with_columns(pl.col("school_id").replace(numbers)).write_csv(pupils)
    call_command(
        "contribution",
        "fit",
        str(pupils),
        "--stage=5-7",
        f"--out={tmp_path / 'r.csv'}",
        "--owner=kvam",
        "--store",
        stdout=StringIO(),
    )
    indicator = Indicator.objects.get(code="own_contribution_5_7", owner=owner)
    assert indicator.never_compare_group == "own_contribution"
    stored = Observation.objects.filter(indicator=indicator)
    assert stored.count() == 10
    assert all(o.uncertainty_kind == "se" or o.suppressed for o in stored)
    assert stored.first().source_import.format == "contribution"
    assert not Indicator.objects.filter(code="own_contribution_5_7", owner=None).exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("nb", "verdier utenfor det mulige området"), ("nn", "verdiar utanfor det moglege området")],
)
def test_it_refuses_outliers_naming_the_lines_in_the_users_language(tmp_path, language, words):
    from django.utils import translation

    pupils = _simulate(tmp_path)
    frame = pl.read_csv(pupils)
    index = pl.int_range(pl.len())
    frame.with_columns(
        pl.when(index == 3)
        .then(9999.0)
        .when(index == 8)
        .then(-500.0)
        .otherwise(pl.col("outcome"))
        .alias("outcome")
    ).write_csv(pupils)
    out = tmp_path / "result.csv"
    with translation.override(language), pytest.raises(CommandError) as caught:
        call_command("contribution", "fit", str(pupils), "--stage=5-7", f"--out={out}")
    message = str(caught.value)
    # The header is line 1, so the 4th and 9th pupils are on lines 5 and 10.
    assert f"{pupils}: kolonne outcome: 2 {words}" in message
    assert "i rad 5, 10 (" in message and "9999, -500" in message
    assert not out.exists()


def test_it_fits_a_norwegian_excel_file_with_a_stated_reliability(tmp_path):
    pupils = _simulate(tmp_path)
    excel = tmp_path / "elever.csv"
    text = pl.read_csv(pupils).write_csv(separator=";").replace(".", ",")
    excel.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    out, stdout = tmp_path / "result.csv", StringIO()
    call_command(
        "contribution",
        "fit",
        str(excel),
        "--stage=5-7",
        "--prior-reliability=0.8",
        f"--out={out}",
        stdout=stdout,
    )
    assert pl.read_csv(out).height == 12
    assert "prior corrected for measurement error (reliability 0.80)" in stdout.getvalue()


def test_a_missing_or_empty_file_is_said_in_the_users_language(tmp_path):
    from django.utils import translation

    out = tmp_path / "result.csv"
    empty = tmp_path / "tom.csv"
    empty.write_text("")
    with translation.override("nn"):
        for path, words in ((tmp_path / "finst-ikkje.csv", "fila finst ikkje"), (empty, "tom")):
            with pytest.raises(CommandError, match=words):
                call_command("contribution", "fit", str(path), "--stage=5-7", f"--out={out}")
