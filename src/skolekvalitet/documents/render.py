"""Renderers for documents.model: accessible HTML, tagged PDF (WeasyPrint, PDF/UA) with real
text and bookmarks from the headings, and DOCX (python-docx) with Word heading styles, so the
navigation pane works, and real tables."""

import base64
import functools
import io
from html import escape
from html.parser import HTMLParser
from typing import NamedTuple

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
table.fixed { table-layout: fixed; }
"""
# A one-page document (a summary): tighter type and no page break before a section.
ONE_PAGE_CSS = """
@page { margin: 1.4cm 1.6cm; } body { font-size: 9.5pt; } h1 { font-size: 15pt; }
h2, h2.chapter { font-size: 11.5pt; margin: 9pt 0 3pt; break-before: auto; }
table { font-size: 8.5pt; margin: 3pt 0 5pt; } th, td { padding: 1.5pt 3pt; } p { margin: 3pt 0; }
"""
# A group whose table has at most this many rows is kept on one page whole; a longer table
# follows its chart on the same page and goes on over the next with its header repeated, so a
# long group never pushes a half-empty page ahead of it. A longer table is striped by row instead
# of ruled under every cell: easier to follow across many columns, and far fewer borders for
# WeasyPrint to draw (a large owner's report has some 8 000 cells; bench/report.py).
WHOLE_ROWS = 12


# Printed tables get their column widths from here rather than from WeasyPrint's automatic table
# layout, which sets every cell's text twice more only to measure it (a fifth of a large owner's
# PDF; bench/report.py). The widths follow the same rule from the text's length in DejaVu Sans:
# each column as wide as its longest line when all fit, else at least its longest word (its whole
# text where lines do not wrap: a group's figures) and the rest shared by how much more each needs.


class _Page(NamedTuple):
    """A printed page's text width, and a table's text size and a cell's side padding, outside a
    group and in one (.keep), in points, as the print CSS sets them."""

    width: float
    cell: tuple[float, float]
    keep_cell: tuple[float, float]


PRINT = _Page((210 - 2 * 18) / 25.4 * 72, (10.5, 5.0), (8.5, 3.0))  # PRINT_CSS
ONE_PAGE = _Page((210 - 2 * 16) / 25.4 * 72, (8.5, 3.0), (8.5, 3.0))  # and ONE_PAGE_CSS
# DejaVu Sans advance widths in em, by kind of letter; the rest about 0.62.
_NARROW = dict.fromkeys("ijlIJ.,:;/' ", 0.3) | dict.fromkeys("ft-()r[]", 0.4)
_WIDE = dict.fromkeys("–szcLFk", 0.55) | dict.fromkeys("mwMWæÆ%—", 0.98)
_EM = _NARROW | _WIDE
_BOLD = 1.1  # header cells are bold


def _text_em(text: str) -> float:
    return sum(_EM.get(c, 0.65 if c.isupper() else 0.62) for c in text)


def _column_widths(block: Table, keep: bool, page: _Page = PRINT) -> list[float]:
    """Each column's width in percent of the table's width."""
    size, pad = page.keep_cell if keep else page.cell
    lows, highs = [], []
    for col, head in enumerate(block.header):
        cells = [row[col] for row in block.rows if col < len(row)]
        wraps = not keep or col == 0  # PRINT_CSS: `.keep td + td { white-space: nowrap }`
        words = [w for c in cells for w in (c.split() if wraps else [c])]
        heads = [_text_em(w) * _BOLD for w in head.split()]
        low = max([0.0, *heads] + [_text_em(w) for w in words])
        high = max([low] + [_text_em(c) for c in cells] + [_text_em(head) * _BOLD])
        lows.append(low * size * 1.05 + 2 * pad)
        highs.append(high * size * 1.05 + 2 * pad)
    if sum(highs) <= page.width:
        widths = [h * page.width / sum(highs) for h in highs]
    else:
        spare, wanted = max(page.width - sum(lows), 0), sum(highs) - sum(lows) or 1
        widths = [lo + spare * (hi - lo) / wanted for lo, hi in zip(lows, highs, strict=True)]
    return [100 * w / page.width for w in widths]


def _table_html(block: Table, page: _Page | None = None, keep: bool = False) -> str:
    """A table; for print (on a page) with its column widths set (_column_widths)."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
    )
    classes = ["long"] if len(block.rows) > WHOLE_ROWS else []
    cols = ""
    if page and block.header:
        classes.append("fixed")
        widths = "".join(
            f'<col style="width: {w:.2f}%">' for w in _column_widths(block, keep, page)
        )
        cols = f"<colgroup>{widths}</colgroup>"
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return (
        f"<table{cls}><caption>{escape(block.caption)}</caption>{cols}<thead><tr>{head}"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def _chart_html(block: Chart, pdf: bool) -> str:
    """Inline SVG for the browser; for print an image of the same SVG with the text alternative,
    which the tagged PDF carries as the figure's /Alt (WeasyPrint reads only an SVG's title)."""
    if not pdf:
        return f'<figure class="chart-figure">{block.svg}</figure>'
    data = base64.b64encode(block.svg.encode()).decode()
    return (
        f'<figure class="chart-figure"><img src="data:image/svg+xml;base64,{data}" '
        f'alt="{escape(block.alt)}"></figure>'
    )


def _block_html(block, chapters: list[str], counter: list[int], page: _Page | None = None) -> str:
    """One block as HTML; page: for print on such a page."""
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
        return _chart_html(block, bool(page))
    if isinstance(block, Table):
        return _table_html(block, page)
    if isinstance(block, Group):
        inner = "".join(
            _table_html(b, page, keep=True)
            if isinstance(b, Table)
            else _block_html(b, chapters, counter, page)
            for b in block.blocks
        )
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


def to_html(
    doc: Document, *, standalone: bool = True, pdf: bool = False, one_page: bool = False
) -> str:
    """The document as HTML. With a Cover block, the cover carries the one h1. pdf: the HTML
    WeasyPrint prints (charts as images with their text alternative, tables with their column
    widths); one_page: set tight, for a summary on one page."""
    has_cover = any(isinstance(b, Cover) for b in doc.blocks)
    parts = [] if has_cover else [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle and not has_cover:
        parts.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    chapters, counter = doc.chapters(), [0]
    page = (ONE_PAGE if one_page else PRINT) if pdf else None
    parts += [_block_html(block, chapters, counter, page) for block in doc.blocks]
    body = "\n".join(parts)
    if not standalone:
        return body
    css = PRINT_CSS + (ONE_PAGE_CSS if one_page else "")
    return (
        f'<!doctype html><html lang="{doc.language}"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{css}</style></head>"
        f"<body>{body}</body></html>"
    )


def _page_references_once() -> None:
    """WeasyPrint's tagging (pdf_tags) asks pydyf for the page references once for every tagged
    element, and pydyf builds the list of all pages anew on each call: for a large owner's report
    some 27 000 elements times 77 pages, a tenth of the PDF's time. Keep the list while the
    number of pages stays the same (pages are only ever added)."""
    import pydyf

    if getattr(pydyf.PDF.page_references.fget, "once", False):
        return
    build = pydyf.PDF.page_references.fget

    def page_references(pdf):
        pages = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_page_references")
        if kept is None or kept[0] != pages:
            kept = pdf.__dict__["_page_references"] = (pages, build(pdf))
        return kept[1]

    page_references.once = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


@functools.cache
def _printer():
    """WeasyPrint's HTML with its user-agent style sheet less the rules that give every element
    a ::marker and five footnote and note pseudo-elements: WeasyPrint works out each of their
    styles for each of a large report's 13 000 elements, two thirds of the time it spends on
    styles (bench/report.py). Markers stay on list items, the only elements that show one here;
    the documents have no footnotes. Should WeasyPrint's sheet change, its own is used."""
    import re

    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    sheet, markers = re.subn(r"(?m)^::marker \{", "li::marker, summary::marker {", UA)
    sheet, notes = re.subn(r"(?m)^::(?:foot)?note-[a-z]+ \{[^}]*\}\n", "", sheet)
    if (markers, notes) != (1, 5):
        return HTML
    ua = CSS(string=sheet, counter_style=CounterStyle())  # WeasyPrint keeps its counter styles

    class Printer(HTML):
        def _ua_stylesheets(self, forms=False):
            return [ua, *super()._ua_stylesheets(forms)[1:]]

    return Printer


def to_pdf(doc: Document, *, one_page: bool = False) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tags, the language, each chart's text alternative).
    one_page: set tight, for a summary on one page."""
    _page_references_once()
    html = to_html(doc, pdf=True, one_page=one_page)
    return _printer()(string=html).write_pdf(pdf_variant="pdf/ua-1")


def to_docx(doc: Document) -> bytes:
    from docx import Document as Word

    word = Word()
    word.core_properties.title = doc.title
    word.core_properties.language = doc.language
    if not any(isinstance(b, Cover) for b in doc.blocks):
        word.add_heading(doc.title, level=0)
        if doc.subtitle:
            word.add_paragraph(doc.subtitle)
    chapters = doc.chapters()
    for block in doc.blocks:
        _docx_block(word, block, chapters)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


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
        for style, text in _paragraphs(block.html):
            word.add_paragraph(text, style=style)
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


class _Blocks(HTMLParser):
    """Sanitised narrative HTML → (Word style, text) paragraphs."""

    STYLES = {"p": "Normal", "li": "List Bullet", "h3": "Heading 3", "h4": "Heading 3"}

    def __init__(self) -> None:
        super().__init__()
        self.out: list[tuple[str, str]] = []
        self.style, self.text = "Normal", ""

    def handle_starttag(self, tag, attrs):
        if tag in self.STYLES:
            self._flush()
            self.style = self.STYLES[tag]

    def handle_endtag(self, tag):
        if tag in self.STYLES:
            self._flush()

    def handle_data(self, data):
        self.text += data

    def _flush(self):
        if self.text.strip():
            self.out.append((self.style, " ".join(self.text.split())))
        self.style, self.text = "Normal", ""


def _paragraphs(html: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(html)
    parser._flush()
    return parser.out


def _picture(word, chart: Chart) -> None:
    """The chart as a PNG picture with its alternative text (Word's «Alt Text»)."""
    from docx.shared import Cm

    from .charts import svg_to_png

    word.add_picture(io.BytesIO(svg_to_png(chart.svg, scale=1.5)), width=Cm(15))
    inline = word.paragraphs[-1].runs[-1]._element.xpath(".//wp:docPr")[0]
    inline.set("descr", chart.alt)
    inline.set("title", chart.alt[:100])
