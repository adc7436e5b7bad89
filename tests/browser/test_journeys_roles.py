"""Issue 17: every role, from logging in through their start page to the thing they do, on a
1366 px desktop and a 390 px phone. axe-core on every page visited (WCAG 2.1 A/AA, so
`landmark-unique` too), no sideways scrolling, and nothing of another school or of the
principal's development talk on any start page but its parties'. Where a journey tells someone
something, the e-mail is in the outbox in the recipient's language.

The demo is built once for the module inside a transaction that is rolled back at the end; each
test runs in its own savepoint. The site runs on a server thread that shares the test's database
connection, so it sees the demo and each test's changes, and what a test does is undone.
"""

import datetime
import re

import pytest
from django.core import mail
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections, transaction
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from skolekvalitet.demo import build_demo
from skolekvalitet.dialogues import actions
from skolekvalitet.dialogues.models import Contribution, Meeting, Task
from skolekvalitet.organisations.models import Person, School
from skolekvalitet.organisations.schoolyears import current_school_year
from tests.browser.conftest import Pages
from tests.browser.test_journey_school_people import _log_in

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHOOL = "Nordvik skule"
TALK_SECRET = "Leiarstøtte til rektor etter samtalen"  # a task in the development talk


class _Server(ThreadedWSGIServer):
    def _close_connections(self) -> None:
        """Keep the shared connection open: the module's demo lives in its transaction."""


