"""The Word file reads like a real document: the owner's lists stay lists and links stay links,
the language is Norwegian, the file says who wrote it, and the pages are numbered."""

import io

import docx
from docx.shared import Cm

from skolekvalitet.documents.model import Cover, Document, Heading, RichText
from skolekvalitet.documents.render import to_docx

NARRATIVE = (
    "<p>Vi vil:</p><ol><li>lese meir</li><li>rekne betre</li></ol>"
    '<p>Sjå <a href="https://www.udir.no/tall">tala hos <strong>Udir</strong></a> i dag.</p>'
    "<ul><li>Skule A</li><li>Skule B<ol><li>trinn 1</li></ol></li></ul>"
    "<ol><li>igjen</li></ol>"
)


def _word(doc: Document) -> docx.document.Document:
    return docx.Document(io.BytesIO(to_docx(doc)))


def _numbered(word) -> dict[str, str]:
    """Each list paragraph's text and the numbering instance it counts in."""
    return {
        p.text: p._p.pPr.numPr.numId.val
        for p in word.paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    }


def _report(language: str = "nn", **kwargs) -> Document:
    doc = Document("Kvalitetsmelding 2025–26 – Demo", language, **kwargs)
    doc.add(Cover("Kvalitetsmelding 2025–26 – Demo", (("Skuleeigar", "Demo"),)))
    doc.add(Heading(1, "Tiltak"))
    doc.add(RichText(NARRATIVE))
    return doc


def test_numbered_lists_stay_numbered_each_from_one_and_bullets_stay_bullets():
    word = _word(_report())
    styles = {p.text: p.style.name for p in word.paragraphs}
    assert styles["lese meir"] == styles["rekne betre"] == styles["igjen"] == "List Number"
    assert styles["Skule A"] == styles["Skule B"] == "List Bullet"
    assert styles["trinn 1"] == "List Number 2"  # a list inside a list item is indented
    assert styles["Vi vil:"] == "Normal"
    lists = _numbered(word)
    assert lists["lese meir"] == lists["rekne betre"]
    assert len({lists["lese meir"], lists["igjen"], lists["trinn 1"]}) == 3
    numbering = word.part.numbering_part.element
    for text in ("lese meir", "igjen", "trinn 1"):
        num = numbering.num_having_numId(lists[text])
        assert num.xpath("w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_a_link_is_a_clickable_hyperlink_with_its_text():
    word = _word(_report())
    paragraph = next(p for p in word.paragraphs if p.text.startswith("Sjå"))
    assert paragraph.text == "Sjå tala hos Udir i dag."
    (link,) = paragraph.hyperlinks
    assert link.text == "tala hos Udir" and link.address == "https://www.udir.no/tall"
    r_id = paragraph._p.xpath("w:hyperlink/@r:id")[0]
    assert word.part.rels[r_id].target_ref == "https://www.udir.no/tall"
    assert link.runs[0].style.name == "Hyperlink"
    assert [r.bold for r in link.runs] == [None, True]  # «Udir» is still strong


def test_the_language_is_the_documents_own():
    for language, tag in (("nb", "nb-NO"), ("nn", "nn-NO")):
        word = _word(_report(language))
        defaults = word.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
        assert defaults == [tag]
        assert word.core_properties.language == tag


def test_the_file_says_who_wrote_it_and_what_it_is():
    props = _word(_report(author="Demo kommune")).core_properties
    assert props.author == props.last_modified_by == "Demo kommune"
    assert props.title == "Kvalitetsmelding 2025–26 – Demo"
    assert "python-docx" not in props.comments
    assert props.created.year >= 2025
    assert _word(_report()).core_properties.author == "Skolekvalitet"


def test_the_pages_are_a4_with_room_for_a_chart():
    section = _word(_report()).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.page_width - section.left_margin - section.right_margin >= Cm(15)


def test_every_page_but_the_cover_has_the_title_and_its_number():
    word = _word(_report("nb"))
    section = word.sections[0]
    assert section.different_first_page_header_footer  # the cover has no footer
    assert not section.first_page_footer.paragraphs[0].text
    (footer,) = section.footer.paragraphs
    assert footer.text == "Kvalitetsmelding 2025–26 – Demo\tSide\xa0"  # then the number:
    assert footer._p.xpath("w:fldSimple/@w:instr") == ["PAGE"]
    english = _word(_report("en")).sections[0].footer.paragraphs[0]
    assert english.text.endswith("\tPage\xa0")


def test_a_document_without_a_cover_is_numbered_from_its_first_page():
    word = _word(Document("Utviklingsplan", "nn", blocks=[Heading(1, "Mål")]))
    assert not word.sections[0].different_first_page_header_footer
    assert word.sections[0].footer._element.xpath(".//w:fldSimple/@w:instr") == ["PAGE"]
