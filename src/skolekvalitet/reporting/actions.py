"""Writes to the status report: atomic, audited; narratives sanitised on the way in."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import record
from skolekvalitet.documents import present
from skolekvalitet.documents.model import Cover, Document, Heading, Paragraph, RichText, Table
from skolekvalitet.documents.versions import html_lines
from skolekvalitet.organisations.models import Person

from . import published, tasks
from .build import REQUIRED_CHAPTERS, build_document, chapter_titles, edit_state
from .models import ASSESSED_CHAPTERS, NARRATIVES, Narrative, ReportVersion, StatusReport
from .narratives import LIMITS, MAX_LINES, clean, contains, is_empty, length, lines


def _too_long(texts: dict[str, str]) -> dict[str, list[str]]:
    """What is wrong with a text that must fit a page, by its key; empty when all fit."""
    errors = {}
    for key, limit in LIMITS.items():
        if key not in texts:
            continue
        text, title = clean(texts[key]), NARRATIVES[key][0]
        if length(text) > limit:
            errors[key] = [
                _(
                    "%(title)s: at most %(limit)s characters fit on the one-page summary; "
                    "the text has %(count)s."
                )
                % {
                    "title": title,
                    "limit": present.number(limit, 0),
                    "count": present.number(length(text), 0),
                }
            ]
        elif lines(text) > MAX_LINES[key]:
            errors[key] = [
                _(
                    "%(title)s: at most %(limit)s paragraphs, headings, list items and line "
                    "breaks fit on the one-page summary; the text has %(count)s."
                )
                % {"title": title, "limit": MAX_LINES[key], "count": lines(text)}
            ]
    return errors


@transaction.atomic
def save_narratives(actor: Person, report: StatusReport, texts: dict[str, str]) -> None:
    """Raises ValidationError, by the narrative's key, for a text too long for its page; then
    nothing is saved."""
    if report.status != StatusReport.Status.DRAFT:
        raise ValidationError(_("A final report is locked; set it back to draft to edit."))
    errors = _too_long(texts)
    if errors:
        raise ValidationError(errors)
    before = {n.key: n.html for n in report.narratives.all()}
    changes = {}
    for key, html in texts.items():
        if key in NARRATIVES:
            text = clean(html)
            Narrative.objects.update_or_create(report=report, key=key, defaults={"html": text})
            if before.get(key, "") != text:
                changes[key] = [before.get(key), text]
    if changes:
        record(actor, report.owner, "update", report, changes)


@transaction.atomic
def accept_draft(actor: Person, report: StatusReport, chapter: str) -> None:
    """The chapter's generated draft becomes its assessment, or is added after the text the
    owner has written; the owner edits it from there. Once: a text that has it already is left
    as it is."""
    if chapter not in ASSESSED_CHAPTERS:
        raise ValidationError(_("This chapter has no draft."))
    _filled, drafts = edit_state(report)
    if not drafts.get(chapter):
        raise ValidationError(_("This chapter has no figures to draft from."))
    key = f"a_{chapter}"
    StatusReport.objects.select_for_update().filter(pk=report.pk).first()  # one at a time
    written = report.narratives.filter(key=key).values_list("html", flat=True).first() or ""
    if contains(written, drafts[chapter]):
        raise ValidationError(_("The draft is in the text already."))
    save_narratives(actor, report, {key: written + drafts[chapter]})


@transaction.atomic
def set_internal_control(actor: Person, report: StatusReport, include: bool) -> None:
    if report.status != StatusReport.Status.DRAFT:
        raise ValidationError(_("A final report is locked; set it back to draft to edit."))
    report.internal_control = include
    report.save(update_fields=["internal_control"])
    record(actor, report.owner, "update", report, {"internal_control": [not include, include]})


def report_text(report: StatusReport, doc: Document | None = None) -> str:
    """The report (or the document given) as plain text, for versions and their differences."""
    doc = doc if doc is not None else build_document(report)[0]
    lines = [doc.title]
    for block in doc.flat():
        if isinstance(block, Cover):
            lines.extend(f"{label}: {value}" for label, value in block.facts[:2])
        elif isinstance(block, Heading):
            lines.append(f"\n{'#' * block.level} {block.text}")
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, RichText):  # the text it reads as, not its HTML
            lines.extend(html_lines(block.html))
        elif isinstance(block, Table):
            lines.append(f"[{block.caption}]")
            lines.extend(" | ".join(row) for row in block.rows)
    return "\n".join(lines)


@transaction.atomic
def save_version(
    actor: Person,
    report: StatusReport,
    doc: Document | None = None,
    kind: str = ReportVersion.Kind.SAVED,
) -> ReportVersion:
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ReportVersion.objects.create(
        report=report, number=number, text=report_text(report, doc), saved_by=actor, kind=kind
    )
    record(actor, report.owner, "version", report, {"version": [None, number]})
    return version


def missing_sections(report: StatusReport, filled: dict[str, bool] | None = None) -> list[str]:
    """Required chapters without content, and required narratives left empty. filled: the
    chapters' content as build_document found it, when the caller has built it already."""
    if filled is None:
        _doc, filled = build_document(report)
    titles = chapter_titles()
    narratives = {n.key: n.html for n in report.narratives.all()}
    # A chapter the law asks for whose figures are not imported (yet) is complete when the
    # owner's assessment in it says why: the council is still told of it.
    missing = [
        no_figures(titles[key])
        for key in REQUIRED_CHAPTERS
        if not filled.get(key) and is_empty(narratives.get(f"a_{key}", ""))
    ]
    missing += [
        str(title)
        for key, (title, required) in NARRATIVES.items()
        if required and is_empty(narratives.get(key, ""))
    ]
    return missing


