"""Generating a report file in the background (Django's task framework: in-process by default,
a real queue and workers in production). Progress is kept on the job for the page to show."""

from pathlib import Path

from django.conf import settings
from django.tasks import task

from skolekvalitet.documents import render

from .build import build_document
from .models import ReportJob


def output_path(job: ReportJob) -> Path:
    folder = Path(settings.DATA_DIR) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"report-{job.pk}.{job.fmt}"


def render_report(report, fmt: str, language: str, progress=lambda percent: None) -> bytes:
    doc, _filled = build_document(report, language, progress)
    if fmt == "pdf":
        return render.to_pdf(doc)
    if fmt == "docx":
        return render.to_docx(doc)
    return render.to_html(doc).encode()


@task()
def generate(job_id: int) -> None:
    job = ReportJob.objects.select_related("report__owner", "report__school_year").get(pk=job_id)

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=percent)

    try:
        data = render_report(job.report, job.fmt, job.language, progress)
        output_path(job).write_bytes(data)
        ReportJob.objects.filter(pk=job.pk).update(progress=100, done=True)
    except Exception as error:  # recorded for the page; the task framework logs it too
        ReportJob.objects.filter(pk=job.pk).update(error=str(error)[:500], done=True)
        raise
