"""Reading a provider's discovery document refuses anything odd with a message, never a 500."""

import pytest
import requests
from django.utils import translation

from skolekvalitet.identity import discovery
from skolekvalitet.identity.discovery import DiscoveryError, discover

ISSUER = "https://idp.example"
GOOD = {
    "issuer": ISSUER,
    "authorization_endpoint": f"{ISSUER}/auth",
    "token_endpoint": f"{ISSUER}/token",
    "userinfo_endpoint": f"{ISSUER}/me",
    "jwks_uri": f"{ISSUER}/jwks",
}


class Answer:
    def __init__(self, document):
        self.document = document

    def raise_for_status(self):
        pass

    def json(self):
        if isinstance(self.document, Exception):
            raise self.document
        return self.document


@pytest.fixture
def serve(monkeypatch):
    def serve_(document):
        monkeypatch.setattr(discovery.requests, "get", lambda *a, **k: Answer(document))

    return serve_


def test_it_reads_a_good_document(serve):
    serve({**GOOD, "end_session_endpoint": f"{ISSUER}/logout"})
    found = discover(ISSUER + "/")
    assert found["token_endpoint"] == f"{ISSUER}/token" and found["sign_algorithm"] == "RS256"


@pytest.mark.parametrize(
    "document",
    [
        ValueError("not json"),
        ["a list"],
        {**GOOD, "token_endpoint": 42},
        {**GOOD, "jwks_uri": None},
        {**GOOD, "issuer": "https://elsewhere.example"},
        {**GOOD, "userinfo_endpoint": "http://idp.example/me"},
        {**GOOD, "end_session_endpoint": "ftp://idp.example/x"},
        {**GOOD, "id_token_signing_alg_values_supported": ["none"]},
        {**GOOD, "id_token_signing_alg_values_supported": ["HS256"]},
        {**GOOD, "authorization_endpoint": "https://idp.example/" + "a" * 600},
    ],
)
def test_it_refuses_an_odd_document(serve, document):
    serve(document)
    with pytest.raises(DiscoveryError):
        discover(ISSUER)


def test_it_refuses_an_unreachable_provider(monkeypatch):
    def fail(*args, **kwargs):
        raise requests.ConnectionError("down")

    monkeypatch.setattr(discovery.requests, "get", fail)
    with translation.override("en"), pytest.raises(DiscoveryError, match="Could not read"):
        discover(ISSUER)
