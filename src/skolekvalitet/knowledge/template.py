"""The tidy template for local data, offered for download on the import page: its headers and
fixed values in the user's language (sources/tidy.py reads every language's words), with a sheet
that explains each column and one that lists the indicators with their codes."""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from skolekvalitet.documents import present
from skolekvalitet.documents.cells import append_text_row, safe_cell
from skolekvalitet.organisations.models import Owner
from skolekvalitet.sources import tidy

from .models import Indicator

# The example school's name, written in the language («Dømeskule» in nn, «Eksempelskole» in nb).
EXAMPLE_SCHOOL = "Example school"
# The example rows by the columns' keys; fixed values by their keys, written in the language.
EXAMPLE = [
    ["tenfactor_1", "school", "974760673", EXAMPLE_SCHOOL, "2025-26", "0", "all", "4,2", "23"],
    ["pupils_per_teacher", "school", "974760673", EXAMPLE_SCHOOL, "2025-26", "0", "all", "14,5"],
    [
        "ps_wellbeing",
        "school",
        "974760673",
        EXAMPLE_SCHOOL,
        "2025-26",
        "7",
        "all",
        "4,3",
        "85",
        "0,1",
        "se",
    ],
    [
        "ps_bullying",
        "school",
        "974760673",
        EXAMPLE_SCHOOL,
        "2025-26",
        "7",
        "all",
        "*",
        "",
        "",
        "",
        "yes",
    ],
]


def _yes(language: str) -> str:
    """The word the column suppressed takes for a hidden figure ("ja", "yes": tidy.TRUE)."""
    return "yes" if language == "en" else "ja"


def example_rows(language: str) -> list[list[str]]:
    """The example rows in a language ("skule", "alle", "standardfeil", "ja" in nn)."""
    out = []
    for row in EXAMPLE:
        cells = dict(zip(tidy.COLUMNS, row, strict=False))
        for column in tidy.VALUES:
            if cells.get(column):
                cells[column] = tidy.value_word(column, cells[column], language)
        if cells.get("suppressed"):
            cells["suppressed"] = _yes(language)
        if cells.get("unit_name") == EXAMPLE_SCHOOL:
            cells["unit_name"] = _example_school(language)
        out.append([cells.get(c, "") for c in tidy.COLUMNS])
    return out


def _example_school(language: str) -> str:
    with translation.override(language):
        return _("Example school")


def _words(column: str, language: str) -> str:
    return ", ".join(tidy.allowed(column, language))


def explanation(language: str | None = None) -> list[dict[str, str]]:
    """Each column of the template: its header, whether it must be filled in, what it means,
    the values it takes and an example, in the user's language."""
    language = language or present.current_language()
    yes, no = _("yes"), _("no")
    rows = [
        (
            "indicator",
            _("What the figure measures: the indicator's code or its name."),
            _("A code or a name from the sheet Indicators, or one of your own indicators."),
            "ps_wellbeing",
        ),
        (
            "unit_kind",
            _("What the figure is about: one of your schools."),
            _words("unit_kind", language),
            tidy.value_word("unit_kind", "school", language),
        ),
        (
            "unit_code",
            _("The school's organisation number (nine digits)."),
            _("One of your schools' organisation numbers."),
            "974760673",
        ),
        (
            "unit_name",
            _("The school's name; needed only when the organisation number is left empty."),
            _("One of your schools' names."),
            _example_school(language),
        ),
        (
            "school_year",
            _("The school year the figure is from."),
            _("Two years joined by a hyphen."),
            "2025-26",
        ),
        (
            "grade",
            _("The grade the figure is for; 0 or empty when it is for all grades together."),
            _("0, or one of the school's grades (1–13)."),
            "7",
        ),
        (
            "subgroup",
            _("Which pupils the figure is for; empty means all pupils."),
            _words("subgroup", language),
            tidy.value_word("subgroup", "all", language),
        ),
        (
            "value",
            _("The figure itself, within the indicator's scale; * when it is hidden."),
            _("A number with a decimal comma and no thousands separator, or *."),
            "4,3",
        ),
        (
            "n",
            _("How many pupils or answers the figure is based on."),
            _("A whole number."),
            "85",
        ),
        (
            "uncertainty",
            _("How uncertain the figure is, if the source says."),
            _("A number with a decimal comma."),
            "0,1",
        ),
        (
            "uncertainty_kind",
            _(
                "What kind of uncertainty the number in the column before is; empty means the "
                "standard error."
            ),
            _words("uncertainty_kind", language),
            tidy.value_word("uncertainty_kind", "se", language),
        ),
        (
            "suppressed",
            _("Whether the source hid the figure because too few pupils answered."),
            _("%(yes)s, or empty.") % {"yes": _yes(language)},
            _yes(language),
        ),
    ]
    return [
        {
            "header": tidy.header(key, language),
            "required": yes if key in tidy.REQUIRED else no,
            "meaning": meaning,
            "allowed": allowed,
            "example": example,
        }
        for key, meaning, allowed, example in rows
    ]


def template_csv() -> str:
    """The template as CSV, as Excel in Norway opens it: semicolons, CRLF, and a byte-order
    mark so that «skoleår» is not read as «skoleÃ¥r» (the import reads the mark too)."""
    language = present.current_language()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    rows = [tidy.headers(language), *example_rows(language)]
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def template_xlsx(owner: Owner | None = None) -> io.BytesIO:
    """The template: the sheet to fill in, the sheet «Forklaring» (each column explained) and
    the sheet of indicators with their codes."""
    language = present.current_language()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    for row in [tidy.headers(language), *example_rows(language)]:
        append_text_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = book.create_sheet(_("Explanation")[:31])
    append_text_row(
        help_sheet,
        [_("Column"), _("Required"), _("What it means"), _("Allowed values"), _("Example")],
    )
    for row in explanation(language):
        append_text_row(help_sheet, list(row.values()))
    append_text_row(help_sheet, [])
    append_text_row(
        help_sheet,
        [
            _(
                "One figure per row. Fill in the first sheet and upload it on the page Import "
                "figures; the rows with examples are to be replaced. Municipality, county and "
                "national figures come from Udir's own files, not from this template."
            )
        ],
    )
    for column, width in zip("ABCDE", (22, 10, 60, 45, 18), strict=True):
        help_sheet.column_dimensions[column].width = width
    for cells in help_sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    indicators = book.create_sheet(_("Indicators")[:31])
    append_text_row(indicators, [_("Code"), _("Indicator"), _("Unit")])
    for cell in indicators[1]:
        cell.font = Font(bold=True)
    catalogue = Indicator.objects.filter(owner=None)
    if owner is not None:
        catalogue = catalogue | Indicator.objects.filter(owner=owner)
    for i in sorted(catalogue, key=lambda i: i.name.casefold()):
        append_text_row(indicators, [i.code, i.name, str(i.get_unit_display())])
    indicators.column_dimensions["A"].width = 28
    indicators.column_dimensions["B"].width = 70
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
