"""The politicians' one-page summary of a status report: the owner's summary of the most important
findings, the key indicators for the owner with their noise-aware development, and what was
promised and what happened, counted. It is read from the report's own document (the copy stored
when the report was published, once it is), so it says exactly what the council's version says,
and no figure is worked out anew."""

from collections import Counter

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skolekvalitet.analysis import texts
from skolekvalitet.documents.model import Cover, Document, Heading, Paragraph, RichText, Table
from skolekvalitet.plans.texts import EVALUATIONS

from . import published
from .build import chapter_titles, old_figures
from .models import StatusReport

# The key indicators, "code:grade" as the report's tables are keyed (development.py).
KEY_INDICATORS = (
    "ps_wellbeing:7",
    "ps_bullying:7",
    "ps_wellbeing:10",
    "ps_bullying:10",
    "nt5_reading:5",
    "nt5_numeracy:5",
    "nt5_english:5",
    "nt8_reading:8",
    "nt8_numeracy:8",
    "nt8_english:8",
    "gsp:10",
    "completion_upper_secondary:0",
)
VERDICTS = ("met", "not met", "not clear", "partly", "cannot be measured")


def summary(report: StatusReport, language: str | None = None, *, reader: bool = False) -> Document:
    """The summary of the report as it is shown (the published copy once published; for a
    reader, the last published copy while the report is revised: published.document)."""
    return summarise(published.document(report, language, reader=reader))


def _chapter(doc: Document, title: str) -> list:
    """The blocks of the chapter with this level-1 title."""
    out, inside = [], False
    for block in doc.flat():
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text == title
        elif inside:
            out.append(block)
    return out


def _key_rows(doc: Document) -> list[tuple[str, ...]]:
    """The owner's row of each key indicator's table: name, year, value with interval,
    development and the comparison with the nation, as the report shows them."""
    tables, name = {}, ""
    for block in doc.flat():
        if isinstance(block, Heading) and block.level == 2:
            name = block.text
        elif isinstance(block, Table) and block.key:
            tables[block.key] = (name, block)
    # the owner's row (named so, or as "<owner> (Municipality)" in copies published before)
    owner = (f"({texts.LEVELS['municipality']})", *(f", {w}" for w in texts.WHOLE.values()))
    rows = []
    for key in KEY_INDICATORS:
        if key not in tables:
            continue
        name, table = tables[key]
        if not table.rows or not table.rows[0][0].endswith(owner):
            continue  # no figure for the owner as a whole
        *_label, value, interval, development, versus = table.rows[0]
        shown = value if interval == "–" else f"{value} ({interval})"
        rows.append((name, table.header[-4], shown, development, versus or "–"))
    return rows


def _promises(doc: Document, title: str) -> str:
    """What was promised and what happened, counted from the chapter's evaluation columns."""
    words = {str(EVALUATIONS[v]): v for v in VERDICTS}
    counts = Counter(
        words[row[-1]]
        for block in _chapter(doc, title)
        if isinstance(block, Table) and block.header and block.header[-1] == _("Evaluation")
        for row in block.rows
        if row[-1] in words
    )
    total = sum(counts.values())
    if not total:
        return _("No goals with criteria from last year to evaluate.")
    parts = ", ".join(
        f"{str(EVALUATIONS[v]).split(':')[0]}: {counts[v]}" for v in VERDICTS if counts[v]
    )
    return ngettext(
        "Of %(count)s criterion for last year's goals: %(parts)s.",
        "Of %(count)s criteria for last year's goals: %(parts)s.",
        total,
    ) % {"count": total, "parts": parts}


def summarise(doc: Document) -> Document:
    """The summary, in the document's language."""
    with translation.override(doc.language):
        return _summarise(doc)


def _summarise(doc: Document) -> Document:
    titles = chapter_titles()
    out = Document(_("Summary: %(title)s") % {"title": doc.title}, doc.language, doc.subtitle)
    cover = next((b for b in doc.blocks if isinstance(b, Cover)), None)
    if cover is not None:  # owner, school year and date (the page says the status as it is now)
        facts = [f"{label}: {value}" for label, value in cover.facts if label != _("Status")]
        out.add(Paragraph(" · ".join(facts)))
    out.add(Heading(1, titles["summary"]))
    for block in _chapter(doc, titles["summary"]):
        if isinstance(block, RichText):
            out.add(block)
    rows = _key_rows(doc)
    out.add(Heading(1, _("Key indicators")))
    year = dict(cover.facts).get(_("School year"), "") if cover is not None else ""
    if rows and year and (note := old_figures(year, [row[1] for row in rows])):
        out.add(Paragraph(note))  # as the report says it: the figures are older than the year
    if rows:
        out.add(
            Table(
                _("Key indicators for the owner: the latest year and the development"),
                (
                    _("Indicator"),
                    _("School year"),
                    _("Value (95 % interval)"),
                    _("Development"),
                    _("Compared with the nation"),
                ),
                tuple(rows),
            )
        )
        out.add(
            Paragraph(
                _(
                    "The development is called rising or falling only when it goes beyond what "
                    "chance and rounding can explain."
                )
            )
        )
    else:
        out.add(Paragraph(_("No figures for the owner as a whole.")))
    out.add(Heading(1, titles["promises"]))
    out.add(Paragraph(_promises(doc, titles["promises"])))
    return out
