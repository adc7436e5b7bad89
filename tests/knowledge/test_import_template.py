"""The template a Norwegian user fills in is Norwegian (issue 19): its headers and fixed values
in the user's language, each column explained, and its errors in the same words; older files
with English headers still import."""

import csv
import io

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.knowledge.models import Observation


def test_the_xlsx_template_is_in_nynorsk_and_explains_every_column(world, login):
    client = login(world.admin, language="nn")
    response = client.get(reverse("import_template", args=[world.owner.slug, "xlsx"]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Tal", "Forklaring", "Indikatorar"]
    rows = [[c or "" for c in row] for row in book["Tal"].iter_rows(values_only=True)]
    assert rows[0] == [
        "indikator",
        "einingstype",
        "organisasjonsnummer",
        "skulenamn",
        "skuleår",
        "trinn",
        "gruppe",
        "verdi",
        "antal",
        "usikkerheit",
        "usikkerheitstype",
        "skjerma",
    ]
    assert rows[3][:7] == [
        "ps_wellbeing",
        "skule",
        "974760673",
        "Dømeskule",
        "2025-26",
        "7",
        "alle",
    ]
    assert rows[3][10] == "standardfeil" and rows[4][11] == "ja"
    explained = list(book["Forklaring"].iter_rows(values_only=True))
    assert explained[0] == ("Kolonne", "Må fyllast ut", "Kva han tyder", "Tillatne verdiar", "Døme")
    assert [r[0] for r in explained[1:13]] == rows[0]
    group = next(r for r in explained if r[0] == "gruppe")
    assert group[3] == "alle, jenter, gutar, offentlege, private" and group[4] == "alle"
    assert next(r for r in explained if r[0] == "skulenamn")[4] == "Dømeskule"
    assert not any("unit_kind" in str(c) or "'all'" in str(c) for r in explained for c in r)
    codes = {r[0]: r[1] for r in book["Indikatorar"].iter_rows(min_row=2, values_only=True)}
    assert codes["ps_wellbeing"] == "Trivsel"


def test_a_filled_in_csv_template_in_bokmal_imports(world, login):
    client = login(world.admin, language="nb")
    text = client.get(reverse("import_template", args=[world.owner.slug, "csv"])).content
    assert text.startswith(b"\xef\xbb\xbf")  # the mark Excel needs to read «skoleår»
    header, *_examples = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert header[:5] == ["indikator", "enhetstype", "organisasjonsnummer", "skolenavn", "skoleår"]
    row = dict.fromkeys(header, "")
    row |= {
        "indikator": "ps_wellbeing",
        "enhetstype": "skole",
        "organisasjonsnummer": world.school_a.org_number,
        "skoleår": "2024-25",
        "trinn": "7",
        "gruppe": "jenter",
        "verdi": "4,1",
        "usikkerhet": "0,1",
        "usikkerhetstype": "standardavvik",
    }
    data = (";".join(header) + "\n" + ";".join(row.values()) + "\n").encode()
    plan = plan_import(world.owner, data, "mal.csv")
    assert plan.errors == []
    apply_import(None, plan)
    figure = Observation.objects.get()
    assert (figure.subgroup, figure.uncertainty_kind, figure.value) == ("girls", "sd", 4.1)


def test_the_upload_page_explains_the_columns_for_a_csv_file(world, login):
    body = (
        login(world.admin, language="nn")
        .get(reverse("import_upload", args=[world.owner.slug]))
        .content.decode()
    )
    assert "Kolonnane i malen, forklarte" in body
    assert '<th scope="row">einingstype</th>' in body and "semikolon" in body


def test_a_wrong_fixed_value_is_said_with_the_allowed_words_of_the_users_language(world):
    ours = world.school_a.org_number
    data = (
        "indikator;einingstype;organisasjonsnummer;skuleår;verdi\n"
        f"ps_wellbeing;skulen;{ours};2024-25;4\n"
    )
    with translation.override("nn"):
        plan = plan_import(world.owner, data.encode(), "e.csv")
    assert plan.errors == [
        "e.csv, linje 2 (Alfheim skule), kolonne einingstype: «skulen» er ikkje blant verdiane "
        "som kan brukast her: «skule»"
    ]


def test_an_indicator_may_be_named_and_a_mistyped_code_gets_a_suggestion(world):
    ours = world.school_a.org_number
    data = (
        "indikator;einingstype;organisasjonsnummer;skuleår;trinn;verdi\n"
        f"Trivsel;skule;{ours};2024-25;7;4,1\n"
        f"ps_welbeing;skule;{ours};2023-24;7;4,0\n"
    )
    with translation.override("nn"):
        plan = plan_import(world.owner, data.encode(), "e.csv")
    assert plan.errors == [
        "e.csv, linje 3 (Alfheim skule), kolonne indikator: ukjend indikator «ps_welbeing»: han "
        "finst verken i katalogen eller blant dei eigne indikatorane dykkar (sida Indikatorar "
        "viser dei med kodane deira); meinte du «Trivsel» (ps_wellbeing)?"
    ]
    plan = plan_import(world.owner, data.encode().split(b"ps_welbeing")[0], "e.csv")
    assert plan.errors == []
    apply_import(None, plan)
    assert Observation.objects.get().indicator.code == "ps_wellbeing"
