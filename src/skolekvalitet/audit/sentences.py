"""The audit log read as sentences in the reader's language: who did what to which thing, and
what changed, with the models' own field names and choice labels instead of codes."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skolekvalitet.documents import present

from .log import SECRET_CHANGED
from .models import AuditEvent

VERBS = {
    "create": gettext_lazy("added"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("removed"),
    "approve": gettext_lazy("approved"),
    "sign": gettext_lazy("signed"),
    "release": gettext_lazy("released"),
    "close": gettext_lazy("closed"),
    "version": gettext_lazy("saved a version of"),
    "status": gettext_lazy("changed the status of"),
    "state": gettext_lazy("changed the state of"),
    "launch": gettext_lazy("launched"),
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "renew": gettext_lazy("renewed"),
    "comment": gettext_lazy("commented on"),
    "hide_text": gettext_lazy("hid a free-text answer in"),
    "show_text": gettext_lazy("showed a free-text answer again in"),
    "retry": gettext_lazy("tried again:"),
    "admin_add": gettext_lazy("added in the admin site:"),
    "admin_change": gettext_lazy("changed in the admin site:"),
    "admin_delete": gettext_lazy("removed in the admin site:"),
    "demo": gettext_lazy("refreshed the demo data of"),
    "generate": gettext_lazy("made a file of"),
    "revoke": gettext_lazy("revoked"),
    "fetch_refused": gettext_lazy("refused a changed answer from Udir's statistics for"),
    "submitted": gettext_lazy("submitted"),
    "approved": gettext_lazy("approved"),
    "returned": gettext_lazy("sent back"),
}
# Whole sentences, by action and kind of thing or by action, where the verb and the thing's kind
# would say the same twice («importerte import») or the person is the thing.
SENTENCES = {
    "import": gettext_lazy("%(who)s imported figures from «%(what)s»"),
    ("write", "knowledge.import"): gettext_lazy("%(who)s stored the figures from «%(what)s»"),
    "write": gettext_lazy("%(who)s changed figures of «%(what)s»"),
    "undo_import": gettext_lazy("%(who)s undid the import «%(what)s»"),
    ("release", "dialogues.analysisversion"): gettext_lazy(
        "%(who)s released version %(number)s of the school analysis «%(what)s»"
    ),
    "carry_over": gettext_lazy("%(who)s carried the %(kind)s «%(what)s» over to the next year"),
    "invite": gettext_lazy("%(who)s gave a role: «%(what)s»"),
    "two_factor_reset": gettext_lazy("%(who)s removed the second factor of «%(what)s»"),
    ("create", "dialogues.feedtoken"): gettext_lazy("%(who)s made a calendar address"),
    ("renew", "dialogues.feedtoken"): gettext_lazy("%(who)s renewed their calendar address"),
    ("update", "notifications.preference"): gettext_lazy(
        "%(who)s changed their notification settings"
    ),
    "password_reset": gettext_lazy("%(who)s chose a new password"),
    "accept_invitation": gettext_lazy("%(who)s accepted the invitation and chose a password"),
    "two_factor_enrolled": gettext_lazy("%(who)s set up two-factor log-in"),
    "recovery_code_used": gettext_lazy("%(who)s logged in with a recovery code"),
    "recovery_codes_renewed": gettext_lazy("%(who)s made new recovery codes"),
    "two_factor_failed": gettext_lazy("%(who)s gave a wrong two-factor code"),
    "two_factor_throttled": gettext_lazy(
        "%(who)s was held back after too many wrong two-factor codes"
    ),
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
    "dialogues.contribution": gettext_lazy("input to a meeting"),
    "knowledge.indicator": gettext_lazy("indicator"),
    "ops.job": gettext_lazy("background job"),
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
    "refreshed": gettext_lazy("school year"),
    "invited": gettext_lazy("invited"),
    "domains": gettext_lazy("e-mail domains"),
    "import": gettext_lazy("import"),
    "observations_created": gettext_lazy("figures added"),
    "observations_updated": gettext_lazy("figures changed"),
    "observations_removed": gettext_lazy("figures removed"),
    "schools_created": gettext_lazy("schools added"),
    "grades": gettext_lazy("grades taught"),
    "members": gettext_lazy("members"),
    "comment": gettext_lazy("comment"),
    "owner_comment": gettext_lazy("the owner's comment"),
    "as": gettext_lazy("on behalf of"),
    "scopes": gettext_lazy("What the token may read"),
    "revoked": gettext_lazy("revoked"),
    "code": gettext_lazy("code"),
    "name_nb": gettext_lazy("name (Bokmål)"),
    "name_nn": gettext_lazy("name (Nynorsk)"),
    "name_en": gettext_lazy("name (English)"),
    "unit": gettext_lazy("unit"),
    "school_year": gettext_lazy("school year"),
    "spot_check": gettext_lazy("spot check"),
    "dimension": gettext_lazy("area of the questionnaire"),
    "measure": gettext_lazy("measure"),
    "owner_approved_at": gettext_lazy("approved by the owner"),
    "school_approved_at": gettext_lazy("approved by the school"),
    "owner_signed_at": gettext_lazy("signed by the owner"),
    "school_signed_at": gettext_lazy("signed by the school"),
    "status": gettext_lazy("status"),
    "status_at": gettext_lazy("status set"),
    "changed_at": gettext_lazy("last changed"),
    "first_year": gettext_lazy("first school year"),
    "last_year": gettext_lazy("last school year"),
    "answered_by": gettext_lazy("answered by"),
    "answered_at": gettext_lazy("answered"),
    "state": gettext_lazy("state"),
    "owner_approved_by": gettext_lazy("approved for the owner by"),
    "school_approved_by": gettext_lazy("approved for the school by"),
    "owner_signed_by": gettext_lazy("signed for the owner by"),
    "school_signed_by": gettext_lazy("signed for the school by"),
    "closed_at": gettext_lazy("closed"),
}
# Keys that hold ids of people, shown by their names.
PEOPLE = frozenset({"members"})
# Keys not shown: an id the next line of the log names anyway (the copy carried over), a
# position in a list.
HIDDEN = frozenset({"carried_to", "order"})
# Counts that say nothing when nought.
COUNTS = frozenset(
    {"observations_created", "observations_updated", "observations_removed", "schools_created"}
)
COMPARATORS = {"at_least": gettext_lazy("at least"), "at_most": gettext_lazy("at most")}
# A target as the plans' models name it ("Trivsel at_least 3.5"), and a version ("… v2").
TARGET = re.compile(r"^(?P<indicator>.*) (?P<comparator>at_least|at_most) (?P<target>-?[\d.]+)$")
VERSION = re.compile(r"^(?P<name>.*) v(?P<number>\d+)$")
ISO_DAY = re.compile(r"\b\d{4}-\d\d-\d\d\b")
CLOCK = re.compile(r"^(\d\d:\d\d):\d\d(\.\d+)?$")
# Codes some keys hold, in words (a model may name its own with AUDIT_CHOICES = {field: choices}).
VALUES = {
    "copied_from": {
        "kvam": gettext_lazy("the Kvam model"),
        "empty": gettext_lazy("nothing (an empty cycle)"),
    },
    "as": {"owner": gettext_lazy("the school owner"), "school": gettext_lazy("the school")},
    "format": {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "csv": "CSV"},
}
VALUES["fmt"] = VALUES["format"]
PUPILS = re.compile(r"^pupils (\S+) grade (\d+)$")


@dataclass
class Line:
    event: AuditEvent
    sentence: str
    changes: list[tuple[str, str, str]]

    @property
    def said(self) -> list[str]:
        """Each change as a sentence in the reader's language, the field by its label."""
        return [said(self.event.action, *change) for change in self.changes]


