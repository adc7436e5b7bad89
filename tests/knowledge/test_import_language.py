"""The import command speaks the owner's language (issue 16): its summary, the schools it
would create or not, and the readers' warnings, in Bokmål or Nynorsk with English msgids."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from skolekvalitet.organisations.models import Owner

FIXTURES = Path(__file__).parents[1] / "sources" / "fixtures"


@pytest.fixture
def kvam(db):
    return Owner.objects.create(
        slug="kvam",
        name="Kvam herad",
        kind="municipality",
        municipality_number="4622",
        default_language="nn",
    )


def test_the_preview_lines_are_in_the_owners_language(kvam, capsys):
    path = FIXTURES / "statistikkbanken_karakterer.csv"
    call_command("import", str(path), owner="kvam", dry_run=True)
    out = capsys.readouterr().out
    assert "statistikkbanken_karakterer.csv: Statistikkbanken (Udir); rader: 4;" in out
    assert (
        "ikkje oppretta: Kvam ungdomsskule (973953907, kommune 4622, eigarform ukjent, "
        "trinn i filene 10); --create-school 973953907 opprettar han"
    ) in out
    # The reader's note on what it left, translated too.
    assert "åtvaring: statistikkbanken_karakterer.csv: kolonnar med mål som ikkje er i " in out
    assert "not created" not in out and "warning:" not in out
    call_command("import", str(path), owner="kvam", dry_run=True, language="nb")
    out = capsys.readouterr().out
    assert "ikke opprettet: Kvam ungdomsskule" in out and "eierform ukjent" in out
    assert "advarsel: statistikkbanken_karakterer.csv: kolonner med mål" in out


def test_older_readers_warn_in_the_owners_language(kvam, capsys, tmp_path):
    path = tmp_path / "skoleporten.csv"
    path.write_text(
        "\ufeffEnhetsnavn;Skoletype;Vurderingsområde;Statistikk;Indikator/delskår;Periode;"
        "Eierform;Trinn;Kjønn;Verdi;Måleenhet\n"
        "Ålvik skule;Grunnskole;Ressurser;Lærertetthet;Lærertetthet 1.-7. trinn;2019-2020;"
        "Offentlig;Trinn 1-7;Begge kjønn;9,1;Antall\n",
        encoding="utf-8",
    )
    call_command("import", str(path), owner="kvam", dry_run=True)
    out = capsys.readouterr().out
    assert (
        "åtvaring: skoleporten.csv: linje 2, kolonne Statistikk: ukjend indikator "
        "«Lærertetthet / Lærertetthet 1.-7. trinn» (radene er hoppa over)"
    ) in out


def test_a_missing_file_is_refused_in_the_owners_language(kvam):
    with pytest.raises(CommandError, match="fila finst ikkje"):
        call_command("import", "/nonexistent/x.csv", owner="kvam")
