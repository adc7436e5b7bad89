"""Printing quickly without changing what is printed: tables get their column widths from the
text instead of WeasyPrint measuring every cell, the user-agent style sheet no longer gives every
element pseudo-elements it never shows, and the tagged PDF's page references are built once."""

import io

import pydyf
from pypdf import PdfReader
from weasyprint import HTML

from skolekvalitet.documents.model import (
    Chart,
    Document,
    Group,
    Heading,
    Paragraph,
    RichText,
    Table,
)
from skolekvalitet.documents.render import (
    ONE_PAGE,
    PRINT,
    _column_widths,
    _printer,
    _text_em,
    to_html,
    to_pdf,
)

ROWS = tuple(
    (f"Skule {i:03d} med eit langt namn", "50,1", "49,8 – 50,2", "synker mer enn tilfeldig")
    for i in range(30)
)
TABLE = Table("Lesing", ("Eining", "2026-27", "Intervall (95 %)", "Utvikling"), ROWS)


def test_a_printed_table_has_its_column_widths_and_a_fixed_layout():
    html = to_html(Document("Prøve", "nn", blocks=[TABLE]), pdf=True)
    assert '<table class="long fixed">' in html
    assert html.count("<col style=") == 4
    assert "<colgroup>" not in to_html(Document("Prøve", "nn", blocks=[TABLE]))  # the browser


def test_columns_share_the_width_by_what_their_text_needs():
    widths = _column_widths(TABLE, keep=True)
    assert abs(sum(widths) - 100) < 0.01
    name, figure, interval, development = widths
    assert figure < interval < development  # the longer the unbroken text, the wider
    assert name > figure  # the names wrap, but not within a word
    for narrow in (Table("T", ("A", "B"), (("1", "2"),)), Table("T", ("", ""), (("", ""),))):
        assert [round(w, 6) for w in _column_widths(narrow, keep=False)] == [50, 50]


def test_a_figure_in_a_group_stays_on_one_line_within_its_column():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>t</title></svg>'
    doc = Document("Prøve", "nn", blocks=[Group((Chart(svg, "Figur"), TABLE))])
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(doc))).pages)
    assert text.count("synker mer enn tilfeldig") == 30
    assert text.count("49,8 – 50,2") == 30


def test_list_items_keep_their_markers_and_nothing_else_gets_one():
    assert _printer() is not HTML  # the slimmer sheet is in use with this WeasyPrint
    doc = Document("Prøve", "nn", blocks=[RichText("<ul><li>Fyrste</li><li>Andre</li></ul>")])
    text = PdfReader(io.BytesIO(to_pdf(doc))).pages[0].extract_text()
    assert text.count("•") == 2


def test_each_tagged_element_points_to_its_own_page():
    doc = Document(
        "Prøve",
        "nn",
        blocks=[Heading(1, "Eitt"), Paragraph("Fyrste"), Heading(1, "To"), Paragraph("Andre")],
    )
    reader = PdfReader(io.BytesIO(to_pdf(doc)))
    pages = [p.indirect_reference.idnum for p in reader.pages]
    found = []

    def walk(element):
        element = element.get_object()
        if element.get("/S") == "/P":
            found.append(element.raw_get("/Pg").idnum)
        children = element.get("/K")
        for child in children if isinstance(children, list) else []:
            if isinstance(child.get_object(), dict):
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert found == pages[1:]  # each paragraph on its chapter's own page


def test_the_page_references_are_built_once_while_the_pages_stay():
    to_pdf(Document("Prøve", "nn", blocks=[Paragraph("Tekst")]))
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({}))
    first = pdf.page_references
    assert pdf.page_references is first
    pdf.add_page(pydyf.Dictionary({}))
    assert len(pdf.page_references) == 2 and pdf.page_references[0] == first[0]


def test_a_one_page_summary_sets_its_columns_for_its_smaller_text():
    wide = Table(
        "Lesing",
        (*TABLE.header, "Samanlikna med landet"),
        tuple((*row, "ingen klar forskjell") for row in ROWS),
    )

    def one_line(page, size, pad):  # does each cell of the first row fit on one line?
        widths = _column_widths(wide, False, page)
        need = [_text_em(c) * size + 2 * pad for c in wide.rows[0]]
        return [w * page.width / 100 >= n for w, n in zip(widths, need, strict=True)]

    assert not all(one_line(PRINT, 10.5, 5))  # at 10,5 pt the names wrap
    assert all(one_line(ONE_PAGE, 8.5, 3))  # the summary's 8,5 pt leaves room for all
    html = to_html(Document("Prøve", "nn", blocks=[wide]), pdf=True, one_page=True)
    assert "table { font-size: 8.5pt" in html
