"""The owner imports in Nynorsk: a filled-in template with mistakes shows every error, each with
its row and column, in Nynorsk; Udir's national-test file is previewed with names (never codes),
the schools it could create named with their numbers and grades, a private-looking school not
created unasked; the import is confirmed with a verb that counts the figures, shows in the
history in words, and is undone. No sideways scrolling on a phone."""

from django.utils import translation

from skolekvalitet.knowledge.models import Import, Indicator, Observation
from tests.browser.test_journey_school_people import _log_in
from tests.conftest import PASSWORD
from tests.udir import NT5_2023, udir_file

DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
ENGLISH = ("line ", "column ", " is not ", "nothing was stored", "Import ", "unknown")


def _upload(pages, name: str, data: bytes) -> None:
    page = pages.page
    page.locator("#id_file").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    page.locator("main form[enctype] button[type=submit]").click()
    pages.settle()


WIDE = """w => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > w && !e.closest('.table-wrap'))
  .map(e => e.tagName + ': ' + e.textContent.slice(0, 60))"""


def _fits(pages) -> None:
    page = pages.page
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        wide = page.evaluate(WIDE, size["width"])
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], wide


def test_an_owner_imports_and_undoes_in_nynorsk(pages, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nt5 = udir_file(NT5_2023)
    world.owner.municipality_number = "4622"  # Kvam: its schools are in the national file
    world.owner.save()
    page = pages.page
    page.set_viewport_size(DESKTOP)
    _log_in(pages, world.admin.email, PASSWORD, language="nn")
    slug = world.owner.slug

    # A template with four mistakes, in the rows and against the catalogue: all four at once,
    # where they are, in Nynorsk; nothing stored.
    ours = world.school_a.org_number
    rows = [
        f"ps_wellbeing;school;{ours};2024-25;7;4,1",
        f"ps_wellbeing;school;{ours};2024-25;7;fire",
        f"ps_wellbeing;school;{ours};2024-25;15;4,0",
        f"ps_wellbeing;skulen;{ours};2024-25;6;4,2",
        f"ps_trivsel;school;{ours};2024-25;6;4,2",
    ]
    header = "indikator;einingstype;organisasjonsnummer;skuleår;trinn;verdi\n"
    text = header + "\n".join(rows) + "\n"
    pages.goto(f"/o/{slug}/import/")
    seen = len(pages.problems)
    _upload(pages, "eigne.csv", text.encode())
    assert [p for p in pages.problems[seen:] if "400 (Bad Request)" not in p] == []
    del pages.problems[seen:]  # the browser logs the page's 400, which we asked for
    errors = page.locator("#import-errors")
    assert "Fila kan ikkje importerast på grunn av 4 feil" in errors.inner_text()
    items = errors.locator("li").all_inner_texts()
    assert [i.split(":")[0] for i in items] == [
        "eigne.csv, linje 3 (Alfheim skule), kolonne verdi",
        "eigne.csv, linje 4 (Alfheim skule), kolonne trinn",
        "eigne.csv, linje 5 (Alfheim skule), kolonne einingstype",
        "eigne.csv, linje 6 (Alfheim skule), kolonne indikator",
    ]
    main = page.locator("main").inner_text()
    assert not [word for word in ENGLISH if word in main]
    assert Observation.objects.count() == 0

    # Udir's file: names, never codes; the schools it could create, named.
    _upload(pages, NT5_2023, nt5)
    main = page.locator("main").inner_text()
    with translation.override("nn"):
        reading = Indicator.objects.get(code="nt5_reading", owner=None).name
    assert "Statistikkbanken (Udir)" in main and reading in main
    assert "nt5_" not in main and "statistikkbanken" not in main
    assert (
        "Den einaste skulen dykkar med desse trinna (Alfheim skule) er ikkje i denne fila" in main
    )
    table = page.locator("fieldset table").inner_text()
    for name, number in (("Strandebarm skule", "973953915"), ("Ålvik skule", "973953923")):
        assert name in table and number in table
    assert "Foreninga Norheimsund friskule" in table and "namnet tyder på ein privat skule" in table
    assert not page.locator("input[name=create]:checked").count()  # nothing created unasked
    _fits(pages)

    page.get_by_label("Strandebarm skule").check()
    page.locator("main form[method=get] button[type=submit]").click()
    pages.settle()
    confirm = page.locator("form[action$='/import/confirm/'] button")
    label = confirm.inner_text()
    assert label.startswith("Importer ") and label.endswith(" tal")
    confirm.click()
    pages.settle()

    # The history says who, when and what, in words, and undoes it.
    (batch,) = Import.objects.all()
    assert world.owner.schools.filter(name="Strandebarm skule").exists()
    main = page.locator("main").inner_text()
    assert (
        f"importert av {world.admin.name}" in main
        and "1 skule oppretta (Strandebarm skule)" in main
    )
    touched = page.locator("#imports li p").nth(2).inner_text()
    assert touched.startswith("Strandebarm skule (ny skule), Kvam (kommunen)")
    assert reading in touched and touched.endswith("; 2023-24")
    assert " kl. " in page.locator("#imports li p").first.inner_text()
    _fits(pages)
    page.get_by_role("link", name=f"Angre importen av {NT5_2023} …").click()
    pages.settle()
    # Asked first, on a page that says what is undone; looking undoes nothing.
    main = page.locator("main").inner_text()
    assert f"Angre importen av {NT5_2023}?" in main and "Å angre han endrar" in main
    assert "vert fjerna" in main and "2023-24" in main
    batch.refresh_from_db()
    assert batch.undone_at is None
    _fits(pages)
    page.get_by_role("button", name="Angre importen").click()
    pages.settle()
    assert f"Importen av «{NT5_2023}» frå " in page.locator("main").inner_text()
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert not Observation.objects.filter(source_import=batch).exists()
