"""The audit log read as sentences in the reader's language: who did what to which thing, and
what changed, with the models' own field names and choice labels instead of codes."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skolekvalitet.documents import present

from .log import SECRET_CHANGED
from .models import AuditEvent

VERBS = {
    "create": gettext_lazy("added"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("removed"),
    "invite": gettext_lazy("gave a role:"),
    "approve": gettext_lazy("approved"),
    "sign": gettext_lazy("signed"),
    "release": gettext_lazy("released"),
    "close": gettext_lazy("closed"),
    "version": gettext_lazy("saved a version of"),
    "status": gettext_lazy("changed the status of"),
    "state": gettext_lazy("changed the state of"),
    "launch": gettext_lazy("launched"),
    "import": gettext_lazy("imported"),
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "renew": gettext_lazy("renewed"),
    "comment": gettext_lazy("commented on"),
    "hide_text": gettext_lazy("hid a free-text answer in"),
    "show_text": gettext_lazy("showed a free-text answer again in"),
    "retry": gettext_lazy("tried again:"),
    "password_reset": gettext_lazy("chose a new password:"),
    "accept_invitation": gettext_lazy("accepted the invitation and chose a password:"),
    "two_factor_enrolled": gettext_lazy("set up two-factor log-in:"),
    "recovery_code_used": gettext_lazy("logged in with a recovery code:"),
    "recovery_codes_renewed": gettext_lazy("made new recovery codes:"),
    "two_factor_reset": gettext_lazy("removed the second factor of"),
    "two_factor_failed": gettext_lazy("gave a wrong two-factor code:"),
    "two_factor_throttled": gettext_lazy("was held back after too many wrong two-factor codes:"),
    "admin_add": gettext_lazy("added in the admin site:"),
    "admin_change": gettext_lazy("changed in the admin site:"),
    "admin_delete": gettext_lazy("removed in the admin site:"),
    "demo": gettext_lazy("refreshed the demo data of"),
    "generate": gettext_lazy("made a file of"),
    "revoke": gettext_lazy("revoked"),
    "fetch_refused": gettext_lazy("refused a changed answer from Udir's statistics for"),
    "undo_import": gettext_lazy("undid an import of figures for"),
}
# Names of the things the log speaks of, where the model has no translated name of its own.
KINDS = {
    "organisations.owner": gettext_lazy("school owner"),
    "organisations.membership": gettext_lazy("role"),
    "dialogues.cycle": gettext_lazy("annual cycle"),
    "dialogues.event": gettext_lazy("event in the annual cycle"),
    "dialogues.meeting": gettext_lazy("meeting"),
    "dialogues.packnote": gettext_lazy("preparation note"),
    "dialogues.addendum": gettext_lazy("addendum to the minutes"),
    "dialogues.task": gettext_lazy("task"),
    "dialogues.agreement": gettext_lazy("follow-up agreement"),
    "dialogues.agreementnote": gettext_lazy("note on an agreement"),
    "dialogues.schoolanalysis": gettext_lazy("school analysis"),
    "dialogues.analysisversion": gettext_lazy("released version of a school analysis"),
    "dialogues.proposal": gettext_lazy("proposal"),
    "dialogues.feedtoken": gettext_lazy("calendar address"),
    "dialogues.developmentgroup": gettext_lazy("development group"),
    "dialogues.groupmeeting": gettext_lazy("development group meeting"),
    "surveys.instrument": gettext_lazy("questionnaire"),
    "surveys.round": gettext_lazy("questionnaire round"),
    "surveys.item": gettext_lazy("question"),
    "surveys.dimension": gettext_lazy("area of the questionnaire"),
    "surveys.interpretation": gettext_lazy("interpretation"),
    "reporting.statusreport": gettext_lazy("status report"),
}
# Keys of `changes` that are not model fields.
KEYS = {
    "narratives": gettext_lazy("texts"),
    "copied_from": gettext_lazy("copied from"),
    "version": gettext_lazy("version"),
    "admin": gettext_lazy("change"),
    "school": gettext_lazy("school"),
    "person": gettext_lazy("person"),
    "published": gettext_lazy("published figures"),
    "group": gettext_lazy("group"),
    "author": gettext_lazy("written by"),
    "meeting": gettext_lazy("meeting"),
    "round": gettext_lazy("round"),
    "plan": gettext_lazy("plan"),
    "owner": gettext_lazy("school owner"),
    "event": gettext_lazy("event"),
    "cycle": gettext_lazy("annual cycle"),
    "agreement": gettext_lazy("agreement"),
    "instrument": gettext_lazy("questionnaire"),
    "created_by": gettext_lazy("created by"),
    "refreshed": gettext_lazy("refreshed"),
    "invited": gettext_lazy("invited"),
    "domains": gettext_lazy("e-mail domains"),
    "import": gettext_lazy("import"),
}
# Codes some keys hold, in words (a model may name its own with AUDIT_CHOICES = {field: choices}).
VALUES = {
    "copied_from": {
        "kvam": gettext_lazy("the Kvam model"),
        "empty": gettext_lazy("nothing (an empty cycle)"),
    },
    "format": {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "csv": "CSV"},
}
VALUES["fmt"] = VALUES["format"]
PUPILS = re.compile(r"^pupils (\S+) grade (\d+)$")


@dataclass
class Line:
    event: AuditEvent
    sentence: str
    changes: list[tuple[str, str, str]]


def _model(event: AuditEvent):
    try:
        return apps.get_model(event.object_type) if event.object_type else None
    except (LookupError, ValueError):
        return None


def kind_of(object_type: str) -> str:
    """A thing's name in the reader's language: the model's own translated name, else KINDS."""
    if object_type in KINDS:
        return str(KINDS[object_type])
    model = _model(AuditEvent(object_type=object_type))
    if model is not None and "verbose_name" in model._meta.original_attrs:
        return str(model._meta.verbose_name)
    return ""


