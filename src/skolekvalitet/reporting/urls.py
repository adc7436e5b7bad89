from django.urls import path

from . import views, writes
from .models import StatusReport
from .published import FORMATS


def _per_format(route: str, view, name: str) -> list:
    """The address of a PDF and of a Word file: `route` and `name` with the format after them."""
    return [path(f"{route}{fmt}/", view, {"fmt": fmt}, name=f"{name}_{fmt}") for fmt in FORMATS]


base = "o/<slug:slug>/reports/"
report = f"{base}<str:year>/"
urlpatterns = [
    path(base, views.report_list, name="report_list"),
    path(f"{base}new/", writes.report_create, name="report_create"),
    path(report, views.report_edit, name="report_edit"),
    path(f"{report}save/", writes.report_save, name="report_save"),
    path(f"{report}version/", writes.report_version, name="report_version"),
    path(
        f"{report}drafts/<str:chapter>/accept/",
        writes.report_accept_draft,
        name="report_accept_draft",
    ),
    path(
        f"{report}internal-control/include/",
        writes.report_internal_control,
        {"include": True},
        name="report_include_internal_control",
    ),
    path(
        f"{report}internal-control/leave-out/",
        writes.report_internal_control,
        {"include": False},
        name="report_leave_out_internal_control",
    ),
    *(
        path(f"{report}{state}/", writes.report_status, {"status": state}, name=f"report_{state}")
        for state in StatusReport.Status.values  # report_draft, report_final, report_published
    ),
    path(f"{report}public/", writes.report_public, {"public": True}, name="report_make_public"),
    path(f"{report}private/", writes.report_public, {"public": False}, name="report_make_private"),
    *_per_format(f"{report}files/", writes.report_file, "report"),
    *_per_format(f"{report}published/", views.report_published_file, "report_published"),
    path(f"{report}preview/", views.report_preview, name="report_preview"),
    path(f"{report}preview/save/", writes.report_save_preview, name="report_save_preview"),
    path(f"{report}summary/", views.report_summary, name="report_summary"),
    path(f"{report}summary/pdf/", views.report_summary_pdf, name="report_summary_pdf"),
    path(f"{report}versions/", views.report_versions, name="report_versions"),
    path(f"{report}jobs/<int:job>/", views.report_job, name="report_job"),
    path("report/<slug:slug>/<str:year>/", views.public_report, name="public_report"),
    *_per_format("report/<slug:slug>/<str:year>/", views.public_report_file, "public_report"),
]
