"""The status report's path, said to its administrators: draft -> final, put before the council
(a frozen version) -> published as the council approved it -> public on the web. Where the report
is, what each step does before it is confirmed, and what it did."""

from django.utils.translation import gettext as _

from . import actions, published
from .models import ReportVersion, StatusReport

Status = StatusReport.Status
STATUS_STEPS = ("draft", "final", "published")  # a step to a status; "public", "private" else


def path(report: StatusReport) -> list[dict]:
    """The path's places in order, each with whether the report is there."""
    published_now = report.status == Status.PUBLISHED
    return [
        {"name": Status.DRAFT.label, "here": report.status == Status.DRAFT},
        {"name": Status.FINAL.label, "here": report.status == Status.FINAL},
        {"name": Status.PUBLISHED.label, "here": published_now and not report.public},
        {"name": _("Public on the web"), "here": published_now and report.public},
    ]


def _kept(version: ReportVersion, public: bool) -> str:
    if public:
        return _(
            "Published version %(number)s stays readable for politicians and on the public web "
            "until a newer version is published."
        ) % {"number": version.number}
    return _(
        "Published version %(number)s stays readable for politicians until a newer version is "
        "published."
    ) % {"number": version.number}


def where(report: StatusReport) -> list[str]:
    """Where the report is and what the next step does, in a few plain sentences."""
    version = published.last_published_version(report)
    latest = report.versions.order_by("-number").first()
    if report.status == Status.DRAFT:
        said = [
            _(
                "The report is a draft: you can change the text, and only the owner's "
                "administrators read it. Next: mark it final when it is ready for the council; "
                "the text is then frozen as the version the council gets."
            )
        ]
        if version is not None:
            said.append(_kept(version, report.public))
        return said
    if report.status == Status.FINAL:
        return [
            _(
                "The report is final: version %(number)s is frozen and put before the council "
                "(kommunestyret); its text cannot be changed. Next: publish it when the council "
                "has approved it, or set it back to draft to change it."
            )
            % {"number": latest.number if latest else "–"}
        ]
    said = [
        _(
            "Version %(number)s is published as the council approved it, and is never changed. "
            "To change the report, set it back to draft: that begins a new version."
        )
        % {"number": version.number if version else "–"}
    ]
    if report.public:
        said.append(_("It is on the public web."))
    else:
        said.append(_("It is not on the public web until you make it public."))
    return said


def refusal(report: StatusReport, step: str) -> str | None:
    """Why the step cannot be taken now; None when it can."""
    if step in STATUS_STEPS:
        return actions.status_refusal(report, step)
    return actions.public_refusal(report) if step == "public" else None


def explain(report: StatusReport, step: str) -> dict:
    """The confirmation of a step: its question, what will happen, its «Yes» button."""
    version = published.last_published_version(report)
    if step == "final":
        return {
            "title": _("Mark the report final and put it before the council?"),
            "happens": [
                _("The text as it reads now is frozen as a new version: the one the council gets."),
                _("Politicians can read it."),
                _("Nobody can change the text while it is final; set it back to draft to do so."),
            ],
            "yes": _("Yes, mark it final"),
        }
    if step == "published":
        happens = [
            _(
                "The version put before the council is stored as published, as the council "
                "approved it, and is never changed afterwards."
            ),
            _("Politicians read this version from now on, in Bokmål and Nynorsk, as PDF and Word."),
        ]
        if report.public:
            happens.append(_("It replaces the earlier version on the public web at once."))
        else:
            happens.append(_("It is not on the public web until you make it public."))
        return {
            "title": _("Publish the report as the council approved it?"),
            "happens": happens,
            "yes": _("Yes, publish"),
        }
    if step == "draft":
        happens = [_("You can change the text again; mark it final again when it is ready.")]
        if report.status == Status.FINAL and version is None:
            happens.append(
                _(
                    "The politicians and the schools can no longer read it until it is marked "
                    "final again."
                )
            )
        if report.status == Status.PUBLISHED and version is not None:
            happens = [
                _("A new version is begun, which you can change."),
                _kept(version, report.public),
            ]
        return {
            "title": _("Set the report back to draft?"),
            "happens": happens,
            "yes": _("Yes, back to draft"),
        }
    if step == "public":
        return {
            "title": _("Make the report public on the web?"),
            "happens": [
                _(
                    "Anyone can read published version %(number)s on the public page, without "
                    "logging in, in Bokmål and Nynorsk."
                )
                % {"number": version.number},
                _(
                    "A version published later replaces it there; the earlier ones stay listed. "
                    "A draft is never shown there."
                ),
            ],
            "yes": _("Yes, make it public"),
        }
    return {
        "title": _("Remove the report from the public web?"),
        "happens": [
            _("The public page is closed. Politicians and the owner's staff still read the report.")
        ],
        "yes": _("Yes, remove it from the web"),
    }


def done(report: StatusReport, step: str, version: ReportVersion | None) -> str:
    """What the step did, once taken."""
    if step == "final":
        return _("The report is marked final and put before the council (version %(number)s).") % {
            "number": version.number
        }
    if step == "published":
        if report.public:
            return _("The report is published (version %(number)s) and is on the public web.") % {
                "number": version.number
            }
        return _(
            "The report is published (version %(number)s). It is on the web only when you make "
            "it public."
        ) % {"number": version.number}
    if step == "draft":
        kept = published.last_published_version(report)
        if kept is not None:
            return _("The report is a draft again.") + " " + _kept(kept, report.public)
        return _("The report is a draft again.")
    if step == "public":
        return _("The report is public on the web (published version %(number)s).") % {
            "number": published.last_published_version(report).number
        }
    return _("The report is removed from the public web.")
