"""Issue 19 (a user tester on the audit log): each change is a sentence with the field's label in
the reader's language («Status endret fra «Planlagt» til «Pågår»»), an empty value is said in
words, never a bare dash, and no field of the plans or the dialogues is named by its code."""

import datetime
import re

import pytest
from django.apps import apps
from django.urls import reverse

from skolekvalitet.audit.log import SECRET_FIELDS
from skolekvalitet.audit.sentences import HIDDEN, KEYS
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import Goal, Measure


def _words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize(
    ("language", "changed", "emptied", "removed"),
    [
        (
            "nb",
            "Status endret fra «Planlagt» til «Pågår»",
            "Ressurser: feltet er nå tomt (var «To timar»)",
            "Status var «Pågår»",
        ),
        (
            "nn",
            "Status endra frå «Planlagt» til «Pågår»",
            "Ressursar: feltet er no tomt (var «To timar»)",
            "Status var «Pågår»",
        ),
    ],
)
def test_each_change_reads_as_a_sentence(world, login, language, changed, emptied, removed):
    year = current_school_year()
    plan = actions.create_plan(world.principal_a, world.school_a, year)
    goal = Goal.objects.create(focus_area=plan.focus_areas.first(), text="Elevane les meir")
    measure = Measure(
        goal=goal,
        title="Lesekvart",
        responsible=world.principal_a,
        start=datetime.date(year.start_year, 9, 1),
        end=datetime.date(year.start_year + 1, 6, 1),
        resources="To timar",
    )
    actions.save_item(world.principal_a, plan, measure)
    measure.status = "ongoing"
    actions.save_item(world.principal_a, plan, measure)
    measure.resources = ""
    actions.save_item(world.principal_a, plan, measure)
    actions.delete_item(world.principal_a, plan, measure)
    page = _words(login(world.admin, language).get(reverse("audit", args=[world.owner.slug])))
    assert changed in page and emptied in page and removed in page
    assert "→" not in page and " – " not in page.split("Ressurs")[1].split("Status")[0]
    assert not re.search(r"\b(status_at|changed_at|responsible|resources)\b", page)
    # Each line's moment as every page says one: «3. desember 2026 kl. 14.05».
    assert not re.search(r"\d\d[./]\d\d[./]\d{4}", page)
    assert re.search(r"\d{1,2}\.? \w+ \d{4}(,| kl\.) \d\d[.:]\d\d", page)


def test_no_field_a_user_writes_is_named_by_its_code():
    """Every field the log may list of the plans' and the dialogues' things has a label."""
    unnamed = []
    for label in ("plans", "dialogues"):
        for model in apps.get_app_config(label).get_models():
            name = model._meta.model_name
            if name.endswith("version") or name in ("reminder", "feedtoken"):
                continue  # kept by the system, never listed field by field
            for field in model._meta.concrete_fields:
                if (
                    field.primary_key
                    or field.name in SECRET_FIELDS
                    or getattr(field, "auto_now", False)
                    or getattr(field, "auto_now_add", False)
                ):
                    continue
                if getattr(field, "_verbose_name", None) is None and not (
                    field.name in KEYS or field.name in HIDDEN
                ):
                    unnamed.append(f"{model._meta.label_lower}.{field.name}")
    assert not unnamed


def test_no_bokmal_text_holds_a_nynorsk_word():
    """«personsida» (nn) was said on a Bokmål page; the Bokmål catalogue says «personsiden»."""
    import polib
    from django.conf import settings

    nynorsk = re.compile(
        r"\b(personsida|ikkje|frå|korleis|skuleeigar\w*|prøvar|godkjend\w*|Milepål|høgst|"
        r"elevar|lærarar|berre|enno)\b"
    )
    path = settings.LOCALE_PATHS[0] / "nb" / "LC_MESSAGES" / "django.po"
    wrong = [
        text
        for entry in polib.pofile(str(path))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if nynorsk.search(text)
    ]
    assert not wrong