EMPTY = "–"  # what _value gives for an empty value: never shown on its own
FIGURE = re.compile(r"[-−\d\s\u00a0,.%]+")


def _quoted(value: str) -> str:
    """A value in «quotes» unless it is a number: «Planlagt», but 30."""
    return value if FIGURE.fullmatch(value) else f"«{value}»"


def said(action: str, label: str, old: str, new: str) -> str:
    """A change as a sentence: «Status endret fra «Planlagt» til «Pågår»», what a removed thing
    held («Status var «Planlagt»»), what a new one holds, or that a field was emptied."""
    values = {"field": capfirst(label), "old": _quoted(old), "new": _quoted(new)}
    if action == "delete" and new == EMPTY:
        return _("%(field)s was %(old)s") % values
    if old == EMPTY and action != "update":
        return _("%(field)s: %(new)s") % values
    if old == EMPTY:
        return _("%(field)s set to %(new)s (it was empty)") % values
    if new == EMPTY:
        return _("%(field)s emptied (it was %(old)s)") % values
    return _("%(field)s changed from %(old)s to %(new)s") % values


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


def _number(value: int | float) -> str:
    """A number as pages show it: decimal comma, as many decimals as it has (at most three)."""
    decimals = 0 if float(value).is_integer() else min(len(repr(float(value)).split(".")[1]), 3)
    return present.number(value, decimals)


