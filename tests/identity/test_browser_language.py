"""Before log-in the pages follow the browser's languages (Accept-Language): Nynorsk for nn,
Bokmål for nb and no, English for en, else Bokmål. A logged-in person keeps their own choice."""

import re

import pytest
from django.urls import reverse

WORDS = {"nb": "Glemt passordet?", "nn": "Gløymt passordet?", "en": "Forgotten your password?"}


def language_of(page: str) -> str:
    shown = [code for code, word in WORDS.items() if word in page]
    assert len(shown) == 1, shown
    assert re.search(rf'<html lang="{shown[0]}"', page)
    return shown[0]


@pytest.mark.parametrize(
    "header, expected",
    [
        ("nn", "nn"),
        ("nn-NO,nn;q=0.9,en;q=0.5", "nn"),
        ("nb", "nb"),
        ("nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en-US;q=0.6,en;q=0.5", "nb"),
        ("no", "nb"),
        ("no,en;q=0.5", "nb"),
        ("no-NO,no;q=0.9,en-US;q=0.8,en;q=0.7", "nb"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,de;q=0.9", "nb"),
        ("", "nb"),
    ],
)
def test_the_login_page_follows_the_browser(db, client, header, expected):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert language_of(page) == expected


def test_a_logged_in_person_keeps_their_own_language(world, login):
    world.admin.language = "nn"
    world.admin.save(update_fields=["language"])
    client = login(world.admin, language=None)
    page = client.get(reverse("account_language"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nn"' in page
