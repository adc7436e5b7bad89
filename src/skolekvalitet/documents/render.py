"""Renderers for documents.model: accessible HTML, tagged PDF (WeasyPrint, PDF/UA) with real
text and bookmarks from the headings, and DOCX (python-docx) with Word heading styles, so the
navigation pane works, and real tables."""

import base64
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from html.parser import HTMLParser

from .model import Chart, Contents, Cover, Document, Group, Heading, Paragraph, RichText, Table

PRINT_CSS = """
@page { size: A4; margin: 2cm 1.8cm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 9pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; color: #1e2b3c; }
h1 { font-size: 20pt; margin: 0 0 4pt; } h2 { font-size: 14pt; margin: 16pt 0 4pt; }
h3 { font-size: 11.5pt; margin: 10pt 0 3pt; }
table { border-collapse: separate; border-spacing: 0; width: 100%; margin: 6pt 0 10pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 3pt; }
th, td { border-bottom: 0.5pt solid #9aa3ad; padding: 3pt 5pt; text-align: left;
  vertical-align: top; }
th { background: #eef1f4; } .subtitle { color: #4b5563; }
.cover { break-after: page; padding-top: 6cm; } .cover h1 { font-size: 28pt; }
.cover dl { margin-top: 2cm; font-size: 12pt; } .cover dt { font-weight: bold; margin-top: 6pt; }
.cover dd { margin: 0; } .toc { break-after: page; } .toc ol { list-style: none; padding: 0; }
.toc li { margin: 3pt 0; } .toc a { color: inherit; text-decoration: none; }
.toc a::after { content: leader(".") target-counter(attr(href), page); }
h2.chapter { break-before: page; } h2, h3, h4, caption { break-after: avoid; }
tr, figure { break-inside: avoid; }
.keep table { margin-bottom: 4pt; font-size: 8.5pt; } .keep th, .keep td { padding: 2pt 3pt; }
.keep td + td { white-space: nowrap; }
figure.chart-figure { margin: 0 0 4pt; }
figure.chart-figure img { max-width: 100%; max-height: 12cm; }
.keep figure.chart-figure { break-after: avoid; } .keep.whole { break-inside: avoid; }
table.long th, table.long td { border-bottom: none; }
table.long thead th { border-bottom: 0.5pt solid #9aa3ad; }
table.long tbody tr:nth-child(even) { background: #f1f4f7; }
table.wide { font-size: 8pt; } table.wide th, table.wide td { padding: 2pt 2.5pt; hyphens: auto; }
table.wide td:first-child { hyphens: manual; }
"""
# A one-page document (a summary): tighter type and no page break before a section.
ONE_PAGE_CSS = """
@page { margin: 1.2cm 1.5cm; } body { font-size: 9.5pt; } h1 { font-size: 15pt; }
h2, h2.chapter { font-size: 11.5pt; margin: 8pt 0 3pt; break-before: auto; }
table { font-size: 8.5pt; margin: 3pt 0 5pt; } th, td { padding: 1pt 3pt; } p { margin: 3pt 0; }
"""
FLOWING_CSS = "h2.chapter { break-before: auto; margin-top: 18pt; }"
# A group whose table has at most this many rows is kept on one page whole; a longer table
# follows its chart on the same page and goes on over the next with its header repeated, so a
# long group never pushes a half-empty page ahead of it. A longer table is striped by row instead
# of ruled under every cell: easier to follow across many columns, and far fewer borders for
# WeasyPrint to draw (a large owner's report has some 8 000 cells; bench/report.py). A table of
# more than seven columns (the internal control's spot checks) is set smaller and its words
# hyphenated, so it stays within the page; its first column's names (schools, the owner) are not.
WHOLE_ROWS = 12
# The language of a Word file's text, for its spelling checker and a screen reader.
WORD_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def _table_html(block: Table, pdf: bool = False) -> str:
    """A real table; on a web page inside a region that scrolls sideways (site.css .table-wrap),
    so a wide table never makes a phone's page scroll sideways, and no word is broken to fit."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
    )
    kinds = (("long", len(block.rows) > WHOLE_ROWS), ("wide", len(block.header) > 7))
    classes = " ".join(name for name, yes in kinds if yes)
    table = f'<table class="{classes}">' if classes else "<table>"
    html = (
        f"{table}<caption>{escape(block.caption)}</caption><thead><tr>{head}"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )
    if pdf:
        return html
    # a named group, not a region: a report's many tables are no landmarks, and a page may name a
    # section as a table is captioned (the meeting's participants' input)
    label = escape(block.caption)
    return f'<div class="table-wrap" tabindex="0" role="group" aria-label="{label}">{html}</div>'


def _chart_html(block: Chart, pdf: bool) -> str:
    """Inline SVG for the browser; for print an image of the same SVG with the text alternative,
    which the tagged PDF carries as the figure's /Alt (WeasyPrint reads only an SVG's title)."""
    if not pdf:  # focusable: on a phone a report's chart keeps a readable size and scrolls
        label = escape(block.alt)
        start = f'<figure class="chart-figure" tabindex="0" aria-label="{label}">'
        return f"{start}{block.svg}</figure>"
    data = base64.b64encode(block.svg.encode()).decode()
    return (
        f'<figure class="chart-figure"><img src="data:image/svg+xml;base64,{data}" '
        f'alt="{escape(block.alt)}"></figure>'
    )


def _block_html(block, chapters: list[str], counter: list[int], pdf: bool = False) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level + 1, 2), 4)
        if block.level == 1:
            counter[0] += 1
            return f'<h2 class="chapter" id="ch-{counter[0]}">{escape(block.text)}</h2>'
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, RichText):
        return f'<div class="narrative">{block.html}</div>'
    if isinstance(block, Chart):
        return _chart_html(block, pdf)
    if isinstance(block, Table):
        return _table_html(block, pdf)
    if isinstance(block, Group):
        inner = "".join(_block_html(b, chapters, counter, pdf) for b in block.blocks)
        rows = sum(len(b.rows) for b in block.blocks if isinstance(b, Table))
        whole = " whole" if rows <= WHOLE_ROWS else ""
        return f'<div class="keep{whole}">{inner}</div>'
    if isinstance(block, Cover):
        facts = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in block.facts)
        subtitle = f'<p class="subtitle">{escape(block.subtitle)}</p>' if block.subtitle else ""
        return (
            f'<section class="cover"><h1>{escape(block.title)}</h1>{subtitle}'
            f"<dl>{facts}</dl></section>"
        )
    if isinstance(block, Contents):
        items = "".join(
            f'<li><a href="#ch-{n}">{escape(title)}</a></li>'
            for n, title in enumerate(chapters, start=1)
        )
        return (
            f'<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">'
            f"{escape(block.title)}</h2><ol>{items}</ol></nav>"
        )
    raise TypeError(block)


def to_html(doc: Document, *, standalone: bool = True, pdf: bool = False, css: str = "") -> str:
    """The document as HTML. With a Cover block, the cover carries the one h1. pdf: the HTML
    WeasyPrint prints (charts as images with their text alternative)."""
    has_cover = any(isinstance(b, Cover) for b in doc.blocks)
    parts = [] if has_cover else [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle and not has_cover:
        parts.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    chapters, counter = doc.chapters(), [0]
    parts += [_block_html(block, chapters, counter, pdf) for block in doc.blocks]
    body = "\n".join(parts)
    if not standalone:
        return body
    return (
        f'<!doctype html><html lang="{doc.language}"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{PRINT_CSS}{css}</style></head>"
        f"<body>{body}</body></html>"
    )


def to_pdf(doc: Document, *, one_page: bool = False, flowing: bool = False) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tags, the language, each chart's text alternative).
    one_page: set tight, for a summary on one page; flowing: a short document whose chapters
    follow each other on the page (a plan), not each on a page of its own."""
    from weasyprint import HTML

    css = ONE_PAGE_CSS if one_page else FLOWING_CSS if flowing else ""
    html = to_html(doc, pdf=True, css=css)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def to_docx(doc: Document) -> bytes:
    from docx import Document as Word
    from docx.oxml.ns import qn
    from docx.shared import Mm

    word = Word()
    _hyperlink_style(word)
    language = WORD_LANGUAGES.get(doc.language, "nb-NO")
    default = word.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")[0]
    default.set(qn("w:val"), language)
    props = word.core_properties
    props.title, props.language, props.comments = doc.title, language, ""
    props.author = props.last_modified_by = doc.author or "Skolekvalitet"
    props.created = props.modified = datetime.now(UTC)
    section = word.sections[0]  # A4, as the PDF, with room for a chart 15 cm wide
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    cover = any(isinstance(b, Cover) for b in doc.blocks)
    _docx_footer(word, doc, cover)
    if not cover:
        word.add_heading(doc.title, level=0)
        if doc.subtitle:
            word.add_paragraph(doc.subtitle)
    chapters = doc.chapters()
    for block in doc.blocks:
        _docx_block(word, block, chapters)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_footer(word, doc: Document, cover: bool) -> None:
    """The title and the page number at the foot of every page but the cover."""
    from django.utils import translation
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    section = word.sections[0]
    section.different_first_page_header_footer = cover
    style = word.styles["Footer"]
    style.font.size = Pt(9)
    tabs = style.paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(
        section.page_width - section.left_margin - section.right_margin, WD_TAB_ALIGNMENT.RIGHT
    )
    with translation.override(doc.language):
        page = translation.gettext("Page")
    footer = section.footer.paragraphs[0]
    footer.text = f"{doc.title}\t{page}\xa0"
    number = '<w:fldSimple {} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    footer._p.append(parse_xml(number.format(nsdecls("w"))))


