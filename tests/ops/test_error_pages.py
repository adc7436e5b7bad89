"""The error pages: 404 and 403 in the reader's language, 500 in both written languages with the
request id to quote, and no traceback."""

import pytest
from django.urls import reverse


@pytest.fixture
def failing(client, monkeypatch):
    def boom():
        raise RuntimeError("SECRET internal detail")

    monkeypatch.setattr("skolekvalitet.ops.health.problems", boom)
    client.raise_request_exception = False
    return client


def test_the_500_page_speaks_three_languages_and_gives_the_reference(failing, db):
    response = failing.get(reverse("healthz"), headers={"X-Request-ID": "abcdef12-trace"})
    text = response.content.decode()
    assert response.status_code == 500 and response["X-Request-ID"] == "abcdef12-trace"
    assert "Noe gikk galt hos oss" in text and "Noko gjekk gale hos oss" in text
    assert "Something went wrong on our side" in text and text.count("<h1") == 1
    assert "abcdef12-trace" in text and "SECRET" not in text


@pytest.mark.parametrize(
    ("language", "words"), [("nb", "Det finnes ingenting her"), ("nn", "Det finst ingenting her")]
)
def test_the_404_page_speaks_the_readers_language(world, login, language, words):
    response = login(world.admin, language).get("/o/no-such-owner/nothing/")
    assert response.status_code == 404 and words in response.content.decode()


def test_the_403_page_speaks_the_readers_language(world, login):
    response = login(world.teacher_a, "nn").get(reverse("job_list", args=["fjordvik"]))
    assert response.status_code == 403 and "Rolla di gir ikkje lov til dette." in response.text


@pytest.mark.parametrize(
    ("language", "words"),
    [("nb", "Dette kan ikke åpnes som en side"), ("nn", "Dette kan ikkje opnast som ei side")],
)
def test_a_wrong_method_gets_a_page_in_the_readers_language(world, login, language, words):
    response = login(world.admin, language).get(reverse("job_retry", args=["fjordvik"]))
    assert response.status_code == 405 and words in response.text and response["Allow"] == "POST"
