"""The meeting pack: agenda from the guide, the school's data sheet (key indicators and the
school's own survey scores, from the one chain), the latest self-assessment summary, open tasks
and agreements, and the decisions of the previous dialogue. One Document for page and PDF."""

from django.db.models import Q
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from skolekvalitet.analysis import texts
from skolekvalitet.analysis.presenting import figure_text, fmt, indicator_name, interval_text
from skolekvalitet.analysis.sheet import school_sheet
from skolekvalitet.documents import present
from skolekvalitet.documents.model import Document, Heading, Paragraph, Table
from skolekvalitet.knowledge.chain import Chain

from .models import Agreement, AnalysisVersion, Meeting, SchoolAnalysis, Task


def previous_dialogue(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(school=meeting.school, event__kind="dialogue", state="approved")
        .exclude(pk=meeting.pk)
        .filter(date__lt=meeting.date)
        .select_related("event")
        .order_by("-date")
        .first()
    )


def _approved_only(meeting: Meeting, reader) -> dict:
    """Participants who are not the school's leaders see tasks and agreements of approved
    minutes only, never drafts."""
    from skolekvalitet.organisations.access import can_edit_school

    if reader is None or can_edit_school(reader, meeting.school):
        return {}
    return {"meeting__state": Meeting.State.APPROVED}


def _data_sheet(meeting: Meeting, doc: Document, reader) -> None:
    from skolekvalitet.organisations.access import may_read_staff_results

    school = meeting.school
    chain = Chain(school.owner, [school], upto_year=meeting.event.cycle.school_year.code)
    staff_results = reader is None or may_read_staff_results(reader, school)
    rows = []
    for _area, group in school_sheet(chain, school, staff_results=staff_results):
        for r in group:
            if r.indicator.key or r.indicator.owner_id:
                rows.append(
                    (
                        indicator_name(r.indicator, r.grade),
                        r.latest.year,
                        figure_text(r.latest),
                        interval_text(r.latest),
                        str(texts.VERDICTS[r.verdict]),
                    )
                )
    doc.add(Heading(2, _("The school's data sheet")))
    if rows:
        doc.add(
            Table(
                _("Key indicators and the school's own survey scores (95 % interval)"),
                (
                    _("Indicator"),
                    _("Year"),
                    _("Value"),
                    _("Interval"),
                    _("Compared with the nation"),
                ),
                tuple(rows),
            )
        )
    else:
        doc.add(Paragraph(_("No figures in the knowledge base for this school yet.")))


def round_blocks(round_, *, school_side: bool, with_previous: bool = True) -> list:
    """A finished round as the dialogues and the report show it: the dimension scores (through
    surveys.results, so the anonymity threshold holds) and the school's interpretation when it
    is released or the reader works at the school."""
    from skolekvalitet.surveys.results import results

    shown = results(round_, with_previous=with_previous)
    caption = f"{round_.instrument.name} – {round_.get_audience_display()} ({round_.opens.year})"
    if not shown.enough:
        return [Paragraph(_("%(what)s: too few answers to show results.") % {"what": caption})]
    blocks: list = [
        Table(
            caption,
            (_("Dimension"), _("Mean (1–5)"), _("95 % interval"), _("Answers")),
            tuple(
                (
                    d.dimension.name,
                    fmt(d.summary.mean, 2),
                    f"{fmt(d.summary.interval.low, 2)} – {fmt(d.summary.interval.high, 2)}",
                    str(d.summary.n),
                )
                if d.summary
                else (d.dimension.name, _("too few answers"), "", "")
                for d in shown.dimensions
            ),
        )
    ]
    interpretation = getattr(round_, "interpretation", None)
    if interpretation and (interpretation.released or school_side):
        blocks.append(
            Paragraph(
                _("The school's interpretation: %(text)s")
                % {"text": f"{interpretation.reading} {interpretation.actions}"}
            )
        )
    return blocks


