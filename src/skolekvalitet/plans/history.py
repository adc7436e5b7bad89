"""A plan's and the quality plan's text as items that keep their identity, and what changed
between two versions in words: an item whose target or text changed is one change, not a removal
and an addition.

An item is kept as data, never as finished words: {"key": "criterion:12", "depth": 2, "kind":
"criterion", …} with what the people wrote (titles, texts, names) and codes and values for the
rest (an indicator's names in every language, a grade, a comparator, a target, a status, a date
as ISO). `render` says it in the reader's language when it is shown: {"key", "depth", "label",
"text", and "subject" and "target" where the item has a target}. Its line in a version's text is
the label and the text, indented by depth.

Versions kept before items were data hold finished words in the owner's language (`items` with
"label" and "text", or only `text`): `stored` reads them back into data where the words say which
code they stand for, so they too are shown in the reader's language."""

import datetime
import re
from functools import cache

from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skolekvalitet.documents import present
from skolekvalitet.documents.versions import Change, Section, sections, version_diff

from .models import Criterion, DevelopmentPlan, Goal, MeasureStatus, Milestone
from .texts import with_grade

LANGUAGES = ("nb", "nn", "en")
# What each kind of item is called (its label), by kind.
LABELS = {
    "area": gettext_lazy("Focus area"),
    "goal": gettext_lazy("Goal"),
    "subgoal": gettext_lazy("Sub-goal"),
    "criterion": gettext_lazy("Success criterion"),
    "measure": gettext_lazy("Measure"),
    "milestone": gettext_lazy("Milestone"),
    "priority": gettext_lazy("Priority area"),
    "owner_goal": gettext_lazy("The owner's goal"),
    "owner_measure": gettext_lazy("Measure"),
}


def _label(kind: str) -> str:
    if kind == "evaluation":
        return _("Evaluation")
    return str(LABELS[kind]) if kind in LABELS else ""


def indicator_names(indicator) -> dict:
    """{language: the indicator's name} in every language."""
    return {lang: getattr(indicator, f"name_{lang}") for lang in LANGUAGES}


def unit_called(name_nb: str) -> str:
    """The unit of the indicator with this Bokmål name ("" when none is called so): for targets
    kept before their unit was."""
    from skolekvalitet.knowledge.models import Indicator

    return Indicator.objects.filter(name_nb=name_nb).values_list("unit", flat=True).first() or ""


def names_called(name: str) -> dict | None:
    """The names in every language of the indicator called `name` in one of them (None: no
    indicator is called so): for what was kept with one name only."""
    from skolekvalitet.knowledge.models import Indicator

    fields = [f"name_{lang}" for lang in LANGUAGES]
    for lang in LANGUAGES:
        found = Indicator.objects.filter(**{f"name_{lang}": name}).values(*fields).first()
        if found:
            return {lang: found[f"name_{lang}"] for lang in LANGUAGES}
    return None


def _target(item, data: dict) -> dict:
    """An indicator target's data: the indicator's names and unit, the grade, the way and the
    value."""
    return {
        **data,
        "indicator": indicator_names(item.indicator),
        "unit": item.indicator.unit,
        "grade": item.grade,
        "comparator": item.comparator or "",
        "target": item.target,
    }


def _has_target(c) -> bool:
    return c.indicator is not None and getattr(c, "kind", "indicator") != "sign"


def _evaluation(key: str, depth: int, of: str, verdict: str, text: str = "") -> dict:
    return {
        "key": key,
        "depth": depth,
        "kind": "evaluation",
        "of": of,
        "verdict": verdict,
        "text": text,
    }


def plan_items(plan: DevelopmentPlan) -> list[dict]:
    """The plan's items as data: what people wrote, and codes and values for the rest (with the
    evaluations people gave its milestones and described criteria)."""
    items = [
        {"key": "plan", "depth": 0, "kind": "plan", "text": f"{plan.school} – {plan.school_year}"}
    ]
    for area in plan.focus_areas.all():
        items.append({"key": f"area:{area.pk}", "depth": 0, "kind": "area", "text": area.title})
        for goal in Goal.objects.filter(focus_area=area).order_by("parent_id", "order", "pk"):
            kind = "subgoal" if goal.parent_id else "goal"
            items.append({"key": f"goal:{goal.pk}", "depth": 1, "kind": kind, "text": goal.text})
            for c in goal.criteria.select_related("indicator"):
                data = {"key": f"criterion:{c.pk}", "depth": 2, "kind": "criterion"}
                if _has_target(c):
                    items.append(_target(c, data))
                    continue
                items.append({**data, "text": c.description})
                if c.verdict:
                    short = present.shorten(c.description, 60)
                    items.append(_evaluation(f"verdict:{c.pk}", 3, short, c.verdict))
            for m in goal.measures.select_related("responsible"):
                items.append(
                    {
                        "key": f"measure:{m.pk}",
                        "depth": 2,
                        "kind": "measure",
                        "title": m.title,
                        "responsible": str(m.responsible),
                        "start": m.start.isoformat(),
                        "end": m.end.isoformat(),
                        "status": m.status,
                    }
                )
    for m in plan.milestones.all():
        items.append(
            {
                "key": f"milestone:{m.pk}",
                "depth": 0,
                "kind": "milestone",
                "title": m.title,
                "date": m.date.isoformat(),
                "milestone_kind": m.kind,
            }
        )
        if m.evaluation or m.verdict:
            items.append(_evaluation(f"evaluation:{m.pk}", 1, m.title, m.verdict, m.evaluation))
    return items


