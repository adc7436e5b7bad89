"""The tidy template for local data, offered for download on the import page."""

import csv
import io

from openpyxl import Workbook

from skolekvalitet.documents.cells import append_text_row, safe_cell
from skolekvalitet.sources.tidy import COLUMNS

EXAMPLE = [
    [
        "tenfactor_1",
        "school",
        "974760673",
        "Eksempel skule",
        "2025-26",
        "0",
        "all",
        "4,2",
        "23",
        "",
        "",
        "",
    ],
    [
        "pupils_per_teacher",
        "school",
        "974760673",
        "Eksempel skule",
        "2025-26",
        "0",
        "all",
        "14,5",
        "",
        "",
        "",
        "",
    ],
    [
        "ps_wellbeing",
        "school",
        "974760673",
        "Eksempel skule",
        "2025-26",
        "7",
        "all",
        "4,3",
        "85",
        "0,1",
        "se",
        "",
    ],
    [
        "ps_bullying",
        "school",
        "974760673",
        "Eksempel skule",
        "2025-26",
        "7",
        "all",
        "*",
        "",
        "",
        "",
        "ja",
    ],
]


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerows([safe_cell(v) for v in row] for row in [COLUMNS, *EXAMPLE])
    return out.getvalue()


def template_xlsx() -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    for row in [COLUMNS, *EXAMPLE]:
        append_text_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
