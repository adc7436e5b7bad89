"""Every URL of the site × every persona: the expected status, and no foreign data in the page.

A URL whose view does not declare an access rule (organisations.access.access_rule) fails here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from skolekvalitet.organisations.access import RULES
from skolekvalitet.organisations.models import Membership

PERSONAS = ["anonymous", "admin", "principal_a", "teacher_a", "principal_b", "outsider"]
OK, REDIRECT = 200, 302
EXPECTED = {
    "public": {key: {OK, REDIRECT} for key in PERSONAS} | {"anonymous": {OK}},
    "public_post": {key: {405, REDIRECT, 204} for key in PERSONAS},
    "authenticated": {key: {OK} for key in PERSONAS} | {"anonymous": {REDIRECT}},
    "owner_member": {
        "anonymous": {REDIRECT},
        "admin": {OK},
        "principal_a": {OK},
        "teacher_a": {OK},
        "principal_b": {OK},
        "outsider": {404},
    },
    "owner_admin": {
        "anonymous": {REDIRECT},
        "admin": {OK},
        "principal_a": {403},
        "teacher_a": {403},
        "principal_b": {403},
        "outsider": {404},
    },
    "school_view": {
        "anonymous": {REDIRECT},
        "admin": {OK},
        "principal_a": {OK},
        "teacher_a": {OK},
        "principal_b": {404},
        "outsider": {404},
    },
    "school_lead": {
        "anonymous": {REDIRECT},
        "admin": {403},
        "principal_a": {OK},
        "teacher_a": {403},
        "principal_b": {404},
        "outsider": {404},
    },
    "school_edit": {
        "anonymous": {REDIRECT},
        "admin": {OK},
        "principal_a": {OK},
        "teacher_a": {403},
        "principal_b": {404},
        "outsider": {404},
    },
}
# Text that must never reach a persona: other owners' and other schools' names.
OWNER2 = ["SECRETOWNER", "SECRETOTHER", "SECRETOUTSIDER"]
FORBIDDEN = {
    "anonymous": ["Alfheim", "SECRETB", "Fjordvik", *OWNER2],
    "admin": OWNER2,
    "principal_a": ["SECRETB", *OWNER2],
    "teacher_a": ["SECRETB", *OWNER2],
    "principal_b": ["Alfheim", "Rita Rektor", "Lars Lærar", *OWNER2],
    "outsider": ["Alfheim", "SECRETB", "Fjordvik", "Rita Rektor"],
}


# A final or published status report covers all the owner's schools by design (it goes to the
# council, and the owner may publish it); drafts are hidden from everyone but the owner's
# administrators (tests/reporting).
OWNER_WIDE_DOCUMENTS = {"report_preview", "public_report"}
# A calendar feed's secret address is its credential (the feed of the owner's administrator here);
# tests/dialogues prove that it holds only its person's events.
OWNER_WIDE_DOCUMENTS |= {"ical_feed"}


def site_urls(patterns=None, namespace=None):
    """(name, view) for every named URL of the site except Django's admin."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from site_urls(entry.url_patterns, entry.namespace)
        elif isinstance(entry, URLPattern):
            yield entry


def test_it_has_an_access_rule_for_every_url():
    undeclared = [
        p.name or str(p.pattern)
        for p in site_urls()
        if getattr(p.callback, "access_rule", None) not in RULES
    ]
    assert undeclared == [], f"URLs without a declared access rule: {undeclared}"


def test_it_covers_every_rule():
    used = {p.callback.access_rule for p in site_urls()}
    assert used == set(EXPECTED), "a rule without expectations, or expectations without a URL"


def year_day(year, month: int, day: int):
    import datetime

    return datetime.date(year.start_year + (month < 8), month, day)


def _kwargs(world, pattern: URLPattern) -> dict:
    from skolekvalitet.organisations.schoolyears import current_school_year
    from skolekvalitet.plans.models import DevelopmentPlan

    year = current_school_year()
    DevelopmentPlan.objects.get_or_create(school=world.school_a, school_year=year)
    from skolekvalitet.reporting.models import ReportJob, StatusReport

    report, _ = StatusReport.objects.get_or_create(
        owner=world.owner, school_year=year, defaults={"status": "published", "public": True}
    )
    job, _ = ReportJob.objects.get_or_create(report=report, fmt="pdf", language="nb")
    from skolekvalitet.surveys import actions as surveys

    round_ = world.school_a.survey_rounds.first()
    if round_ is None:
        surveys.install_library(world.owner)
        (round_,) = surveys.launch(
            world.admin,
            world.owner.instruments.get(code="pupils"),
            [world.school_a],
            "pupils",
            year_day(year, 9, 1),
            year_day(year, 12, 1),
            codes=3,
        )
    from skolekvalitet.dialogues import actions as dialogues
    from skolekvalitet.dialogues.models import Agreement, Cycle, Meeting

    if not Cycle.objects.filter(owner=world.owner, school_year=year).exists():
        dialogues.create_cycle(world.admin, world.owner, year)
    meeting = Meeting.objects.filter(school=world.school_a, event__kind="dialogue").first()
    Meeting.objects.filter(pk=meeting.pk).update(state="approved")
    agreement = Agreement.objects.filter(meeting=meeting).first() or Agreement.objects.create(
        meeting=meeting,
        area="learning",
        what="Lesing",
        responsible=world.principal_a,
        deadline=year_day(year, 12, 1),
        follow_up=year_day(year, 11, 1),
    )
    teacher_role = Membership.objects.get(person=world.teacher_a)
    values = {
        "slug": world.owner.slug,
        "uidb64": "MQ",
        "token": "set-password",
        "fmt": "csv",
        "year": year.code,
        "job": job.pk,
        "round_pk": round_.pk,
        "meeting_pk": meeting.pk,
        "agreement_pk": agreement.pk,
        "code": round_.codes.first().code,
    }
    values["pk"] = world.school_a.pk
    if pattern.name == "membership_delete":
        values["pk"] = teacher_role.pk
    elif pattern.name == "ical_feed":
        values["token"] = dialogues.feed_token(world.admin).token
    elif pattern.name == "instrument_edit":
        values["pk"] = world.owner.instruments.first().pk
    values["fmt"] = "pdf" if pattern.name == "plan_export" else "csv"
    return {k: values[k] for k in pattern.pattern.converters}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_walks_every_url_as_every_persona(world, login, persona):
    client = login(world.persona(persona))
    failures = []
    for pattern in site_urls():
        rule = pattern.callback.access_rule
        url = reverse(pattern.name, kwargs=_kwargs(world, pattern))
        response = client.get(url)
        if response.status_code not in EXPECTED[rule][persona]:
            failures.append(f"{url} ({rule}): {response.status_code}")
            continue
        if response.status_code == REDIRECT and rule not in ("public", "public_post"):
            assert response["Location"].startswith(reverse("login")), url
        if not response.get("Content-Type", "").startswith("text/"):
            continue  # files (PDF, DOCX): their access is what this test checks
        if pattern.name in OWNER_WIDE_DOCUMENTS:
            continue
        body = response.content.decode()
        leaked = [s for s in FORBIDDEN[persona] if s in body]
        if leaked:
            failures.append(f"{url}: shows {leaked}")
    assert failures == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_keeps_the_admin_site_for_superusers(world, login, persona):
    response = login(world.persona(persona)).get("/admin/")
    assert response.status_code == REDIRECT
    assert "/admin/login/" in response["Location"]