def quality_items(quality) -> list[dict]:
    """The quality plan's items as data, one per thing it holds, the priorities in the owner's
    order."""
    title = f"{quality.title} ({quality.first_year}–{quality.last_year})"
    items = [{"key": "plan", "depth": 0, "kind": "plan", "text": title}]
    for p in quality.priorities.order_by("order", "pk").prefetch_related(
        "goals__indicator", "measures"
    ):
        text = p.title + (f" – {p.goal}" if p.goal else "")
        items.append({"key": f"priority:{p.pk}", "depth": 0, "kind": "priority", "text": text})
        for g in p.goals.all():
            data = {"key": f"goal:{g.pk}", "depth": 1, "kind": "owner_goal", "text": g.text}
            items.append(_target(g, data) if _has_target(g) else data)
        for m in p.measures.all():
            items.append(
                {
                    "key": f"measure:{m.pk}",
                    "depth": 1,
                    "kind": "owner_measure",
                    "title": m.title,
                    "status": m.status,
                }
            )
    return items


def _choice(choices, code: str) -> str:
    return str(dict(choices).get(code, "")) if code else ""


def _day(iso: str) -> str:
    return present.date(datetime.date.fromisoformat(iso))


def indicator_name(names: dict, grade: int | None) -> str:
    """The indicator's name in the reader's language, with the grade unless there is none or
    the name already says it (as texts.indicator_with_grade)."""
    return with_grade(names.get(present.current_language()) or names.get("nb") or "", grade)


def _target_text(item: dict) -> str:
    if item.get("target") is None:
        return present.DASH
    way = _choice(Criterion.Comparator.choices, item.get("comparator", ""))
    unit = item["unit"] if "unit" in item else unit_called(item["indicator"].get("nb", ""))
    return f"{way} {present.target(item['target'], unit)}".strip()


def render(item: dict) -> dict:
    """The item in the reader's language: {"key", "depth", "label", "text"} and "subject" and
    "target" where it has a target."""
    kind = item.get("kind", "")
    out = {"key": item.get("key"), "depth": item.get("depth", 0), "label": _label(kind)}
    if "indicator" in item:
        subject = indicator_name(item["indicator"], item.get("grade"))
        target = _target_text(item)
        if kind == "owner_goal":
            text = f"{item['text']} ({subject}: {target})"
            subject = f"{item['text']} ({subject})"
        else:
            text = f"{subject}: {target}"
        return {**out, "text": text, "subject": subject, "target": target}
    if kind == "measure" and "status" in item:
        when = f"{_day(item['start'])} – {_day(item['end'])}"
        status = _choice(MeasureStatus.choices, item["status"]).lower()
        text = f"{item['title']} ({item['responsible']}, {when}, {status})"
    elif kind == "owner_measure" and "status" in item:
        status = _choice(MeasureStatus.choices, item["status"]).lower()
        text = f"{item['title']} ({status})"
    elif kind == "milestone" and "date" in item:
        what = _choice(Milestone.Kind.choices, item["milestone_kind"]).lower()
        text = f"{_day(item['date'])} {item['title']} ({what})"
    elif kind == "evaluation":
        out["label"] = _("Evaluation of “%(what)s”") % {"what": item["of"]}
        verdict = _choice(Criterion.Verdict.choices, item.get("verdict", ""))
        text = " – ".join(t for t in (verdict, item.get("text", "")) if t) or present.DASH
    else:
        text = item.get("text", "")
    return {**out, "text": text}


def line(item: dict) -> str:
    text = f"{item['label']}: {item['text']}" if item["label"] else item["text"]
    return "  " * item["depth"] + text


def text_of(items: list[dict]) -> str:
    """Items (data) as the lines of a version's text, in the reader's language."""
    return "\n".join(line(render(i)) for i in items)