class _Thread(LiveServerThread):
    server_class = _Server


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        MEDIA_ROOT=str(tmp_path_factory.mktemp("files")),
        AXES_ENABLED=False,
    )
    with fast, django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        talk = Meeting.with_talk.get(
            school__name=SCHOOL, event__kind="talk", event__cycle__school_year=current_school_year()
        )
        Task.with_talk.create(
            meeting=talk,
            title=TALK_SECRET,
            responsible=Person.objects.get(email="rektor.nordvik@demo.example"),
            deadline=talk.event.ends,
        )
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def site(demo):
    """The site on a thread that uses this thread's connection (and never closes it)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    connection = connections["default"]
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    connection.inc_thread_sharing()
    thread = _Thread("localhost", StaticFilesHandler, connections_override={"default": connection})
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://localhost:{thread.port}"
    finally:
        thread.terminate()
        connection.dec_thread_sharing()
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


class Journey(Pages):
    """Pages that also checks that nothing scrolls sideways, and remembers where it has been."""

    def __init__(self, page, base_url: str):
        super().__init__(page, base_url)
        self.visited: list[str] = []

    def axe(self) -> None:
        super().axe()  # WCAG 2.1 A and AA
        # Best practice, not WCAG, so not in the tags above: two landmarks of one kind need
        # names that tell them apart (a screen reader lists them).
        result = self.page.evaluate(
            "axe.run(document, {runOnly: {type: 'rule', values: ['landmark-unique']}})"
        )
        same = [n["html"][:120] for v in result["violations"] for n in v["nodes"]]
        assert same == [], f"landmark-unique on {self.page.url}: {same}"
        width = self.page.viewport_size["width"]
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{self.page.url} scrolls sideways: {wide} > {width} px"
        self.visited.append(self.page.url)

    def click(self, locator) -> None:
        locator.click()
        self.settle()

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()


def _meeting(kind: str, name_starts: str = "") -> Meeting:
    return (
        Meeting.objects.filter(
            school__name=SCHOOL,
            event__kind=kind,
            event__name__startswith=name_starts,
            event__cycle__school_year=current_school_year(),
        )
        .select_related("event", "school")
        .order_by("event__starts")
        .first()
    )


def _start_page(journey: Journey, email: str, *, parties: bool = False, owner_wide=False) -> str:
    """Log in; the start page must be what they land on, with nothing of the talk (unless they
    are its parties) or of another school (unless they work for the whole owner)."""
    _log_in(journey, email, "demo")
    page = journey.page
    assert page.url == journey.base_url + "/", page.url
    text = page.locator("main").inner_text()
    if not parties:
        assert TALK_SECRET not in text
        assert "Utviklingssamtale" not in text
    if not owner_wide:
        others = School.objects.exclude(name=SCHOOL).values_list("name", flat=True)
        assert [name for name in others if name in text] == []
    return text


def _nynorsk_date(day: datetime.date) -> str:
    with translation.override("nn"):
        return date_format(day, "DATE_FORMAT")


# The journeys --------------------------------------------------------------------------------


def owner_admin(journey: Journey) -> None:
    """A flagged school's data sheet; then minutes the school has approved, approved for the
    owner, which shows a teacher the task agreed in the meeting (told in Nynorsk)."""
    principal = Person.objects.get(email="rektor.nordvik@demo.example")
    teacher = Person.objects.get(email="laerar1.nordvik@demo.example")
    first = _meeting("dialogue")
    Meeting.objects.filter(pk=first.pk).update(
        state=Meeting.State.HELD,
        date=min(first.date, timezone.localdate()),
        owner_approved_at=None,
        owner_approved_by=None,
    )
    first.refresh_from_db()
    deadline = datetime.date(current_school_year().start_year + 1, 6, 15)
    task = actions.add_task(principal, first, "Les referatet med teamet", teacher, deadline)
    actions.approve(principal, first, as_owner=False)
    mail.outbox.clear()

    text = _start_page(journey, "admin@demo.example", parties=True, owner_wide=True)
    page = journey.page
    assert "Skular som er flagga for oppfølging" in text
    flagged = page.locator("h3:text-is('Skular som er flagga for oppfølging') + ul > li > a")
    school = flagged.first.inner_text()
    journey.click(flagged.first)
    assert school in journey.heading()
    assert page.url.endswith("/sheet/"), page.url  # the school's data sheet

    journey.goto("/")
    waiting = page.locator("li", has_text="Godkjenn referatet").get_by_role(
        "link", name=f"{first.event.name} – {SCHOOL}"
    )
    journey.click(waiting.first)
    journey.click(page.get_by_role("button", name="Godkjenn referatet for eigar"))
    first.refresh_from_db()
    assert first.locked
    (told,) = [m for m in mail.outbox if m.to == [teacher.email]]
    assert told.subject == f"Ny oppgåve til deg: {task.title}"
    assert f"Du er ansvarleg for oppgåva «{task.title}» ({SCHOOL})" in told.body
    assert f"Fristen er {_nynorsk_date(deadline)}." in told.body


def principal(journey: Journey) -> None:
    """The next meeting and its pack, given a time and place (the owner's administrator, who
    reads Bokmål, is told); then a task of theirs marked done."""
    admin = Person.objects.get(email="admin@demo.example")
    admin.language = "nb"
    admin.save(update_fields=["language"])
    mail.outbox.clear()

    text = _start_page(journey, "rektor.nordvik@demo.example", parties=True)
    assert TALK_SECRET in text  # the principal is a party to the talk
    page = journey.page
    journey.click(page.locator("h3:text-is('Neste møte') + ul > li > a").first)
    assert page.get_by_role("heading", name="Møtepakke").first.is_visible()
    page.get_by_text("Dato, tid og stad").click()
    page.locator("#schedule input[type=time]").fill("09:00")
    page.locator("#schedule input[name$=place]").fill("Personalrommet")
    journey.click(page.locator("#schedule button[type=submit]"))
    (told,) = [m for m in mail.outbox if m.to == [admin.email]]
    assert re.search(r"er (satt|flyttet) til \d{1,2}\. [a-zæøå]+ \d{4}", told.body), told.body
    assert told.body.startswith(f"Hei {admin.name},")

    journey.goto("/")
    mine = page.locator("h3:text-is('Oppgåvene mine') + ul > li > a")
    title = mine.first.inner_text()
    journey.click(mine.first)
    page.get_by_label(f"Status: {title}").select_option(label="Gjennomført")
    journey.click(
        page.locator("form", has=page.get_by_label(f"Status: {title}")).get_by_role("button")
    )
    assert (
        Task.with_talk.get(title=title, responsible__email="rektor.nordvik@demo.example").status
        == "done"
    )


def _give_input(journey: Journey, email: str, role: str, label: str, words: str) -> None:
    """From the start page to dialogue 3's pack, and input given there, marked by role."""
    third = _meeting("dialogue", "Leiardialog 3")
    _start_page(journey, email)
    page = journey.page
    journey.click(
        page.locator("h3:text-is('Møte du er med i') + ul > li > a").filter(
            has_text=third.event.name
        )
    )
    assert page.get_by_role("heading", name="Møtepakke").first.is_visible()
    page.get_by_label("Innspelet ditt til møtet").fill(words)
    journey.click(page.get_by_role("button", name=f"Send innspelet ditt som {label}"))
    (given,) = Contribution.objects.filter(meeting=third)
    assert (given.role, given.text, given.author.email) == (role, words, email)
    assert words in page.locator(".pack").inner_text()


