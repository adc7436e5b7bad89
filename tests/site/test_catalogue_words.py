"""Issue 19: each language says the school's words one way. Nynorsk «møtepakka» and «godkjend»
(«godkjent» as neuter and supine, «godkjende» plural and definite), Bokmål «møtepakken» and
«godkjent»; a grade level is «trinn», never «steg» (which stays for the steps of a routine)."""

import re
from pathlib import Path

import polib
import pytest

import skolekvalitet

LOCALE = Path(skolekvalitet.__file__).parent / "locale"


def _entries(language: str) -> list[polib.POEntry]:
    return list(polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")))


def _texts(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()]


@pytest.mark.parametrize(
    ("language", "wrong"),
    [
        ("nn", r"møtepakken"),
        ("nn", r"\bgodkjente\b"),
        ("nb", r"møtepakka"),
        ("nb", r"\bgodkjend"),
    ],
)
def test_a_catalogue_never_uses_the_other_languages_form(language, wrong):
    found = [t for e in _entries(language) for t in _texts(e) if re.search(wrong, t, re.I)]
    assert found == []


def test_a_grade_level_is_trinn_in_nynorsk():
    about_grades = re.compile(r"\bstages?\b|\bgrades?\b|lower secondary|primary", re.I)
    found = [
        e.msgstr
        for e in _entries("nn")
        if about_grades.search(e.msgid) and re.search(r"steg", e.msgstr, re.I)
    ]
    assert found == []