def owner_text(items: list[dict], owner) -> str:
    """Items as a version's text in the owner's language: the text kept with each version."""
    with translation.override(owner.default_language):
        return text_of(items)


# Versions kept before items were data: their words read back into codes.


@cache
def _words() -> dict:
    """{"labels": {label: kind}, "status": {word: code}, …} in every language."""
    words = {"labels": {}, "status": {}, "milestone": {}, "comparator": {}, "verdict": {}}
    for lang in LANGUAGES:
        with translation.override(lang):
            for kind, msgid in LABELS.items():
                words["labels"].setdefault(str(msgid), kind)
            for key, choices in (
                ("status", MeasureStatus.choices),
                ("milestone", Milestone.Kind.choices),
                ("comparator", Criterion.Comparator.choices),
                ("verdict", Criterion.Verdict.choices),
            ):
                for code, label in choices:
                    words[key][str(label).lower()] = code
    return words


DAY = r"(\d\d)[./](\d\d)[./](\d{4})"
MEASURE = re.compile(rf"^(?P<title>.*) \((?P<who>.*), {DAY} – {DAY}, (?P<status>[^,()]+)\)$")
OWNER_MEASURE = re.compile(r"^(?P<title>.*) \((?P<status>[^()]+)\)$")
MILESTONE = re.compile(rf"^{DAY} (?P<title>.*) \((?P<kind>[^()]+)\)$")
TARGET = re.compile(r"^(?P<way>\D+?) (?P<value>-?[\d\u00a0 ]+(?:[,.]\d+)?)(?:\u00a0?%)?$")
WITH_GRADE = re.compile(r"^(?P<name>.*), (?P<grade>\d+)\. (?:trinn|grade)$")
OWNER_SUBJECT = re.compile(r"^(?P<text>.*) \((?P<subject>[^()]*(?:\([^()]*\)[^()]*)*)\)$")


def _iso(day: str, month: str, year: str) -> str:
    return datetime.date(int(year), int(month), int(day)).isoformat()


def _indicator_of(subject: str) -> tuple[dict, int | None] | None:
    """The indicator's names and the grade an indicator with its grade was written as."""
    grade, name = None, subject
    if match := WITH_GRADE.match(subject):
        name, grade = match["name"], int(match["grade"])
    names = names_called(name)
    if names is None:
        return None
    if grade is None and (g := re.search(r"(\d+)\. trinn", names["nb"])):
        grade = int(g[1])
    return names, grade


def _read_target(item: dict, data: dict, subject: str) -> dict | None:
    words = _words()
    match = TARGET.match(item.get("target", ""))
    found = _indicator_of(subject)
    if not (match and found) or match["way"].lower() not in words["comparator"]:
        return None
    value = float(re.sub(r"[\u00a0 ]", "", match["value"]).replace(",", "."))
    names, grade = found
    comparator = words["comparator"][match["way"].lower()]
    return {**data, "indicator": names, "grade": grade, "comparator": comparator, "target": value}


def _kind_of(item: dict, quality: bool) -> str:
    key = (item.get("key") or "").split(":")[0]
    by_key = {
        "plan": "plan",
        "area": "area",
        "criterion": "criterion",
        "milestone": "milestone",
        "priority": "priority",
        "goal": "owner_goal" if quality else "goal",
        "measure": "owner_measure" if quality else "measure",
    }
    label_kind = _words()["labels"].get(item.get("label", ""))
    if key == "goal" and not quality and label_kind == "subgoal":
        return "subgoal"
    if key in by_key:
        return by_key[key]
    if label_kind == "measure" and quality:
        return "owner_measure"
    if label_kind == "goal" and quality:
        return "owner_goal"
    return label_kind or ("plan" if not item.get("label") else "")


def from_words(item: dict, quality: bool = False) -> dict:
    """An item kept as finished words ({"key", "depth", "label", "text", …}) as data, where
    its words say which codes they stand for; else its text as it was written."""
    kind = _kind_of(item, quality)
    text = item.get("text", "")
    data = {"key": item.get("key"), "depth": item.get("depth", 0), "kind": kind}
    if not kind:  # a line nobody can place: shown as it was
        return {**data, "kind": "line", "text": line({**item, "depth": 0}).strip()}
    words = _words()
    if kind == "criterion" and item.get("subject"):
        return _read_target(item, data, item["subject"]) or {**data, "text": text}
    if kind == "owner_goal" and item.get("subject"):
        match = OWNER_SUBJECT.match(item["subject"])
        own = {**data, "text": match["text"]} if match else {}
        return (match and _read_target(item, own, match["subject"])) or {**data, "text": text}
    if kind == "measure" and (m := MEASURE.match(text)):
        status = words["status"].get(m["status"].lower())
        if status:
            days = m.groups()[2:8]
            return {
                **data,
                "title": m["title"],
                "responsible": m["who"],
                "start": _iso(*days[:3]),
                "end": _iso(*days[3:]),
                "status": status,
            }
    m = OWNER_MEASURE.match(text) if kind == "owner_measure" else None
    if m and (status := words["status"].get(m["status"].lower())):
        return {**data, "title": m["title"], "status": status}
    m = MILESTONE.match(text) if kind == "milestone" else None
    if m and (what := words["milestone"].get(m["kind"].lower())):
        day = _iso(*m.groups()[:3])
        return {**data, "title": m["title"], "date": day, "milestone_kind": what}
    return {**data, "text": text}


