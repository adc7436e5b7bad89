"""The indicator catalogue shows names and plain explanations, never the raw codes (they stay
in the data behind the page)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Indicator


def _read(html: str) -> str:
    """What a reader sees: the text outside tags, scripts and attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("query", ["mobbing", ""])
def test_the_catalogue_shows_no_raw_codes(world, login, query):
    sync_catalogue()
    url = reverse("indicators", args=[world.owner.slug]) + (f"?q={query}" if query else "")
    page = login(world.admin, "nb").get(url).content.decode()
    text = _read(page)
    assert "Mobbing på skolen" in text
    codes = set(Indicator.objects.filter(owner=None).values_list("code", flat=True))
    shown = {code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)}
    assert shown == set(), shown


def test_the_catalogue_finds_an_indicator_by_its_grade(world, login):
    sync_catalogue()
    url = reverse("indicators", args=[world.owner.slug])
    text = _read(login(world.admin, "nn").get(url, {"q": "mobbing 7"}).content.decode())
    assert "Mobbing på skulen" in text
    assert "Nasjonale prøvar" not in text


def test_each_pupil_survey_index_says_what_it_asks_about(db):
    """The user test: eleven indexes shared one explanation that never said what «Meistring» or
    «Felles reglar» measures."""
    sync_catalogue()
    for prefix, count in (("ps_", 11), ("tenfactor_", 10)):  # and each 10-FAKTOR factor
        indexes = Indicator.objects.filter(owner=None, unit="index", code__startswith=prefix)
        for lang in ("nb", "nn", "en"):
            texts = [getattr(i, f"explanation_{lang}") for i in indexes]
            assert len(texts) >= count and len(set(texts)) == len(texts), (prefix, lang)


def test_every_role_reads_the_catalogue_and_only_administrators_add_to_it(world, login):
    """A principal choosing an indicator for a plan reads what it measures (the user test:
    they got 403); adding a local indicator stays the administrators'."""
    sync_catalogue()
    url = reverse("indicators", args=[world.owner.slug])
    add = reverse("indicator_add", args=[world.owner.slug])
    for person in (world.principal_a, world.teacher_a):
        page = login(person, "nn").get(url)
        assert page.status_code == 200 and "Mobbing på skulen" in _read(page.content.decode())
        assert add not in page.content.decode()  # no form to add with
        assert login(person).post(add, {"code": "x"}).status_code == 403
        assert login(person).post(url, {"code": "x"}).status_code == 405  # reading only
    assert add in login(world.admin).get(url).content.decode()
    assert login(world.outsider).get(url).status_code in (403, 404)


def test_a_teacher_set_grade_is_not_explained_as_an_exam(db):
    sync_catalogue()
    teacher = Indicator.objects.get(code="grade_teacher_maths", owner=None)
    assert "trekt ut" not in teacher.explanation_nn and "standpunkt" in teacher.explanation_nn
