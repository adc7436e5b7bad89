"""Aggregated results as XLSX: the same numbers as the page, never a group below the threshold
and never a free-text answer. Every text cell is stored as text (documents.cells)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from skolekvalitet.documents.cells import append_text_row
from skolekvalitet.stats.answers import LightSummary, MeanSummary

from .results import Results


def _row(label: str, kind: str, summary) -> list:
    if isinstance(summary, MeanSummary):
        low, high = summary.interval or (None, None)
        dist = [summary.distribution[k] for k in (1, 2, 3, 4, 5)] + [summary.dont_know]
        return [label, kind, summary.n, round(summary.mean, 2), _r(low), _r(high), *dist]
    if isinstance(summary, LightSummary):
        low, high = summary.green_interval
        lights = [summary.distribution[k] for k in ("green", "yellow", "red")]
        return [label, kind, summary.n, round(summary.green_share, 1), _r(low), _r(high), *lights]
    return [label, kind, _("too few answers")]


def _r(x):
    return None if x is None else round(x, 2)


def results_workbook(shown: Results) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    round_ = shown.round
    append_text_row(
        sheet, [str(round_.instrument), str(round_.school), round_.get_audience_display()]
    )
    append_text_row(
        sheet, [_("Answers"), shown.responses, _("Anonymity threshold"), shown.threshold]
    )
    if not shown.readable:
        append_text_row(sheet, [_("Too few answers to show results.")])
        return book
    append_text_row(
        sheet,
        [
            _("Dimension or question"),
            _("Kind"),
            _("Answers"),
            _("Mean (share green, %)"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            "1 / " + _("green"),
            "2 / " + _("yellow"),
            "3 / " + _("red"),
            "4",
            "5",
            _("Don't know"),
        ],
    )
    for d in shown.dimensions:
        append_text_row(sheet, _row(d.dimension.name, _("Dimension"), d.summary))
        for i in d.items:
            append_text_row(sheet, _row(i.item.text, i.item.get_kind_display(), i.summary))
    return book