def analysis_blocks(analysis: SchoolAnalysis | AnalysisVersion) -> list:
    """The school's own analysis as paragraphs (callers decide whether the reader may see it)."""
    return [
        Paragraph(f"{label}: {text}")
        for label, text in (
            (_("Our strengths"), analysis.strengths),
            (_("Our challenges"), analysis.challenges),
            (_("What we will do"), analysis.measures),
        )
        if text
    ]


def _self_assessment(meeting: Meeting, doc: Document, school_side: bool, reader) -> None:
    from skolekvalitet.organisations.access import may_read_results
    from skolekvalitet.surveys.models import Round

    doc.add(Heading(2, _("Latest self-assessment")))
    rounds = Round.objects.filter(school=meeting.school, closed=True, main=True).select_related(
        "instrument", "interpretation"
    )
    latest = {}
    for r in rounds.order_by("-opens"):
        if reader is None or may_read_results(reader, r):  # the round's audience decides
            latest.setdefault((r.instrument_id, r.audience), r)
    if not latest:
        doc.add(Paragraph(_("No finished self-assessment rounds yet.")))
    for r in latest.values():
        for block in round_blocks(r, school_side=school_side):
            doc.add(block)
    analysis = SchoolAnalysis.objects.filter(
        school=meeting.school, school_year=meeting.event.cycle.school_year
    ).first()
    # The school reads its draft; everyone else the version the school released.
    shown = (analysis if school_side else analysis.released()) if analysis else None
    if shown:
        doc.add(Heading(3, _("The school's own analysis")))
        for block in analysis_blocks(shown):
            doc.add(block)


def _spot_checks(meeting: Meeting, doc: Document, reader) -> None:
    """The owner's chapter 12 spot checks in a leadership dialogue's pack, this year's and the
    earlier years', for those who may see them (the owner's administrators and the school's
    leaders); agreements only as the pack shows them, never the private talk's."""
    from skolekvalitet.organisations.access import can_edit_school
    from skolekvalitet.plans.findings import pack_blocks

    school = meeting.school
    if meeting.event.kind != "dialogue" or not (reader is None or can_edit_school(reader, school)):
        return
    agreements = Agreement.objects.filter(meeting__school=school, **_approved_only(meeting, reader))
    for block in pack_blocks(school, meeting.event.cycle.school_year, agreements):
        doc.add(block)


def meeting_pack(meeting: Meeting, *, school_side: bool, reader=None) -> Document:
    """school_side: the reader works at the school, so its unreleased analyses are included.
    reader: the person reading, whose access decides which rounds' scores the pack shows."""
    event = meeting.event
    doc = Document(
        f"{event.name} – {meeting.school.name}",
        (get_language() or "nb")[:2],
        present.date(meeting.date) + (f", {meeting.place}" if meeting.place else ""),
    )
    doc.add(Heading(1, _("Agenda")))
    if event.checklist_lines:
        doc.add(
            Table(
                _("Content checklist"),
                (_("Point"),),
                tuple((line,) for line in event.checklist_lines),
            )
        )
    for _phase, label, questions in event.guide():
        if questions:
            doc.add(Heading(2, str(label)))
            for q in questions:
                doc.add(Paragraph(f"– {q}"))
    doc.add(Heading(1, _("Knowledge base")))
    _data_sheet(meeting, doc, reader)
    _self_assessment(meeting, doc, school_side, reader)
    _spot_checks(meeting, doc, reader)
    doc.add(Heading(1, _("Follow-up")))
    # Only the talk's own pack (read by its parties alone) shows what the talk agreed.
    tasks_of, agreements_of = (
        (Task.with_talk, Agreement.with_talk)
        if event.private
        else (Task.objects, Agreement.objects)
    )
    tasks = (
        tasks_of.filter(
            meeting__school=meeting.school, settled="", **_approved_only(meeting, reader)
        )
        .exclude(status="done")
        .select_related("responsible")
    )
    doc.add(
        Table(
            _("Open tasks"),
            (_("Task"), _("Responsible"), _("Deadline"), _("Status")),
            tuple(
                (
                    t.title,
                    t.responsible.name,
                    present.date(t.deadline),
                    t.get_status_display(),
                )
                for t in tasks
            ),
        )
        if tasks
        else Paragraph(_("No open tasks."))
    )
    agreements = agreements_of.filter(
        meeting__school=meeting.school,
        closed_at=None,
        settled="",
        **_approved_only(meeting, reader),
    ).select_related("responsible")
    doc.add(
        Table(
            _("Open follow-up agreements"),
            (_("Area"), _("What must be done"), _("By whom"), _("By when"), _("Follow-up")),
            tuple(
                (
                    a.get_area_display(),
                    a.what,
                    a.responsible.name,
                    present.date(a.deadline),
                    present.date(a.follow_up),
                )
                for a in agreements
            ),
        )
        if agreements
        else Paragraph(_("No open follow-up agreements."))
    )
    from .participation import contribution_blocks

    doc.add(Heading(2, _("Participants' input")))
    for block in contribution_blocks(meeting):
        doc.add(block)
    previous = previous_dialogue(meeting)
    doc.add(Heading(2, _("Decisions of the previous dialogue")))
    if previous and previous.decisions:
        doc.add(
            Paragraph(
                f"{previous.event.name} ({present.date(previous.date)}): {previous.decisions}"
            )
        )
    else:
        doc.add(Paragraph(_("No approved decisions from an earlier dialogue.")))
    return doc


