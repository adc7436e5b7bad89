"""A survey's scores come into the knowledge base as an import named in plain words (issue 19):
the school, the survey, who answered and the day it opened, never an ISO date or brackets
inside brackets."""

import re

from django.core.management import call_command
from django.utils import translation

from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.knowledge.models import Import
from skolekvalitet.surveys import actions
from tests.surveys.test_surveys import _answer_all, _dates, _round


def test_a_survey_import_is_named_in_the_users_language_without_iso_dates(world, capsys):
    with translation.override("nn"):
        round_ = _round(world)
        _answer_all(round_, 6, value=4)
        actions.close(world.admin, round_)
    batch = Import.objects.get(format="self-assessment")
    opens, _closes = _dates()
    survey = round_.instrument.name_nn
    assert batch.file_name == f"Alfheim skule – {survey}, elevar, {opens.day}. august {opens.year}"
    with translation.override("nb"):
        name = str(batch)
    # Named anew in the reader's language (Bokmål here), whatever the writer's was.
    nb = f"Alfheim skule – {round_.instrument.name_nb}, elever, {opens.day}. august {opens.year}"
    assert re.fullmatch(rf"{re.escape(nb)} \(\d+\. \w+ \d{{4}}\)", name)
    assert not re.search(r"\d{4}-\d\d-\d\d", name) and "((" not in name and "))" not in name
    call_command("imports", owner=world.owner.slug, language="nn")
    out = capsys.readouterr().out
    assert batch.file_name in out and not re.search(r"\d{4}-\d\d-\d\d", out)


def test_the_knowledge_base_puts_no_brackets_inside_brackets(world, login):
    from django.urls import reverse

    with translation.override("nn"):
        round_ = _round(world)
        _answer_all(round_, 6, value=4)
        actions.close(world.admin, round_)
    # A share's unit has its own brackets: «del (%)».
    ours = world.school_a.org_number
    data = (
        "indicator;unit_kind;unit_code;school_year;grade;value\n"
        f"ps_bullying;school;{ours};2024-25;7;5\n"
    )
    apply_import(None, plan_import(world.owner, data.encode(), "mobbing.csv"))
    page = login(world.admin, language="nn").get(
        reverse("knowledge_base", args=[world.owner.slug, world.school_a.pk])
    )
    text = re.sub(r"<[^>]+>", " ", page.content.decode())
    assert "Alfheim skule – " in text  # the survey's figures, named by their import
    assert "))" not in text and "((" not in text


def test_history_and_audit_name_a_round_in_the_readers_language(world, login):
    from django.urls import reverse

    from skolekvalitet.audit.models import AuditEvent
    from skolekvalitet.audit.sentences import describe

    with translation.override("nb"):  # written by a Bokmål reader
        round_ = _round(world)
        _answer_all(round_, 6, value=4)
        actions.close(world.admin, round_)
    batch = Import.objects.get(format="self-assessment")
    assert ", elever, " in batch.file_name  # stored as written
    client = login(world.admin, language="nn")
    body = client.get(reverse("import_history", args=[world.owner.slug])).content.decode()
    assert f"Alfheim skule – {round_.instrument.name_nn}, elevar, " in body
    assert ", elever, " not in body and round_.instrument.name_nb not in body.split("<main")[1]
    with translation.override("nn"):
        lines = [describe(e) for e in AuditEvent.objects.filter(owner=world.owner)]
    text = " ".join(line.sentence for line in lines)
    assert "Elever (anonyme koder)" not in text and ", elever, " not in text
    assert any("Elevar (anonyme kodar)" in line.sentence for line in lines)


def test_undoing_a_rounds_import_names_it_in_the_readers_language(world):
    from skolekvalitet.knowledge.importing import undone_text
    from skolekvalitet.knowledge.store import Written

    with translation.override("nb"):
        round_ = _round(world)
        _answer_all(round_, 6, value=4)
        actions.close(world.admin, round_)
    batch = Import.objects.get(format="self-assessment")
    with translation.override("nn"):
        text = undone_text(batch, Written())
    assert f"Alfheim skule – {round_.instrument.name_nn}, elevar, " in text
    assert ", elever, " not in text