def _docx_block(word, block, chapters: list[str], keep: bool = False) -> None:
    """One block into Word; keep: hold it on the page with what follows (a table and its
    chart)."""
    from docx.enum.text import WD_BREAK

    if isinstance(block, Heading):
        heading = word.add_heading(block.text, level=min(max(block.level, 1), 3))
        heading.paragraph_format.page_break_before = block.level == 1
    elif isinstance(block, Paragraph):
        word.add_paragraph(block.text).paragraph_format.keep_with_next = keep
    elif isinstance(block, RichText):
        _docx_rich_text(word, block.html)
    elif isinstance(block, Chart):
        _picture(word, block)
        word.paragraphs[-1].paragraph_format.keep_with_next = keep
    elif isinstance(block, Table):
        _docx_table(word, block)
    elif isinstance(block, Group):
        for n, inner in enumerate(block.blocks):
            _docx_block(word, inner, chapters, keep=n < len(block.blocks) - 1)
    elif isinstance(block, Cover):
        word.add_heading(block.title, level=0)
        if block.subtitle:
            word.add_paragraph(block.subtitle, style="Subtitle")
        for label, value in block.facts:
            paragraph = word.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(block, Contents):
        word.add_paragraph(block.title, style="TOC Heading")
        for title in chapters:
            word.add_paragraph(title)


