"""The import command speaks the owner's language (issue 16): its summary, the schools it
would create or not, and the readers' warnings and errors, in Bokmål or Nynorsk with English
msgids."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from skolekvalitet.knowledge.importing import error_text
from skolekvalitet.organisations.models import Owner
from skolekvalitet.sources.detect import parse_file
from skolekvalitet.sources.records import SourceError

FIXTURES = Path(__file__).parents[1] / "sources" / "fixtures"


@pytest.fixture
def fjordvik(db):
    return Owner.objects.create(
        slug="fjordvik",
        name="Fjordvik herad",
        kind="municipality",
        municipality_number="4699",
        default_language="nn",
    )


def test_the_preview_lines_are_in_the_owners_language(fjordvik, capsys):
    path = FIXTURES / "statistikkbanken_karakterer.csv"
    call_command("import", str(path), owner="fjordvik", dry_run=True)
    out = capsys.readouterr().out
    assert "statistikkbanken_karakterer.csv: Statistikkbanken (Udir); rader: 4;" in out
    assert (
        "ikkje oppretta: Fjordvik ungdomsskule (999300421, kommune 4699, eigarform ukjend, "
        "trinn i filene 10); --create-school 999300421 opprettar han"
    ) in out
    # The reader's note on what it left, translated too.
    assert "åtvaring: statistikkbanken_karakterer.csv: kolonnar med mål som ikkje er i " in out
    assert "not created" not in out and "warning:" not in out
    call_command("import", str(path), owner="fjordvik", dry_run=True, language="nb")
    out = capsys.readouterr().out
    assert "ikke opprettet: Fjordvik ungdomsskule" in out and "eierform ukjent" in out
    assert "advarsel: statistikkbanken_karakterer.csv: kolonner med mål" in out


def test_older_readers_warn_in_the_owners_language(fjordvik, capsys, tmp_path):
    path = tmp_path / "skoleporten.csv"
    path.write_text(
        "\ufeffEnhetsnavn;Skoletype;Vurderingsområde;Statistikk;Indikator/delskår;Periode;"
        "Eierform;Trinn;Kjønn;Verdi;Måleenhet\n"
        "Ålstad skule;Grunnskole;Ressurser;Lærertetthet;Lærertetthet 1.-7. trinn;2019-2020;"
        "Offentlig;Trinn 1-7;Begge kjønn;9,1;Antall\n",
        encoding="utf-8",
    )
    call_command("import", str(path), owner="fjordvik", dry_run=True)
    out = capsys.readouterr().out
    assert (
        "åtvaring: skoleporten.csv: linje 2, kolonne Statistikk: ukjend indikator "
        "«Lærertetthet / Lærertetthet 1.-7. trinn» (radene er hoppa over)"
    ) in out


def test_a_missing_file_is_refused_in_the_owners_language(fjordvik):
    with pytest.raises(CommandError, match="fila finst ikkje"):
        call_command("import", "/nonexistent/x.csv", owner="fjordvik")


def test_errors_name_file_row_and_column_in_the_users_language():
    data = (FIXTURES / "statistikkbanken_karakterer.csv").read_bytes()
    bad = data.replace(b";3,1;19;", b";3.1x;19;")
    with pytest.raises(SourceError) as error:
        parse_file(bad, "karakterer.csv")
    assert (error.value.line, error.value.file) == (4, "karakterer.csv")
    assert error.value.column.startswith("2023-24.Matematikk skriftlig eksamen")
    with translation.override("nb"):
        assert error_text(error.value, "karakterer.csv").startswith(
            "karakterer.csv, linje 4, kolonne 2023-24.Matematikk skriftlig eksamen"
        )
    period = data.replace(b"2023-24.Matematikk standpunkt", b"2023.Matematikk standpunkt", 1)
    with pytest.raises(SourceError) as error:
        parse_file(period.replace(b"2023.", b"2023-22.", 1), "karakterer.csv")
    with translation.override("nn"):
        text = error_text(error.value, "karakterer.csv")
    assert "linje 1" in text and "er ikkje eit skuleår" in text, text
