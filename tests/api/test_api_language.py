"""The API's error answers and its operations' descriptions speak the request's language
(Accept-Language; Bokmål when none is asked for)."""

import pytest

from skolekvalitet.api import actions
from skolekvalitet.api.models import ApiToken

EXPECTED = {
    "nb": {
        401: "En gyldig lesenøkkel mangler.",
        403: "Denne nøkkelen kan ikke lese dette: den mangler tilgangen plans:read.",
        404: "Fant ingenting på denne adressen for denne nøkkelen.",
        422: "Sjekk parameterne: school må være et heltall.",
        429: "For mange kall med denne nøkkelen.",
        "revoked": "Denne nøkkelen er trukket tilbake",
        "summary": "Publiserte tall",
    },
    "nn": {
        401: "Ein gyldig lesenøkkel manglar.",
        403: "Denne nøkkelen kan ikkje lese dette: han manglar tilgangen plans:read.",
        404: "Fann ingenting på denne adressa for denne nøkkelen.",
        422: "Sjekk parametrane: school må vere eit heiltal.",
        429: "For mange kall med denne nøkkelen.",
        "revoked": "Denne nøkkelen er trekt tilbake",
        "summary": "Publiserte tal",
    },
}


@pytest.mark.parametrize("language", ["nb", "nn", None])
def test_error_answers_say_what_is_wrong_in_the_requests_language(
    world, client, token, settings, language
):
    expected = EXPECTED[language or "nb"]
    headers = {"Accept-Language": language} if language else {}
    slug = world.owner.slug

    def detail(path: str, secret: str | None, status: int) -> str:
        auth = {"Authorization": f"Bearer {secret}"} if secret else {}
        response = client.get(f"/api/v1{path}", headers={**headers, **auth})
        assert response.status_code == status, response.content
        return response.json()["detail"] if status != 200 else ""

    settings.API_RATE_LIMIT = 4
    figures_only = token(scopes=["figures:read"])
    assert detail("/owners", None, 401).startswith(expected[401])
    assert detail(f"/owners/{slug}/plans", figures_only, 403) == expected[403]
    assert detail(f"/owners/{world.other_owner.slug}", figures_only, 404) == expected[404]
    assert detail(f"/owners/{slug}/figures?school=abc", figures_only, 422) == expected[422]
    detail("/owners", figures_only, 200)
    assert detail("/owners", figures_only, 429).startswith(expected[429])
    actions.revoke_token(world.admin, ApiToken.objects.get())
    assert detail("/owners", figures_only, 401).startswith(expected["revoked"])

    document = client.get("/api/v1/openapi.json", headers=headers).json()
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert all(op.get("summary") and op.get("description") for op in operations)
    figures = document["paths"]["/api/v1/owners/{slug}/figures"]["get"]
    assert figures["summary"] == expected["summary"]


def test_the_api_page_says_the_documentation_is_a_technical_page_in_english(world, login):
    from django.urls import reverse

    client = login(world.admin)
    client.cookies["django_language"] = "nn"
    page = client.get(reverse("api_settings", args=[world.owner.slug])).content.decode()
    assert "teknisk side for utviklarar" in page