def reader_key(reader, meeting: Meeting) -> str:
    """What decides how the pack reads for this person: whether they work at the school (its
    unreleased analysis), may read staff results, and edit the school (draft tasks)."""
    from skolekvalitet.organisations import access

    school = meeting.school
    return "".join(
        "1" if allowed else "0"
        for allowed in (
            access.is_school_member(reader, school),
            access.may_read_staff_results(reader, school),
            access.can_edit_school(reader, school),
        )
    )


def freeze_pack(meeting: Meeting) -> None:
    """Store the pack as its readers see it now, in each language, when the minutes are
    approved: one copy for each kind of reader among the owner's and the school's people."""
    from skolekvalitet.audit.frozen import freeze
    from skolekvalitet.documents.frozen import to_data
    from skolekvalitet.organisations.models import Language, Person

    school = meeting.school
    people = Person.objects.filter(memberships__owner=school.owner).filter(
        Q(memberships__school=school) | Q(memberships__school=None)
    )
    readers = {reader_key(p, meeting): p for p in people.distinct()}
    variants = {}
    for language in Language.values:
        with translation.override(language):
            for key, reader in readers.items():
                doc = meeting_pack(meeting, school_side=key[0] == "1", reader=reader)
                variants[f"{language}/{key}"] = to_data(doc)
    freeze(school.owner, "meeting_pack", meeting, variants)


def _frozen_for(meeting: Meeting, key: str):
    """The frozen copy for this kind of reader, or else the fullest one that shows them no more
    than they may read (a reader of a kind nobody was when the minutes were approved)."""
    from skolekvalitet.audit.models import FrozenRecord

    language = (get_language() or "nb")[:2]
    records = {
        r.variant.split("/")[1]: r
        for r in FrozenRecord.objects.filter(
            kind="meeting_pack", object_id=str(meeting.pk), variant__startswith=f"{language}/"
        )
    }
    fits = [k for k in records if all(a <= b for a, b in zip(k, key, strict=True))]
    return records[max(fits, key=lambda k: (k == key, k.count("1")))] if fits else None


def shown_pack(meeting: Meeting, *, school_side: bool, reader) -> tuple[Document, object]:
    """The pack the reader sees, and when it was frozen: once the minutes are approved, the pack
    as it was then (None: the live pack, before approval or for minutes approved before packs
    were kept)."""
    from skolekvalitet.documents.frozen import from_data

    if meeting.locked:
        record = _frozen_for(meeting, reader_key(reader, meeting))
        if record:
            return from_data(record.data), record.at
    return meeting_pack(meeting, school_side=school_side, reader=reader), None