def _from_text(text: str, quality: bool) -> list[dict]:
    """A version's text kept before items were: its lines as items without identity."""
    labels = _words()["labels"]
    items = []
    for raw in text.splitlines():
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        label, sep, rest = raw.strip().partition(": ")
        if not (sep and label in labels):
            label, rest = "", raw.strip()
        item = {"key": None, "depth": depth, "label": label, "text": rest}
        kind = labels.get(label)
        if kind == "criterion" and ": " in rest:  # "Trivsel, 7. trinn: minst 4"
            item["subject"], item["target"] = rest.rsplit(": ", 1)
        elif kind in ("goal", "owner_goal") and quality and rest.endswith(")") and ": " in rest:
            subject, target = rest[:-1].rsplit(": ", 1)  # "Mål (Trivsel, 7. trinn: minst 4)"
            item["subject"], item["target"] = f"{subject})", target
        items.append(item)
    return [from_words(i, quality) for i in items]


def stored(version, quality: bool = False) -> list[dict]:
    """A version's items as data, whenever and however they were kept."""
    if not version.items:
        return _from_text(version.text, quality)
    return [i if "kind" in i else from_words(i, quality) for i in version.items]


def _changed(old: dict, new: dict) -> Change:
    """An item changed, in a sentence with what it was in <del> and what it is in <ins>."""
    same = old["label"] == new["label"] and old.get("subject", "") == new.get("subject", "")
    if same and old.get("target") and new.get("target"):  # the text is subject and target
        sentence = _("%(what)s “%(item)s”: the target changed from %(old)s to %(new)s")
        words = {"item": new["subject"], "old": old["target"], "new": new["target"]}
    elif old["label"] == new["label"] and new["label"]:
        sentence = _("%(what)s changed from “%(old)s” to “%(new)s”")
        words = {"old": old["text"], "new": new["text"]}
    else:
        sentence = _("“%(old)s” changed to “%(new)s”")
        words = {"old": line(old).strip(), "new": line(new).strip()}
    marked = {
        "what": escape(new["label"]),
        "item": escape(words.get("item", "")),
        "old": format_html("<del>{}</del>", words["old"]),
        "new": format_html("<ins>{}</ins>", words["new"]),
    }
    return Change("changed", mark_safe(escape(sentence) % marked))


def _in_sections(items: list[dict]) -> list[tuple[str, dict]]:
    """Each item with the section it is in: the line of the item at the top it comes under."""
    out, title = [], ""
    for item in items:
        title = line(item).strip() if item["depth"] == 0 else title
        out.append((title, item))
    return out


def changes(older, newer, quality: bool = False) -> list[Section]:
    """What changed from one version (or the plan as it is now) to another, in words in the
    reader's language, per section (a focus area, a milestone, a priority): an item added, a
    sentence saying what changed, or an item removed, in the newer text's order with what was
    removed last. Each item is followed by its identity; versions kept before items were
    compare their lines."""
    old = [render(i) for i in stored(older, quality)]
    new = [render(i) for i in stored(newer, quality)]
    if not all(i["key"] for i in (*old, *new)):
        return version_diff(_as_text(older, old), _as_text(newer, new))
    before = {i["key"]: i for i in old}
    after = {i["key"] for i in new}
    out = []
    for title, item in _in_sections(new):
        was = before.get(item["key"])
        if was is None:
            out.append((title, Change("added", format_html("<ins>{}</ins>", line(item).strip()))))
        elif line(was) != line(item):
            out.append((title, _changed(was, item)))
    for title, item in _in_sections(old):
        if item["key"] not in after:
            out.append((title, Change("removed", format_html("<del>{}</del>", line(item).strip()))))
    return sections(out)


def _as_text(version, items: list[dict]):
    from types import SimpleNamespace

    return SimpleNamespace(number=version.number, text="\n".join(line(i) for i in items))


def version_text(version, quality: bool = False) -> str:
    """A version's text in the reader's language."""
    return text_of(stored(version, quality))