def teacher(journey: Journey) -> None:
    """Input given, then changed on second thoughts (until the minutes are approved)."""
    _give_input(
        journey, "laerar1.nordvik@demo.example", "teacher", "Lærar", "Meir tid til lesing i team."
    )
    page = journey.page
    page.get_by_text("Endre eller slett innspelet ditt").click()
    journey.axe()  # the form open, on the phone too
    page.get_by_label("Endre innspelet ditt").fill("Meir tid til lesing i team, kvar veke.")
    journey.click(page.get_by_role("button", name="Lagre endringa"))
    assert "Innspelet ditt er endra." in page.content()
    (given,) = Contribution.objects.filter(author__email="laerar1.nordvik@demo.example")
    assert given.text == "Meir tid til lesing i team, kvar veke."
    assert given.text in page.locator(".pack").inner_text()


def union_rep(journey: Journey) -> None:
    _give_input(
        journey,
        "tillitsvald.nordvik@demo.example",
        "union_rep",
        "Tillitsvald eller verneombod",
        "Tillitsvalde ønskjer at planleggingstida blir verna.",
    )


def pupil_council(journey: Journey) -> None:
    _give_input(
        journey,
        "elevrad.nordvik@demo.example",
        "pupil_rep",
        "Elevråd",
        "Elevrådet vil ha fleire vaksne ute i friminutta.",
    )


def parents_council(journey: Journey) -> None:
    _give_input(
        journey,
        "fau.nordvik@demo.example",
        "parent_rep",
        "Føresetterepresentant (FAU)",
        "FAU ønskjer betre informasjon om leseveka.",
    )


def politician(journey: Journey) -> None:
    """The published report, then its one-page summary."""
    _start_page(journey, "politikar@demo.example", owner_wide=True)
    page = journey.page
    journey.click(
        page.get_by_role("link", name=re.compile(r"^Tilstandsrapport \d{4}-\d{2}$")).first
    )
    assert page.get_by_role("heading", level=1).count() == 1
    journey.goto("/")
    journey.click(
        page.get_by_role("link", name=re.compile("^Samandrag av tilstandsrapporten")).first
    )
    assert "Samandrag" in journey.heading()


JOURNEYS = {
    "owner admin": owner_admin,
    "principal": principal,
    "teacher": teacher,
    "union representative": union_rep,
    "pupil council": pupil_council,
    "parents' council": parents_council,
    "politician": politician,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", JOURNEYS)
def test_each_role_gets_from_the_start_page_to_what_they_do(
    browser, site, db, settings, role, size
):
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(locale="nb-NO", viewport=SIZES[size])
    journey = Journey(context.new_page(), site)
    try:
        JOURNEYS[role](journey)
    finally:
        context.close()
    assert journey.problems == []
    assert len(journey.visited) >= 4, journey.visited
