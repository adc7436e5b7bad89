"""A plan's and the quality plan's text as items that keep their identity, and what changed
between two versions in words: an item whose target or text changed is one change, not a removal
and an addition.

An item is {"key": "criterion:12", "depth": 2, "label": "Success criterion", "text": "…",
"subject": "…", "target": "…"}: `subject` and `target` only where the item has a target. Its
line in the version's text is the label and the text, indented by depth."""

from django.utils import translation
from django.utils.translation import gettext as _

from skolekvalitet.documents import present
from skolekvalitet.documents.versions import version_diff

from .models import DevelopmentPlan, Goal
from .texts import criterion_text, indicator_with_grade, target_text


def _item(key: str, depth: int, label: str, text: str, subject="", target="") -> dict:
    item = {"key": key, "depth": depth, "label": label, "text": text}
    return {**item, "subject": subject, "target": target} if target else item


def line(item: dict) -> str:
    text = f"{item['label']}: {item['text']}" if item["label"] else item["text"]
    return "  " * item["depth"] + text


def text_of(items: list[dict]) -> str:
    return "\n".join(line(i) for i in items)


def _has_target(c) -> bool:
    return c.indicator is not None and getattr(c, "kind", "indicator") != "sign"


def plan_items(plan: DevelopmentPlan) -> list[dict]:
    """The plan's items in the owner's language: names and labels, never codes; numbers and
    dates as the reader writes them."""
    with translation.override(plan.school.owner.default_language):
        items = [_item("plan", 0, "", f"{plan.school} – {plan.school_year}")]
        for area in plan.focus_areas.all():
            items.append(_item(f"area:{area.pk}", 0, _("Focus area"), area.title))
            for goal in Goal.objects.filter(focus_area=area).order_by("parent_id", "order", "pk"):
                what = _("Sub-goal") if goal.parent_id else _("Goal")
                items.append(_item(f"goal:{goal.pk}", 1, what, goal.text))
                for c in goal.criteria.select_related("indicator"):
                    subject = indicator_with_grade(c.indicator, c.grade) if _has_target(c) else ""
                    target = target_text(c) if _has_target(c) else ""
                    label = _("Success criterion")
                    items.append(
                        _item(f"criterion:{c.pk}", 2, label, criterion_text(c), subject, target)
                    )
                for m in goal.measures.select_related("responsible"):
                    when = f"{present.short_date(m.start)} – {present.short_date(m.end)}"
                    status = m.get_status_display().lower()
                    text = f"{m.title} ({m.responsible}, {when}, {status})"
                    items.append(_item(f"measure:{m.pk}", 2, _("Measure"), text))
        for m in plan.milestones.all():
            text = f"{present.short_date(m.date)} {m.title} ({m.get_kind_display().lower()})"
            items.append(_item(f"milestone:{m.pk}", 0, _("Milestone"), text))
        return items


def quality_items(quality) -> list[dict]:
    """The quality plan's items in the owner's language, one per thing it holds."""
    with translation.override(quality.owner.default_language):
        title = f"{quality.title} ({quality.first_year}–{quality.last_year})"
        items = [_item("plan", 0, "", title)]
        goal_label = _("The owner's goal")
        for p in quality.priorities.prefetch_related("goals__indicator", "measures"):
            text = p.title + (f" – {p.goal}" if p.goal else "")
            items.append(_item(f"priority:{p.pk}", 0, _("Priority area"), text))
            for g in p.goals.all():
                if _has_target(g):
                    subject = f"{g.text} ({indicator_with_grade(g.indicator, g.grade)})"
                    text = f"{g.text} ({criterion_text(g)})"
                    items.append(
                        _item(f"goal:{g.pk}", 1, goal_label, text, subject, target_text(g))
                    )
                else:
                    items.append(_item(f"goal:{g.pk}", 1, goal_label, g.text))
            for m in p.measures.all():
                text = f"{m.title} ({m.get_status_display().lower()})"
                items.append(_item(f"measure:{m.pk}", 1, _("Measure"), text))
        return items


def _changed(old: dict, new: dict) -> str:
    same = old["label"] == new["label"] and old.get("subject", "") == new.get("subject", "")
    if same and old.get("target") and new.get("target"):  # the text is subject and target
        return _("%(what)s “%(item)s”: the target changed from %(old)s to %(new)s") % {
            "what": new["label"],
            "item": new["subject"],
            "old": old["target"],
            "new": new["target"],
        }
    if old["label"] == new["label"] and new["label"]:
        return _("%(what)s changed from “%(old)s” to “%(new)s”") % {
            "what": new["label"],
            "old": old["text"],
            "new": new["text"],
        }
    return _("“%(old)s” changed to “%(new)s”") % {
        "old": line(old).strip(),
        "new": line(new).strip(),
    }


def changes(older, newer) -> list[tuple[str, str]]:
    """What changed from one version (or the plan as it is now) to another, in words: ("added",
    the line), ("changed", a sentence) or ("removed", the line), in the newer text's order with
    what was removed last. Each item is followed by its identity; versions kept before items
    were compare their lines."""
    if not (older.items and newer.items):
        return _changes_in_lines(older, newer)
    before = {i["key"]: i for i in older.items}
    after = {i["key"] for i in newer.items}
    out = []
    for item in newer.items:
        old = before.get(item["key"])
        if old is None:
            out.append(("added", line(item).strip()))
        elif line(old) != line(item):
            out.append(("changed", _changed(old, item)))
    out += [("removed", line(i).strip()) for i in older.items if i["key"] not in after]
    return out


def _changes_in_lines(older, newer) -> list[tuple[str, str]]:
    """The difference of two texts' lines without a diff's markers and line numbers."""
    out = []
    for diff_line in version_diff(older, newer):
        if diff_line.startswith(("+++", "---", "@@")) or diff_line[:1] not in "+-":
            continue
        out.append(("added" if diff_line[0] == "+" else "removed", diff_line[1:].strip()))
    return out
