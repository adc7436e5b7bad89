"""A survey's scores come into the knowledge base as an import named in plain words (issue 19):
the school, the survey, who answered and the day it opened, never an ISO date or brackets
inside brackets."""

import re

from django.core.management import call_command
from django.utils import translation

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
    assert re.fullmatch(rf"{re.escape(batch.file_name)} \(\d+\. \w+ \d{{4}}\)", name)
    assert not re.search(r"\d{4}-\d\d-\d\d", name) and "((" not in name and "))" not in name
    call_command("imports", owner=world.owner.slug, language="nn")
    out = capsys.readouterr().out
    assert batch.file_name in out and not re.search(r"\d{4}-\d\d-\d\d", out)