def _value(field, value, labels: dict | None = None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value == SECRET_CHANGED:
        return _("changed (not shown)")
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
    if isinstance(value, list):
        return ", ".join(_value(None, v, labels) for v in value)
    if labels and value in labels:
        return str(labels[value])
    if isinstance(value, str) and len(value) == 10 and (day := _parsed(parse_date, value)):
        return present.date(day)
    if isinstance(value, str) and len(value) > 18 and (moment := _parsed(parse_datetime, value)):
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return f"{present.date(local)} {formats.time_format(local, 'H:i')}"
    return str(value)


def _parsed(parse, value: str):
    try:
        return parse(value)
    except ValueError:  # well formed but no such day
        return None


def _labels(model, key: str) -> dict | None:
    choices = getattr(model, "AUDIT_CHOICES", {}).get(key)
    return dict(choices.choices) if choices is not None else VALUES.get(key)


def _key(model, key: str):
    """(label, field or None) for a key of `changes`."""
    if match := PUPILS.match(key):
        return _("pupils in grade %(grade)s, %(year)s") % {
            "grade": match[2],
            "year": match[1],
        }, None
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            pass
        else:
            if getattr(field, "_verbose_name", None) is not None:
                return str(field.verbose_name), field
            return str(KEYS.get(key, key.replace("_", " "))), field
    return str(KEYS.get(key, key.replace("_", " "))), None


def describe(event: AuditEvent) -> Line:
    model = _model(event)
    verb = VERBS.get(event.action, event.action.replace("_", " "))
    kind = kind_of(event.object_type)
    sentence = _("%(who)s %(verb)s %(kind)s «%(what)s»") % {
        "who": event.actor_name if event.actor_name != "system" else _("The system"),
        "verb": verb,
        "kind": kind,
        "what": event.object_repr,
    }
    changes = []
    for key, pair in (event.changes or {}).items():
        label, field = _key(model, key)
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        labels = _labels(model, key)
        changes.append((label, _value(field, old, labels), _value(field, new, labels)))
    return Line(event, re.sub(r"\s+", " ", sentence), changes)
