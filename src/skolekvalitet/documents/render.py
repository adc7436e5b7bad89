"""Renderers for documents.model: accessible HTML, tagged PDF (WeasyPrint, PDF/UA) with real
text and bookmarks from the headings, and DOCX (python-docx) with Word heading styles, so the
navigation pane works, and real tables."""

import io
from html import escape
from html.parser import HTMLParser

from .model import Chart, Document, Heading, Paragraph, RichText, Table

PRINT_CSS = """
@page { size: A4; margin: 2cm 1.8cm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 9pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; color: #1e2b3c; }
h1 { font-size: 20pt; margin: 0 0 4pt; } h2 { font-size: 14pt; margin: 16pt 0 4pt; }
h3 { font-size: 11.5pt; margin: 10pt 0 3pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 3pt; }
th, td { border: 0.5pt solid #9aa3ad; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eef1f4; } .subtitle { color: #4b5563; }
"""


def to_html(doc: Document, *, standalone: bool = True) -> str:
    parts = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle:
        parts.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level + 1, 2), 4)
            parts.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, RichText):
            parts.append(f'<div class="narrative">{block.html}</div>')
        elif isinstance(block, Chart):
            parts.append(f'<figure class="chart-figure">{block.svg}</figure>')
        elif isinstance(block, Table):
            head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            parts.append(
                f"<table><caption>{escape(block.caption)}</caption><thead><tr>{head}"
                f"</tr></thead><tbody>{body}</tbody></table>"
            )
    body = "\n".join(parts)
    if not standalone:
        return body
    return (
        f'<!doctype html><html lang="{doc.language}"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{PRINT_CSS}</style></head>"
        f"<body>{body}</body></html>"
    )


def to_pdf(doc: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(doc)).write_pdf(pdf_variant="pdf/ua-1")


def to_docx(doc: Document) -> bytes:
    from docx import Document as Word

    word = Word()
    word.core_properties.title = doc.title
    word.core_properties.language = doc.language
    word.add_heading(doc.title, level=0)
    if doc.subtitle:
        word.add_paragraph(doc.subtitle)
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=min(max(block.level, 1), 3))
        elif isinstance(block, Paragraph):
            word.add_paragraph(block.text)
        elif isinstance(block, RichText):
            for style, text in _paragraphs(block.html):
                word.add_paragraph(text, style=style)
        elif isinstance(block, Chart):
            _picture(word, block)
        elif isinstance(block, Table):
            word.add_paragraph(block.caption, style="Caption")
            table = word.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


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

    word.add_picture(io.BytesIO(svg_to_png(chart.svg)), width=Cm(15))
    inline = word.paragraphs[-1].runs[-1]._element.xpath(".//wp:docPr")[0]
    inline.set("descr", chart.alt)
    inline.set("title", chart.alt[:100])
