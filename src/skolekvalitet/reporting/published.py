"""A published status report is stored as it was published (audit.frozen): its document in each
language, with text, figures and charts. The preview, every file made later and the public page
read that copy, so later data never change what the council was told."""

from django.utils import translation

from skolekvalitet.audit.frozen import freeze, frozen
from skolekvalitet.documents.frozen import from_data, to_data
from skolekvalitet.documents.model import Document
from skolekvalitet.organisations.models import Language

from .build import Progress, build_document
from .models import ReportVersion, StatusReport

KIND = "report"
FORMATS = ("pdf", "docx")  # the files of a published version its readers download


def freeze_copy(report: StatusReport, version: ReportVersion, docs: dict[str, Document]) -> None:
    """Store the documents {language: document} as the published copy of `version`, which is
    marked published (the mark every reader's page looks up, not the copy)."""
    freeze(report.owner, KIND, version, {lang: to_data(doc) for lang, doc in docs.items()})
    version.kind = ReportVersion.Kind.PUBLISHED
    version.save(update_fields=["kind"])


def documents_now(report: StatusReport) -> dict[str, Document]:
    """The report as it reads now, in each language."""
    docs = {}
    for language in Language.values:
        with translation.override(language):
            docs[language] = build_document(report, language)[0]
    return docs


def last_published_version(report: StatusReport) -> ReportVersion | None:
    """The latest version whose copy was published, whatever the report's state now: set back
    to draft or final, the report stays readable as published until a newer version is."""
    return _published(report).first()


def published_versions(report: StatusReport) -> list[ReportVersion]:
    """The versions whose copy was published, newest first."""
    return list(_published(report))


def _published(report: StatusReport):
    return report.versions.filter(kind=ReportVersion.Kind.PUBLISHED).order_by("-number")


def file_name(version: ReportVersion, language: str, fmt: str) -> str:
    """A published version's file in the storage, made once from its copy (tasks)."""
    return f"reports/published/{version.report_id}/{version.number}-{language}.{fmt}"


def published_version(report: StatusReport) -> ReportVersion | None:
    """The version whose copy is published: the latest one frozen, while the report is."""
    if report.status != StatusReport.Status.PUBLISHED:
        return None
    return last_published_version(report)


def document(
    report: StatusReport,
    language: str | None = None,
    progress: Progress = lambda percent: None,
    *,
    reader: bool = False,
) -> Document:
    """The document every output shows: the published copy once published, else the live one.
    reader: for those who only read the report (politicians, the public), the last published
    copy even while the report is being revised, until a newer version is published."""
    version = last_published_version(report) if reader else published_version(report)
    if version is not None:
        return copy(report, version, language, progress)
    return build_document(report, language, progress)[0]


def copy(
    report: StatusReport,
    version: ReportVersion,
    language: str | None = None,
    progress: Progress = lambda percent: None,
) -> Document:
    """The stored copy of a published version, in the language asked for if it has it."""
    record = frozen(KIND, version, language or report.language) or frozen(
        KIND, version, report.language
    )
    progress(50)
    return from_data(record.data)
