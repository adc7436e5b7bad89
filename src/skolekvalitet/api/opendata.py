"""Open data: an owner's figures and status-report versions as CSV and JSON at a public address,
with a small DCAT-style catalogue, once the owner has published them (404 before and after).
The schema is in docs/reference/open-data.md; hidden figures carry their status alone."""

import csv
import datetime
import io

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from skolekvalitet.documents.cells import append_text_row, safe_cell
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import Owner
from skolekvalitet.reporting.models import StatusReport

from .actions import open_data_published
from .figures import (
    COLUMN_MEANINGS,
    COLUMNS,
    SCHEMA_VERSION,
    STATUS_MEANINGS,
    figure_rows,
    open_indicators,
)

REPORT_COLUMNS = ["school_year", "language", "version", "saved_at", "url"]
LICENSE = "https://data.norge.no/nlod/no/2.0"


def published_owner(slug: str) -> Owner:
    owner = get_object_or_404(Owner, slug=slug)
    if not open_data_published(owner):
        raise Http404
    return owner


def csv_response(name: str, columns: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else safe_cell(row[c]) for c in columns])
    return response


def head(owner: Owner) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "owner": {"slug": owner.slug, "name": owner.name, "kind": owner.kind},
        "generated": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "license": LICENSE,
    }


def owner_figures(owner: Owner) -> list[dict]:
    return list(figure_rows(owner, open_indicators(owner)))


def report_rows(request: HttpRequest, owner: Owner, text: bool) -> list[dict]:
    """Every saved version of the owner's published status reports that are public on the web."""
    reports = (
        StatusReport.objects.filter(owner=owner, public=True, status=StatusReport.Status.PUBLISHED)
        .select_related("school_year")
        .prefetch_related("versions")
        .order_by("school_year__code")
    )
    rows = []
    for report in reports:
        url = request.build_absolute_uri(
            reverse("public_report", args=[owner.slug, report.school_year.code])
        )
        for version in report.versions.all():
            row = {
                "school_year": report.school_year.code,
                "language": report.language,
                "version": version.number,
                "saved_at": version.at.isoformat(timespec="seconds"),
                "url": url,
            }
            if text:
                row["text"] = version.text
            rows.append(row)
    return rows


@access_rule("public")
@require_safe
def figures_csv(request: HttpRequest, slug: str) -> HttpResponse:
    owner = published_owner(slug)
    return csv_response(f"{owner.slug}-figures.csv", COLUMNS, owner_figures(owner))


@access_rule("public")
@require_safe
def figures_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The figures for spreadsheet users: numbers as numbers (the spreadsheet shows them in the
    reader's own format), and a second sheet saying what each column means."""
    owner = published_owner(slug)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    append_text_row(sheet, COLUMNS)
    for row in owner_figures(owner):
        append_text_row(sheet, [row[c] for c in COLUMNS])
    meanings = book.create_sheet(_("Columns")[:31])
    append_text_row(meanings, [_("Column"), _("Meaning")])
    for column, meaning in COLUMN_MEANINGS.items():
        append_text_row(meanings, [column, str(meaning)])
    for status, meaning in STATUS_MEANINGS.items():
        append_text_row(meanings, [f"status = {status}", str(meaning)])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{owner.slug}-figures.xlsx"'
    return response


@access_rule("public")
@require_safe
def home(request: HttpRequest, slug: str) -> HttpResponse:
    """The open data's own page: what is published, where, in which formats, what each column
    and status means, and the licence, in the reader's language."""
    owner = published_owner(slug)
    return render(
        request,
        "api/open_data.html",
        {
            "owner": owner,
            "columns": COLUMN_MEANINGS.items(),
            "statuses": STATUS_MEANINGS.items(),
            "license": LICENSE,
            "schema_version": SCHEMA_VERSION,
        },
    )


@access_rule("public")
@require_safe
def figures_json(request: HttpRequest, slug: str) -> HttpResponse:
    owner = published_owner(slug)
    return JsonResponse({**head(owner), "figures": owner_figures(owner)})


@access_rule("public")
@require_safe
def reports_csv(request: HttpRequest, slug: str) -> HttpResponse:
    owner = published_owner(slug)
    rows = report_rows(request, owner, text=False)
    return csv_response(f"{owner.slug}-reports.csv", REPORT_COLUMNS, rows)


@access_rule("public")
@require_safe
def reports_json(request: HttpRequest, slug: str) -> HttpResponse:
    owner = published_owner(slug)
    return JsonResponse({**head(owner), "report_versions": report_rows(request, owner, True)})


def distribution(request: HttpRequest, name: str, slug: str, media: str) -> dict:
    return {
        "@type": "dcat:Distribution",
        "dcat:accessURL": request.build_absolute_uri(reverse(name, args=[slug])),
        "dcat:mediaType": media,
        "dct:license": LICENSE,
    }


@access_rule("public")
@require_safe
def catalog(request: HttpRequest, slug: str) -> HttpResponse:
    """A small DCAT-AP-NO-style description of the two datasets, for data.norge.no."""
    owner = published_owner(slug)
    publisher = {"@type": "foaf:Organization", "foaf:name": owner.name}
    datasets = [
        (
            "figures",
            {
                "nb": f"Kvalitetsindikatorer for skolene til {owner.name}",
                "nn": f"Kvalitetsindikatorar for skulane til {owner.name}",
                "en": f"Quality indicators of {owner.name}'s schools",
            },
            ("open_figures_csv", "open_figures_json"),
        ),
        (
            "reports",
            {
                "nb": f"Tilstandsrapporter fra {owner.name}, alle versjoner",
                "nn": f"Tilstandsrapportar frå {owner.name}, alle versjonar",
                "en": f"Status reports of {owner.name}, every version",
            },
            ("open_reports_csv", "open_reports_json"),
        ),
    ]
    body = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "dct:title": {"nb": f"Åpne data fra {owner.name}", "nn": f"Opne data frå {owner.name}"},
        "dct:publisher": publisher,
        "schema_version": SCHEMA_VERSION,
        "dcat:dataset": [
            {
                "@type": "dcat:Dataset",
                "dct:identifier": f"{owner.slug}-{key}",
                "dct:title": title,
                "dct:publisher": publisher,
                "dct:license": LICENSE,
                "dcat:landingPage": request.build_absolute_uri(
                    reverse("open_data_home", args=[owner.slug])
                ),
                "dcat:theme": "http://publications.europa.eu/resource/authority/data-theme/EDUC",
                "dcat:distribution": [
                    distribution(request, csv_name, owner.slug, "text/csv"),
                    distribution(request, json_name, owner.slug, "application/json"),
                ],
            }
            for key, title, (csv_name, json_name) in datasets
        ],
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
