"""A real OpenID Connect provider on 127.0.0.1 (tests/identity/oidc_provider.mjs, the certified
npm package `oidc-provider`), and helpers to log in through it with requests + Django's client."""

import json
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID, CLIENT_SECRET = "skolekvalitet-test", "test-client-secret-XYZZY"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_key(kid: str) -> tuple[rsa.RSAPrivateKey, dict]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    jwk.pop("key_ops", None)  # the provider signs and verifies (id_token_hint) with it
    return key, {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@dataclass
class Provider:
    issuer: str
    key: rsa.RSAPrivateKey  # the provider's own signing key (to forge tokens in tests)
    kid: str
    process: subprocess.Popen = field(repr=False)

    def sign(self, claims: dict, key=None, kid: str | None = None) -> str:
        return jwt.encode(
            claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid}
        )


def start_provider(redirect_uris: list[str], logout_uris: list[str]) -> Provider:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.skip("node or the oidc-provider package is missing: run make install")
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    key, jwk = new_key("test-key-1")
    config = {
        "issuer": issuer,
        "port": port,
        "jwks": {"keys": [jwk]},
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": logout_uris,
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
            }
        ],
    }
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config), "NODE_ENV": "test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            return Provider(issuer, key, "test-key-1", process)
        except requests.ConnectionError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the OIDC test provider did not start: {process.stdout.read()}")


def stop(provider: Provider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(5)
    except subprocess.TimeoutExpired:
        provider.process.kill()


@pytest.fixture(scope="session")
def oidc_provider():
    provider = start_provider(
        ["http://testserver/accounts/sso/callback/"], ["http://testserver/accounts/login/"]
    )
    yield provider
    stop(provider)


@pytest.fixture
def sso(world, oidc_provider, settings):
    """The owner (Fjordvik) set up with the test provider, accepting fjordvik.example."""
    from skolekvalitet.identity import actions
    from skolekvalitet.identity.models import LoginSettings

    settings.OIDC_ALLOW_HTTP = True
    ls = LoginSettings(owner=world.owner, discovery_url=oidc_provider.issuer, client_id=CLIENT_ID)
    actions.save_login_settings(world.admin, ls, {}, ["fjordvik.example"], CLIENT_SECRET)
    return ls


def provider_login(
    client,
    provider: Provider,
    login: str,
    start: str = "/accounts/sso/start/",
    browser: requests.Session | None = None,
    rewrite=None,
):
    """Start at Skolekvalitet (Django's test client), sign in at the provider (requests; pass
    `browser` to keep the provider's cookies between calls), and come back to the callback
    with the provider's answer (its query changed by `rewrite`, a function of the parsed query,
    when given). Returns the callback's response; `browser.asked_for_password` says whether
    the provider showed its log-in page."""
    response = client.get(f"{start}fjordvik/")
    assert response.status_code == 302, response
    browser = browser or requests.Session()
    browser.asked_for_password = False
    url = response["Location"]
    for _ in range(10):
        answer = browser.get(url, allow_redirects=False, timeout=10)
        if answer.status_code in (302, 303):
            url = requests.compat.urljoin(url, answer.headers["Location"])
            if url.startswith("http://testserver/"):
                break
            continue
        assert answer.status_code == 200, answer.text
        # The provider's development log-in page: any login, any password.
        browser.asked_for_password = True
        action = answer.text.split('action="', 1)[1].split('"', 1)[0]
        answer = browser.post(
            requests.compat.urljoin(url, action),
            data={"prompt": "login", "login": login, "password": "x"},
            allow_redirects=False,
            timeout=10,
        )
        url = requests.compat.urljoin(url, answer.headers["Location"])
    else:
        raise AssertionError("the provider never sent the browser back")
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if rewrite is not None:
        query = rewrite(query)
    return client.get(f"{parts.path}?{urlencode(query, doseq=True)}")