def _value(field, value, labels: dict | None = None, people: dict | None = None) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value == SECRET_CHANGED:
        return _("changed (not shown)")
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
    if isinstance(value, list):
        return ", ".join(_value(None, v, labels, people) for v in value)
    if people is not None:
        return people.get(value, "–")
    if labels and value in labels:
        return str(labels[value])
    if isinstance(value, str) and (renamed := _renamed(field, value)) is not None:
        return renamed
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str) and len(value) == 10 and (day := _parsed(parse_date, value)):
        return present.date(day)
    if isinstance(value, str) and len(value) > 18 and (moment := _parsed(parse_datetime, value)):
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return present.moment(local)
    if isinstance(value, str) and (clock := CLOCK.match(value)):
        return clock[1]
    text = strip_tags(str(value)) if "<" in str(value) else str(value)
    return Truncator(_named(text)).chars(200)


def _renamed(field, value: str) -> str | None:
    """A related thing's name kept in its writer's language, in the reader's: by the related
    model's audit_name (an indicator's)."""
    model = getattr(field, "related_model", None)
    return model.audit_name(value) if hasattr(model, "audit_name") else None


def _named(text: str) -> str:
    """A thing's name as a user reads it: a target in words, days as days."""
    if match := TARGET.match(text):
        target = float(match["target"])
        return f"{match['indicator']}: {COMPARATORS[match['comparator']]} {_number(target)}"
    return ISO_DAY.sub(lambda m: _value(None, m[0]), text)


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
        if key in (texts := _texts(model)):
            return str(texts[key][0]), None
    return str(KEYS.get(key, key.replace("_", " "))), None


def _texts(model) -> dict:
    """{key: (label, …)} of the texts an object keeps under keys (a status report's chapters)."""
    return getattr(model, "audit_texts", {})


def _people(events) -> dict:
    Person = apps.get_model("organisations", "Person")  # an app above audit: looked up

    ids = {
        i
        for e in events
        for key, pair in (e.changes or {}).items()
        if key in PEOPLE and isinstance(pair, list)
        for side in pair
        if isinstance(side, list)
        for i in side
    }
    return {p.pk: str(p) for p in Person.objects.filter(pk__in=ids)} if ids else {}


# Things whose stored name holds words of the writer's language (a questionnaire round's
# audience, a round's import): named anew from the thing itself while it exists.
# By kind, what its name reads besides the thing (loaded with it).
LIVE_NAMES: dict[str, tuple[str, ...]] = {
    "knowledge.import": (),
    "surveys.round": ("instrument",),
    "knowledge.indicator": (),
    "plans.criterion": ("indicator",),
}


def _things(events) -> dict[tuple[str, str], object]:
    """The things of LIVE_NAMES the events name, one query per kind: {(kind, id): thing}."""
    ids: dict[str, set[int]] = {}
    for e in events:
        if e.object_type in LIVE_NAMES and e.object_id.isdigit():
            ids.setdefault(e.object_type, set()).add(int(e.object_id))
    found: dict[tuple[str, str], object] = {}
    for kind, pks in ids.items():
        model = _model(AuditEvent(object_type=kind))
        if model is None:
            continue
        rows = model.objects.filter(pk__in=pks)
        if LIVE_NAMES[kind]:
            rows = rows.select_related(*LIVE_NAMES[kind])
        found.update({(kind, str(thing.pk)): thing for thing in rows})
    return found


