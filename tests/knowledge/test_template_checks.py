"""A filled-in template is checked whole: every error at once (file, row, column, what), in the
user's language, nothing stored; values are checked against the indicator's scale."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.knowledge.models import Indicator, Observation

HEADER = "indikator;enhetstype;organisasjonsnummer;skoleår;trinn;verdi\n"


def _csv(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_it_lists_the_errors_of_every_kind_at_once(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ours = world.school_a.org_number
    typo = ours[:8] + str((int(ours[8]) + 1) % 10)
    rows = [
        f"ps_wellbeing;school;{ours};2024-25;7;4,1",
        f"ps_wellbeing;school;{ours};2024-25;15;4,2",  # line 3: no such grade (the reader's)
        f"ps_trivsel;school;{ours};2024-25;7;4,0",  # line 4: unknown indicator (the plan's)
        f"ps_wellbeing;school;{typo};2024-25;6;4,0",  # line 5: a typo in the number
        f"ps_wellbeing;school;{ours};2023-24;7;7",  # line 6: outside the scale 1–5
    ]
    client = login(world.admin, language="nn")
    upload = SimpleUploadedFile("egne.csv", _csv(rows))
    response = client.post(reverse("import_upload", args=[world.owner.slug]), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "på grunn av 4 feil; ingenting vart lagra" in body
    for where in (
        "linje 3 (Alfheim skule), kolonne trinn",
        "linje 4 (Alfheim skule), kolonne indikator",
        "linje 5, kolonne organisasjonsnummer",
        "linje 6 (Alfheim skule), kolonne verdi",
    ):
        assert f"egne.csv, {where}" in body
    assert "7 er utanfor skalaen til Trivsel, som går frå 1 til 5" in body
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("written", ["4,3", "4.3"])
def test_a_mean_takes_a_decimal_comma_or_point_and_says_how_it_was_read(world, written):
    ours = world.school_a.org_number
    with translation.override("nb"):
        plan = plan_import(
            world.owner, _csv([f"ps_wellbeing;school;{ours};2024-25;7;{written}"]), "a.csv"
        )
    assert plan.errors == []
    said = [w for w in plan.warnings if "desimalpunktum" in w]
    if written == "4.3":
        assert said == [
            "a.csv: et desimalpunktum leses som desimalkomma, så «4.3» og «4,3» er samme tall: "
            "kolonnen verdi har punktum på linje 2"
        ]
    else:
        assert said == []
    apply_import(None, plan)
    assert Observation.objects.get().value == 4.3


def test_values_outside_the_scale_or_unclear_are_refused_with_row_and_column(world):
    ours = world.school_a.org_number
    Indicator.objects.create(
        owner=world.owner,
        code="local_pupils_absent",
        name_nb="Elever med fravær",
        name_nn="Elevar med fråvær",
        name_en="Pupils absent",
        quality="process",
        source="Eiga teljing",
        unit="count",
        direction="lower",
    )
    rows = [
        f"ps_wellbeing;school;{ours};2024-25;7;0,5",
        f"nt5_reading;school;{ours};2024-25;5;101",
        f"local_pupils_absent;school;{ours};2024-25;0;12.5",
        f"local_pupils_absent;school;{ours};2023-24;0;12",
        f"nt5_reading;school;{ours};2023-24;5;1.234,5",
    ]
    with translation.override("nb"):
        plan = plan_import(world.owner, _csv(rows), "b.csv")
    # In the file's order, each with its school (issue 19).
    assert plan.errors == [
        "b.csv, linje 2 (Alfheim skule), kolonne verdi: 0,5 er utenfor skalaen til Trivsel, "
        "som går fra 1 til 5",
        "b.csv, linje 3 (Alfheim skule), kolonne verdi: 101 er utenfor skalaen til Nasjonale "
        "prøver 5. trinn, lesing, som går fra 0 til 100",
        "b.csv, linje 4 (Alfheim skule), kolonne verdi: Elever med fravær er et antall, så "
        "verdien er et heltall, ikke 12,5 (skriv tusener uten punktum eller komma, som 1234)",
        "b.csv, linje 6 (Alfheim skule), kolonne verdi: «1.234,5» har mer enn ett punktum eller "
        "komma, så det er uklart hvilket som er desimaltegnet: skriv tallet uten tusenskille, "
        "som 1234,5",
    ]
    with pytest.raises(ValueError):
        apply_import(None, plan)


def test_a_row_with_several_mistakes_has_each_said(world):
    """The user test: a row with a wrong year, a decimal point too many and a count in words
    gave only the year's error, so the file went back and forth three times."""
    header = "indikator;enhetstype;organisasjonsnummer;skoleår;trinn;verdi;antall;skjermet\n"
    ours = world.school_a.org_number
    data = (header + f"ps_wellbeing;school;{ours};2025/26;7;1.234,5;tjue;kanskje\n").encode()
    with translation.override("nn"):
        plan = plan_import(world.owner, data, "feil.csv")
    said = "\n".join(plan.errors)
    assert len(plan.errors) == 4, said
    for column in ("skoleår", "verdi", "antall", "skjermet"):
        assert f"feil.csv, linje 2 (Alfheim skule), kolonne {column}" in said
    assert "«kanskje» er korkje ja eller nei" in said
