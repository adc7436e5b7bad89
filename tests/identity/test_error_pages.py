"""The server as `make demo` and `skolekvalitet serve` run it (no DEBUG in the environment):
friendly error pages in the reader's language, never Django's technical pages, and static
files still served (by whitenoise, from the apps' folders)."""

import json
import os
import subprocess
import sys

SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client

client = Client()
client.cookies["django_language"] = "nn"
missing = client.get("/finst-ikkje/")
bad = client.get("/", HTTP_HOST="ikkje ein vert!")
css = client.get("/static/site/site.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "missing": [missing.status_code, missing.content.decode()],
    "bad": [bad.status_code, bad.content.decode()],
    "css": [css.status_code, css.get("Content-Type", "")],
}))
"""


def served(tmp_path, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEBUG_PAGES")}
    clean.update(
        DJANGO_SETTINGS_MODULE="skolekvalitet.site.settings",
        SKOLEKVALITET_DATA_DIR=str(tmp_path),
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_server_shows_friendly_pages_in_nynorsk_and_no_addresses(tmp_path):
    found = served(tmp_path)
    assert found["debug"] is False
    status, page = found["missing"]
    assert status == 404 and '<html lang="nn"' in page
    assert "Fann ikkje sida" in page and "Det finst ingenting her" in page
    assert "URLconf" not in page and "accounts/sso/" not in page and "Traceback" not in page
    status, page = found["bad"]
    assert status == 400 and "Ugyldig førespurnad" in page and "DisallowedHost" not in page
    assert found["css"][0] == 200 and found["css"][1].startswith("text/css")


def test_a_developer_can_still_ask_for_the_technical_pages(tmp_path):
    found = served(tmp_path, DEBUG_PAGES="true")
    assert found["debug"] is True
    assert "URLconf" in found["missing"][1]