def _docx_row(cells: tuple[str, ...], *, header: bool, keep: bool) -> str:
    """A table row as WordprocessingML: a header row repeats on every page and is bold; a row
    never breaks across pages; keep holds it on the page with the next row."""
    flags = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    keep_next = "<w:pPr><w:keepNext/></w:pPr>" if keep else ""
    bold = "<w:rPr><w:b/></w:rPr>" if header else ""
    return (
        f"<w:tr><w:trPr>{flags}</w:trPr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr><w:p>{keep_next}<w:r>{bold}'
            f'<w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r></w:p></w:tc>'
            for text in cells
        )
        + "</w:tr>"
    )


def _docx_table(word, block: Table) -> None:
    """A real Word table with its caption, written as XML at once (python-docx's cell by cell
    API takes seconds for a large owner's report). A short table is kept on one page; a long
    one keeps its caption, header and first rows together and repeats its header."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word.add_paragraph(block.caption, style="Caption").paragraph_format.keep_with_next = True
    table = word.add_table(rows=0, cols=len(block.header))
    table.style = "Table Grid"
    keep = len(block.rows) if len(block.rows) <= WHOLE_ROWS else 3
    rows = [_docx_row(block.header, header=True, keep=True)] + [
        _docx_row(row, header=False, keep=n < keep - 1) for n, row in enumerate(block.rows)
    ]
    for row in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"):
        table._tbl.append(row)


@dataclass
class _Para:
    """A paragraph of narrative HTML: its Word style, the list it counts in (a numbered list's
    number in the narrative, or None), and its runs of (text, bold, italic, link address)."""

    style: str = "Normal"
    numbered: int | None = None
    runs: list[tuple[str, bool, bool, str]] = field(default_factory=list)


class _Blocks(HTMLParser):
    """Sanitised narrative HTML (reporting.narratives.TAGS) → Word paragraphs: a list item in
    the list style of its kind and depth, strong and em as bold and italic runs, a link with its
    address."""

    STYLES = {"p": "Normal", "h3": "Heading 3", "h4": "Heading 3"}

    def __init__(self) -> None:
        super().__init__()
        self.out: list[_Para] = []
        self.para = _Para()
        self.lists: list[tuple[str, int]] = []  # the open lists, innermost last: (tag, number)
        self.numbered = 0
        self.bold = self.italic = 0
        self.href = ""

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            self._flush()
            self.numbered += tag == "ol"
            self.lists.append((tag, self.numbered))
        elif tag == "li":  # a bullet when its list opened on an earlier line of a version
            self._flush()
            kind, number = self.lists[-1] if self.lists else ("ul", 0)
            depth = min(max(len(self.lists), 1), 3)
            style = "List Number" if kind == "ol" else "List Bullet"
            self.para.style = style + (f" {depth}" if depth > 1 else "")
            self.para.numbered = number if kind == "ol" else None
        elif tag in self.STYLES:
            self._flush()
            self.para.style = self.STYLES[tag]
        elif tag == "br":
            self.para.runs.append(("\n", False, False, self.href))
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag):
        if tag in ("ol", "ul"):
            self._flush()
            if self.lists:  # a line of a stored version may close a list opened lines before
                self.lists.pop()
        elif tag == "li" or tag in self.STYLES:
            self._flush()
        elif tag == "strong":
            self.bold -= 1
        elif tag == "em":
            self.italic -= 1
        elif tag == "a":
            self.href = ""

    def handle_data(self, data):
        text = " ".join(data.split()) + (" " if data[-1:].isspace() else "")
        if data[:1].isspace() and self.para.runs and not self.para.runs[-1][0][-1:].isspace():
            text = " " + text
        if text.strip() or (text and self.para.runs):
            self.para.runs.append((text, self.bold > 0, self.italic > 0, self.href))

    def _flush(self):
        runs = self.para.runs
        while runs and not runs[-1][0].strip():
            runs.pop()
        if runs:
            runs[-1] = (runs[-1][0].rstrip(), *runs[-1][1:])
            self.out.append(self.para)
        self.para = _Para()


def _paragraphs(html: str) -> list[_Para]:
    parser = _Blocks()
    parser.feed(html)
    parser._flush()
    return parser.out


def paragraphs(html: str) -> list[tuple[str, str]]:
    """Sanitised narrative HTML as (Word style, text) paragraphs: "Normal", "List Bullet" or
    "List Number" (with a depth after it when nested) for a list item, "Heading 3"; a line
    break keeps the words on either side apart."""
    return [
        (p.style, " ".join("".join(run[0] for run in p.runs).split())) for p in _paragraphs(html)
    ]


def _docx_rich_text(word, html: str) -> None:
    """A narrative: each numbered list counts from one on its own, a bullet list takes its
    style's bullets, and a link is a hyperlink to its address."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lists: dict[int, int] = {}
    for para in _paragraphs(html):
        paragraph = word.add_paragraph(style=para.style)
        if para.numbered is not None:
            if para.numbered not in lists:
                lists[para.numbered] = _new_list(word, para.style)
            numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = lists[para.numbered]
        link, address = None, ""
        for text, bold, italic, href in para.runs:
            run = paragraph.add_run(text, style="Hyperlink" if href else None)
            run.bold, run.italic = bold or None, italic or None
            if href and href != address:
                link = OxmlElement("w:hyperlink")
                rel = word.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
                link.set(qn("r:id"), rel)
                run._r.addprevious(link)
            if href:
                link.append(run._r)
            address = href


def _hyperlink_style(word) -> None:
    """Word's own character style for a link (the blank document python-docx starts from lacks
    it): blue and underlined."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    font = word.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER).font
    font.color.rgb, font.underline = RGBColor(0x05, 0x63, 0xC1), True


def _new_list(word, style: str) -> int:
    """A new instance of the numbering of a list style, counting from one."""
    numbering = word.part.numbering_part.element
    num_id = word.styles[style].element.pPr.numPr.numId.val
    num = numbering.add_num(numbering.num_having_numId(num_id).abstractNumId.val)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def _picture(word, chart: Chart) -> None:
    """The chart as a PNG picture with its alternative text (Word's «Alt Text»)."""
    from docx.shared import Cm

    from .charts import svg_to_png

    word.add_picture(io.BytesIO(svg_to_png(chart.svg, scale=1.5)), width=Cm(15))
    inline = word.paragraphs[-1].runs[-1]._element.xpath(".//wp:docPr")[0]
    inline.set("descr", chart.alt)
    inline.set("title", chart.alt[:100])
