"""Printing a chart and its table: a short pair stays whole on one page; a long one (a large owner's
40 schools) starts right after what comes before it, chart and first rows together, and goes on
over the next page with its header repeated, rather than leaving a half-empty page behind."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from pypdf import PdfReader

from skolekvalitet.documents.charts import IntervalItem, interval_chart
from skolekvalitet.documents.model import Chart, Document, Group, Heading, Paragraph, Table
from skolekvalitet.documents.render import WHOLE_ROWS, to_docx, to_html, to_pdf


def _pair(schools: int) -> Group:
    names = [f"Skule {i:03d}" for i in range(schools)]
    svg = interval_chart(
        [IntervalItem(n, 50 + i % 7, 45 + i % 7, 55 + i % 7) for i, n in enumerate(names)],
        reference=51.0,
        uid="c",
        title="Lesing",
        summary="Kvar skule med 95 % intervall.",
    )
    table = Table(
        "Lesing: skuleår",
        ("Eining", "2025-26", "2026-27"),
        tuple((n, "50,1", f"{i // 10},{i % 10}") for i, n in enumerate(names)),
        key="nt5_reading:5",
    )
    return Group((Chart(svg, "Kvar skule med 95 % intervall; tabellen har dei same tala."), table))


def _pages(doc: Document) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(doc))).pages]


def test_a_long_table_starts_on_the_page_of_what_comes_before_it():
    doc = Document("Prøve", "nn")
    doc.add(Heading(1, "Kapittel"))
    doc.add(Paragraph("Innleiing. " * 120))  # about a fifth of a page
    doc.add(_pair(40))
    pages = _pages(doc)
    first = next(i for i, text in enumerate(pages) if "Innleiing" in text)
    assert "Lesing: skuleår" in pages[first] and "Skule 000" in pages[first]
    assert "3,9" not in pages[first]  # the last row's own figure
    later = next(i for i, text in enumerate(pages) if "3,9" in text)
    assert "Eining" in pages[later]  # the header repeats


def test_a_short_table_stays_whole_with_its_chart():
    doc = Document("Prøve", "nn")
    doc.add(Heading(1, "Kapittel"))
    doc.add(Paragraph("Innleiing. " * 560))  # most of a page
    doc.add(_pair(8))
    pages = _pages(doc)
    holding = [i for i, text in enumerate(pages) if "Skule 000" in text or "Skule 007" in text]
    assert len(set(holding)) == 1
    word = docx.Document(io.BytesIO(to_docx(doc)))
    rows = word.tables[0].rows
    assert rows[0]._tr.trPr.xpath("w:tblHeader")  # a real header row, repeated on each page
    assert [c.text for c in rows[1].cells] == ["Skule 000", "50,1", "0,0"]


def test_a_long_table_is_striped_rather_than_ruled_under_every_cell():
    html = to_html(Document("Prøve", "nn", blocks=[_pair(40)]), pdf=True)
    assert '<table class="long">' in html
    short = to_html(Document("Prøve", "nn", blocks=[_pair(WHOLE_ROWS)]), pdf=True)
    assert "<table>" in short and 'class="long"' not in short


def test_a_table_of_many_columns_stays_within_the_page():
    """The internal control's spot checks have ten columns: set smaller and hyphenated, every
    word of the last column is on the page (pdftotext leaves out what lies beyond it)."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    header = (
        "Skule", "Dato", "Saker kontrollerte", "Avvik", "Ikkje dokumentert", "Funn",
        "Svart på av skulen", "Vart avtale eller tiltak", "Merknad", "Oppfølging",
    )  # fmt: skip
    last = "Rutinen for dokumentasjonsarbeidet skal gåast gjennom grundig."
    rows = tuple(
        (f"Heradshaugen ungdomsskule {i}", "15.10.2026", "3", "2", "1", "2", "1", "0",
         "Ingen", last)
        for i in range(4)
    )  # fmt: skip
    doc = Document("Prøve", "nn", blocks=[Table("Stikkprøver", header, rows)])
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=to_pdf(doc), capture_output=True, check=True
    ).stdout.decode()
    joined = " ".join(re.sub(r"[‐-]\n", "", text).split())
    assert joined.count(last) == 4 and "Oppfølging" in joined