def _live_name(event: AuditEvent, things: dict) -> str:
    """The thing's name in the reader's language while the thing is as it was named then
    (its name then, in one of the languages, is the stored one); else the stored name, so
    that a line never says what the thing became later."""
    thing = things.get((event.object_type, event.object_id))
    if thing is None:
        return event.object_repr
    for language in LANGUAGES:
        with translation.override(language):
            named_then = str(thing)[:300] == event.object_repr
        if named_then:
            return str(thing)  # in the reader's language
    return event.object_repr


LANGUAGES = ("nb", "nn", "en")
NAMED_DAY = re.compile(r"^(?P<file>.*) \((?P<day>[^()]+)\)$")


def _undone_import(event: AuditEvent) -> tuple[str, str, str]:
    """(sentence, file, day) for an undone import: «angret importen av «elev.csv» fra 3. desember
    2026», the file and day from the import itself, else from the name the log kept."""
    Import = apps.get_model("knowledge", "Import")  # an app above audit: looked up
    batch = Import.objects.filter(pk=event.object_id).first() if event.object_id.isdigit() else None
    if batch is not None and batch.at is not None:
        file, day = batch.title, present.date(batch.at)
    elif match := NAMED_DAY.match(event.object_repr):
        file, day = match["file"], _named(match["day"])
    else:
        return str(SENTENCES["undo_import"]), event.object_repr, ""
    return _("%(who)s undid the import of «%(what)s» from %(day)s"), file, day


def describe(event: AuditEvent, people: dict | None = None, things: dict | None = None) -> Line:
    """The event as a sentence and its changes as (label, before, after) in the reader's
    language. `people` ({id: name}) names the people a change lists, `things` the things whose
    names follow the reader (both from describe_all, loaded once for a page of events)."""
    model = _model(event)
    if things is None:
        things = _things([event])
    name, number, day = _live_name(event, things), "", ""
    if event.object_type.endswith("version") and (match := VERSION.match(name)):
        name, number = match["name"], match["number"]
    template = (
        SENTENCES.get((event.action, event.object_type))
        or SENTENCES.get(event.action)
        or _("%(who)s %(verb)s %(kind)s «%(what)s»")
    )
    if event.action == "undo_import" and event.object_type == "knowledge.import":
        template, name, day = _undone_import(event)
    sentence = str(template) % {
        "who": event.actor_name if event.actor_name != "system" else _("The system"),
        "verb": VERBS.get(event.action, event.action.replace("_", " ")),
        "kind": kind_of(event.object_type),
        "what": _named(name),
        "number": number,
        "day": day,
    }
    if people is None:
        people = _people([event])
    changes = {}
    for key, pair in (event.changes or {}).items():
        if key in HIDDEN or (key == "import" and event.action == "undo_import"):
            continue  # an undone import's file is in the sentence
        label, field = _key(model, key)
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if key in COUNTS and not old and not new:
            continue
        if key == "grades" and all(isinstance(v, list) and len(v) == 2 for v in (old, new) if v):
            old, new = (f"{v[0]}–{v[1]}" if v else None for v in (old, new))
        labels = _labels(model, key)
        who = people if key in PEOPLE else None
        shown = (_value(field, old, labels, who), _value(field, new, labels, who))
        if shown[0] != shown[1]:
            changes[key] = (label, *shown)
    if "comparator" in changes and "target" in changes:  # one line: "target value: at least 3,5"
        (_label, *way), (label, *value) = changes.pop("comparator"), changes["target"]
        both = [
            " ".join(p for p in pair if p != "–") or "–" for pair in zip(way, value, strict=True)
        ]
        changes["target"] = (label, *both)
    return Line(event, re.sub(r"\s+", " ", sentence), list(changes.values()))


def describe_all(events) -> list[Line]:
    events = list(events)
    people, things = _people(events), _things(events)
    return [describe(e, people, things) for e in events]
