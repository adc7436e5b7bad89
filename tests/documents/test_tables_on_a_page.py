"""A report's table on a web page sits in a region that scrolls sideways (a phone's page never
does); the PDF has the bare table, which the page's width holds."""

from skolekvalitet.documents.model import Document, Table
from skolekvalitet.documents.render import to_html

TABLE = Table("Trivsel & mobbing", ("Eining", "2024-25"), (("Lid skule", "4,1"),))


def test_a_table_on_a_page_scrolls_in_its_own_labelled_region():
    html = to_html(Document("Melding", blocks=[TABLE], language="nn"), standalone=False)
    region = (
        '<div class="table-wrap" tabindex="0" role="group" aria-label="Trivsel &amp; mobbing">'
        "<table><caption>Trivsel &amp; mobbing</caption>"
    )
    assert region in html and html.count("</table></div>") == 1


def test_the_pdf_has_the_table_without_the_region():
    html = to_html(Document("Melding", blocks=[TABLE], language="nn"), pdf=True)
    assert "<table><caption>Trivsel &amp; mobbing</caption>" in html
    assert "table-wrap" not in html