def no_figures(title: str) -> str:
    return _(
        "%(chapter)s (no figures: import them, or write in the chapter's assessment why they "
        "are missing)"
    ) % {"chapter": title}


# The state each step starts from: draft -> final (for the council) -> published, and back to
# draft from either to change the text.
STEP_FROM = {
    StatusReport.Status.FINAL: (StatusReport.Status.DRAFT,),
    StatusReport.Status.PUBLISHED: (StatusReport.Status.FINAL,),
    StatusReport.Status.DRAFT: (StatusReport.Status.FINAL, StatusReport.Status.PUBLISHED),
}


def public_refusal(report: StatusReport) -> str | None:
    """Why the report cannot be made public on the web now; None when it can."""
    if published.last_published_version(report) is None:
        return _("Publish the report before making it public on the web.")
    return None


def status_refusal(report: StatusReport, status: str) -> str | None:
    """Why the report cannot take the step to `status` now; None when it can."""
    if status not in STEP_FROM:
        return _("There is no such step.")
    if report.status not in STEP_FROM[status]:
        return {
            StatusReport.Status.FINAL: _("Only a draft can be marked final."),
            StatusReport.Status.PUBLISHED: _("Mark the report final before publishing it."),
            StatusReport.Status.DRAFT: _("The report is a draft already."),
        }[status]
    if status != StatusReport.Status.DRAFT:
        missing = missing_sections(report)
        if missing:
            return _("Fill in these sections first: %(sections)s.") % {
                "sections": ", ".join(missing)
            }
    return None


@transaction.atomic
def set_status(actor: Person, report: StatusReport, status: str) -> ReportVersion | None:
    """The step to `status`: final freezes the text as the version for the council; published
    stores that version as published (a new one if the report reads otherwise now). The
    version made or published, else None."""
    refusal = status_refusal(report, status)
    if refusal:
        raise ValidationError(refusal)
    before = report.status
    report.status = status
    report.save(update_fields=["status"])
    version = None
    if status == StatusReport.Status.FINAL:
        version = save_version(actor, report, kind=ReportVersion.Kind.FINAL)
    if status == StatusReport.Status.PUBLISHED:  # stored as published, served from then on
        docs = published.documents_now(report)
        # The version put before the council; one of its own if the report reads otherwise now
        # (figures imported since).
        version = report.versions.order_by("-number").first()
        if (
            version is None
            or version.kind != ReportVersion.Kind.FINAL
            or version.text != report_text(report, docs[report.language])
        ):
            version = save_version(actor, report, docs[report.language])
        published.freeze_copy(report, version, docs)  # marks the version published
        tasks.start_published_files(actor, version)  # the readers' PDF and Word files
    record(actor, report.owner, "status", report, {"status": [before, status]})
    return version


@transaction.atomic
def set_public(actor: Person, report: StatusReport, public: bool) -> None:
    """Public on the web: its published versions, newest first; never a draft."""
    refused = public_refusal(report) if public else None
    if refused:
        raise ValidationError(refused)
    report.public = public
    report.save(update_fields=["public"])
    record(actor, report.owner, "update", report, {"public": [not public, public]})
