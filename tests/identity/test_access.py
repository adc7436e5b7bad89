"""The access walk (tests/organisations/test_access_walk.py) over this app's URLs only: every
persona, GET and POST, against docs/reference/access.md."""

import pytest

from tests.organisations.test_access_walk import (  # noqa: F401  (fixtures)
    PERSONAS,
    _walk,
    cast,
    objects,
    site_urls,
)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_walks_the_identity_urls_as_every_persona(world, cast, objects, client, persona):  # noqa: F811
    if cast[persona] is not None:
        client.force_login(cast[persona])
    client.cookies["django_language"] = "en"
    patterns = [p for p in site_urls() if p.lookup_str.startswith("skolekvalitet.identity")]
    assert len(patterns) == 8
    assert _walk(client, persona, objects, patterns) == []
