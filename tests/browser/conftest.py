"""Browser journeys: Playwright driving Debian's Chromium, with axe-core on every page visited."""

import os
from pathlib import Path

import pytest

import skolekvalitet

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(skolekvalitet.__file__).parent / "site" / "static" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make install does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Pages:
    """A browser page that checks every page it visits with axe-core and watches for CSP
    violations and JavaScript errors."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"JS error: {error}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def axe(self) -> None:
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['html'][:120]})"
            for v in result["violations"]
        ]
        assert violations == [], f"axe on {self.page.url}:\n" + "\n".join(violations)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.axe()

    def settle(self) -> None:
        """After a click that loads a page: wait for it, then check it."""
        self.page.wait_for_load_state()
        self.axe()


@pytest.fixture
def pages(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(locale="nb-NO")
    wrapper = Pages(context.new_page(), live_server.url)
    yield wrapper
    context.close()
    assert wrapper.problems == []


@pytest.fixture(autouse=True)
def _no_published_files_in_the_request(monkeypatch):
    """Publishing starts the making of the version's four files (nb/nn × PDF/Word), which the
    worker does after the request; with the in-process task backend of the tests they would be
    made within the click and could outlast the browser's timeout. A test that needs the files
    makes them itself (tasks.make_published_files); tests/reporting checks the starting."""
    from skolekvalitet.reporting import tasks

    monkeypatch.setattr(tasks, "start_published_files", lambda actor, version: None)
