"""Every URL of the site × every persona × GET and POST, against the table in
docs/reference/access.md: the expected answer, no write by anyone the table refuses, and no foreign
data (other owners, other schools, the principal's private talk) in any page.

A URL whose view does not declare an access rule (organisations.access.access_rule) fails here, and
so does a rule the table does not describe.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.organisations.access import RULES
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role
from tests.conftest import PASSWORD

ACCESS_MD = Path(__file__).parents[2] / "docs" / "reference" / "access.md"


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of a marked table in access.md as {column: cell}."""
    text = ACCESS_MD.read_text(encoding="utf-8")
    body = re.search(
        rf"<!-- access-table:{name} -->\n(.*?)<!-- /access-table:{name} -->", text, re.S
    )
    lines = [line.strip().strip("|").split("|") for line in body[1].strip().splitlines()]
    header = [cell.strip() for cell in lines[0]]
    return [dict(zip(header, (c.strip() for c in line), strict=True)) for line in lines[2:]]


TABLE = {row["persona"]: row for row in read_table("rules")}
# Who each persona of the table is: (role, where) with where "owner", "a" (school A, whose
# objects the walk visits), "b" (another school of the owner) or "other" (another owner).
CAST = {
    "anonymous": None,
    "owner administrator": (Role.OWNER_ADMIN, "owner"),
    "politician": (Role.POLITICIAN, "owner"),
    "owner-wide union representative": (Role.UNION_REP, "owner"),
    "principal": (Role.PRINCIPAL, "a"),
    "school leader": (Role.SCHOOL_LEADER, "a"),
    "teacher": (Role.TEACHER, "a"),
    "union representative": (Role.UNION_REP, "a"),
    "safety representative": (Role.UNION_REP, "a"),
    "pupil council": (Role.PUPIL_REP, "a"),
    "parents' council": (Role.PARENT_REP, "a"),
    "principal at school B": (Role.PRINCIPAL, "b"),
    "school leader at school B": (Role.SCHOOL_LEADER, "b"),
    "teacher at school B": (Role.TEACHER, "b"),
    "union representative at school B": (Role.UNION_REP, "b"),
    "pupil council at school B": (Role.PUPIL_REP, "b"),
    "parents' council at school B": (Role.PARENT_REP, "b"),
    "other owner's administrator": (Role.OWNER_ADMIN, "other"),
    "other owner's teacher": (Role.TEACHER, "other"),
}
PERSONAS = list(TABLE)
OBJECTS = {
    row["object"]: {n.strip() for n in row["readers"].split(",")} for row in read_table("objects")
}
TALK_READERS = next(v for k, v in OBJECTS.items() if "development talk" in k)
RESULT_READERS = next(v for k, v in OBJECTS.items() if "results.xlsx" in k)
OK, REDIRECT = 200, 302
# Text that must never reach a persona: other owners' and other schools' names, and anything of
# the principal's development talk.
OWNER2 = ["SECRETOWNER", "SECRETOTHER", "SECRETOUTSIDER"]
TALK = "SECRETTALK"
# A final or published status report covers all the owner's schools by design (it goes to the
# council, and the owner may publish it); drafts are hidden from everyone but the owner's
# administrators (tests/reporting). A calendar feed's secret address is its credential (the
# administrator's here); tests/dialogues prove that it holds only its person's events.
OWNER_WIDE_DOCUMENTS = {"report_preview", "public_report", "ical_feed"}
# The published report's files, and the page saying they are being made (the owner's name).
OWNER_WIDE_DOCUMENTS |= {
    f"{n}_{fmt}" for n in ("report_published", "public_report") for fmt in ("pdf", "docx")
}
# Open data covers all the owner's schools by design, once the owner publishes it.
OWNER_WIDE_DOCUMENTS |= {
    "open_figures_csv",
    "open_reports_csv",
    "open_data_home",
    "open_figures_xlsx",
}


def _english() -> set[str]:
    """English source texts long enough to be unmistakable, whose Nynorsk differs: none of them
    may reach a Nynorsk page (a message left out of the catalogue, or text never marked)."""
    import polib

    root = Path(__file__).parents[2] / "src" / "skolekvalitet" / "locale"
    catalogue = polib.pofile(str(root / "nn" / "LC_MESSAGES" / "django.po"))
    return {
        e.msgid
        for e in catalogue
        if e.msgstr
        and e.msgstr != e.msgid
        and len(e.msgid) >= 9
        and " " in e.msgid
        and not re.search(r"%|\{|<|&", e.msgid)
    }


ENGLISH = _english() | {"- Select an option -"}  # Django 6.1's empty choice
LEFTOVERS = re.compile(r">\s*None\s*<|\{[a-z_.]+\}|%\([a-z_]+\)s|\bnan\b")


def untranslated(body: str) -> list[str]:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", "", body, flags=re.S)
    found = [m for m in ENGLISH if m in text]
    found += LEFTOVERS.findall(text)
    return found


def forbidden(persona: str) -> list[str]:
    cast = CAST[persona]
    words = [] if persona in TALK_READERS else [TALK]
    if cast is None:
        return [*words, "Alfheim", "SECRETB", "Fjordvik", *OWNER2]
    role, where = cast
    if where == "other":
        return [*words, "Alfheim", "SECRETB", "Rita Rektor"]
    if where == "b":
        return [*words, "Alfheim", "Rita Rektor", "Lars Lærar", *OWNER2]
    if role in (Role.OWNER_ADMIN, Role.POLITICIAN):
        return [*words, *OWNER2]
    return [*words, "SECRETB", *OWNER2]


def site_urls(patterns=None):
    """Every named URL pattern of the site."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":  # Django's admin site: superusers only (below)
                yield from site_urls(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def test_it_has_an_access_rule_for_every_url():
    undeclared = [
        p.name or str(p.pattern)
        for p in site_urls()
        if getattr(p.callback, "access_rule", None) not in RULES
    ]
    assert undeclared == [], f"URLs without a declared access rule: {undeclared}"


def test_the_table_describes_every_rule_and_persona():
    used = {p.callback.access_rule for p in site_urls() if hasattr(p.callback, "access_rule")}
    columns = set(next(iter(TABLE.values()))) - {"persona"}
    assert used <= columns, f"rules missing from docs/reference/access.md: {used - columns}"
    assert set(RULES) == columns, "a column for a rule that does not exist, or the reverse"
    assert set(CAST) == set(TABLE)


def year_day(year, month: int, day: int) -> datetime.date:
    return datetime.date(year.start_year + (month < 8), month, day)


@pytest.fixture
def cast(world) -> dict[str, Person | None]:
    people: dict[str, Person | None] = {
        "anonymous": None,
        "owner administrator": world.admin,
        "principal": world.principal_a,
        "teacher": world.teacher_a,
        "principal at school B": world.principal_b,
        "other owner's administrator": world.outsider,
    }
    for i, (persona, spec) in enumerate(CAST.items()):
        if persona in people:
            continue
        role, where = spec
        person = Person.objects.create_user(f"p{i}@walk.example", PASSWORD, name=f"Walker {i}")
        owner = world.other_owner if where == "other" else world.owner
        school = {"a": world.school_a, "b": world.school_b, "other": world.other_school}.get(where)
        Membership.objects.create(person=person, owner=owner, school=school, role=role)
        people[persona] = person
    return people


@pytest.fixture
def objects(world) -> dict:
    """School A's objects of every kind the URLs take, the private talk's among them."""
    from skolekvalitet.api.models import OpenData
    from skolekvalitet.dialogues import actions as dialogues
    from skolekvalitet.dialogues.models import (
        Agreement,
        Contribution,
        Cycle,
        Meeting,
        Proposal,
        Task,
    )
    from skolekvalitet.knowledge.models import Import
    from skolekvalitet.organisations.schoolyears import current_school_year
    from skolekvalitet.plans.models import (
        DevelopmentPlan,
        FocusArea,
        Goal,
        Priority,
        QualityPlan,
        SpotCheck,
        SpotCheckCase,
        SpotCheckFinding,
    )
    from skolekvalitet.reporting.models import ReportJob, StatusReport
    from skolekvalitet.surveys import actions as surveys
    from skolekvalitet.surveys.models import Interpretation

    OpenData.objects.create(owner=world.owner, published=True)
    year = current_school_year()
    plan, _ = DevelopmentPlan.objects.get_or_create(school=world.school_a, school_year=year)
    goal = Goal.objects.create(focus_area=FocusArea.objects.create(plan=plan, title="L"), text="G")
    quality = QualityPlan.objects.create(
        owner=world.owner, title="K", first_year=year, last_year=year
    )
    priority = Priority.objects.create(quality_plan=quality, title="P")
    report, made = StatusReport.objects.get_or_create(
        owner=world.owner, school_year=year, defaults={"status": "published", "public": True}
    )
    if made:  # published as the product publishes: a version with its frozen copy
        from skolekvalitet.reporting import actions as reporting
        from skolekvalitet.reporting import published

        version = reporting.save_version(world.admin, report)
        published.freeze_copy(report, version, published.documents_now(report))
    job, _ = ReportJob.objects.get_or_create(report=report, fmt="pdf", language="nb")
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
    (staff_round,) = surveys.launch(
        world.admin,
        world.owner.instruments.get(code="plc"),
        [world.school_a],
        "staff",
        year_day(year, 9, 1),
        year_day(year, 6, 30),
    )
    Interpretation.objects.create(round=round_, reading="Lesing", actions="Tiltak")
    if not Cycle.objects.filter(owner=world.owner, school_year=year).exists():
        dialogues.create_cycle(world.admin, world.owner, year)
    check = SpotCheck.objects.create(
        school=world.school_a, school_year=year, date=year_day(year, 10, 1)
    )
    case = SpotCheckCase.objects.create(
        spot_check=check, label="Sak 1", **dict.fromkeys(SpotCheckCase.STEPS, "ok")
    )
    finding = SpotCheckFinding.objects.create(
        spot_check=check, requirement="plan", finding="Ingen skriftleg plan"
    )
    proposal = Proposal.objects.create(
        group=dialogues.group_for(world.owner), author=world.admin, text="Trivst du?"
    )
    instrument = world.owner.instruments.get(code="pupils")
    dimension = instrument.dimensions.first()
    found = {}
    for kind in ("dialogue", "talk"):
        meetings = getattr(Meeting, "with_talk", Meeting.objects)
        meeting = meetings.filter(school=world.school_a, event__kind=kind).first()
        secret = TALK if kind == "talk" else "Lesing"
        agreement = Agreement.objects.create(
            meeting=meeting,
            area="learning",
            what=f"{secret} avtale",
            responsible=world.principal_a,
            deadline=year_day(year, 12, 1),
            follow_up=year_day(year, 11, 1),
        )
        task = Task.objects.create(
            meeting=meeting,
            title=f"{secret} oppgåve",
            responsible=world.principal_a,
            deadline=year_day(year, 11, 1),
        )
        meetings.filter(pk=meeting.pk).update(state="approved", decisions=f"{secret} vedtak")
        found[kind] = (meeting, agreement, task)
    values = {
        "slug": world.owner.slug,
        "uidb64": "MQ",
        "token": "set-password",
        "year": year.code,
        "job": job.pk,
        "round_pk": round_.pk,
        "meeting_pk": found["dialogue"][0].pk,
        "agreement_pk": found["dialogue"][1].pk,
        "code": round_.codes.first().code,
        "pk": world.school_a.pk,
        "task_pk": found["dialogue"][2].pk,
        "case_pk": case.pk,
        "finding_pk": finding.pk,
        "proposal_pk": proposal.pk,
        "event_pk": found["dialogue"][0].event_id,
        "contribution_pk": Contribution.objects.create(
            meeting=found["dialogue"][0], author=world.teacher_a, role="teacher", text="Innspel"
        ).pk,
        "dimension_pk": dimension.pk,
        "item_pk": dimension.items.first().pk,
        "instrument_pk": instrument.pk,
        "import_pk": Import.objects.create(
            owner=world.owner, format="tidy-csv", file_name="x.csv", file_hash="0"
        ).pk,
    }
    # the item a plan's or the quality plan's edit and delete URLs take
    entries = {"plan_entry": ("goal", goal.pk), "quality_entry": ("priority", priority.pk)}
    return {
        "entries": entries,
        "values": values,
        "talk": found["talk"],
        "world": world,
        "staff_round": staff_round,
        "instrument": instrument,
    }


def _kwargs(objects, pattern: URLPattern, *, talk: bool = False) -> dict:
    from skolekvalitet.dialogues import actions as dialogues

    world, values = objects["world"], dict(objects["values"])
    if talk:
        values["meeting_pk"], values["agreement_pk"], values["task_pk"] = (
            o.pk for o in objects["talk"]
        )
    name = pattern.name
    if name.startswith("answer_staff"):
        values["round_pk"] = objects["staff_round"].pk
    if name == "membership_delete":
        values["pk"] = Membership.objects.get(person=world.teacher_a).pk
    elif name == "ical_feed":
        values["token"] = dialogues.feed_token(world.admin).token
    elif name.startswith("instrument_"):
        values["pk"] = objects["instrument"].pk
    values["fmt"] = "pdf" if name == "plan_export" else "csv"
    for prefix, (kind, entry) in objects["entries"].items():
        if name.startswith(prefix):
            values["kind"], values["entry"] = kind, entry
    # A parameter the walk has no object for gets a value that finds nothing, so the URL shows
    # up as a failure for everyone who should have reached it.
    return {k: values.get(k, 999999) for k in pattern.pattern.converters}


def _check(response, cell: str, method: str, public: bool) -> bool:
    status = response.status_code
    if status == 405:
        return True  # a write's own URL refuses GET, and a page POST, from everyone alike
    to_login = (
        not public and status == REDIRECT and "/accounts/login/" in response.get("Location", "")
    )
    if cell == "login":
        return to_login
    if cell in ("401", "403", "404", "403|404"):
        return str(status) in cell.split("|")
    if status == 500 or to_login:
        return False
    if method == "GET":
        return status in (OK, REDIRECT, 204)
    if cell == "r":
        return status == 403
    if cell == "own":
        return True  # whether it is theirs is the object's rule (tests/dialogues)
    return status not in (403, 404)


def _walk(client, persona: str, person, objects, patterns, *, talk: bool = False) -> list[str]:
    client.raise_request_exception = False  # a 500 is a finding, and the walk goes on
    failures = []
    words = forbidden(persona)
    for pattern in patterns:
        rule = pattern.callback.access_rule
        cell = TABLE[persona][rule]
        if talk and persona not in TALK_READERS and cell != "login":
            # Nothing of the talk exists for anyone who could otherwise reach the URL (404); a
            # rule that refuses them whatever the object may say so first (403).
            cell = "404" if cell != "403" else "403|404"
        if pattern.name == "round_export" and persona not in RESULT_READERS and cell in ("r", "rw"):
            cell = "403"
        url = reverse(pattern.name, kwargs=_kwargs(objects, pattern, talk=talk))
        response = client.get(url)
        if not _check(response, cell, "GET", rule.startswith("public")):
            failures.append(f"GET {url} ({rule}, {cell}): {response.status_code}")
        elif (
            response.status_code == OK
            and response.get("Content-Type", "").startswith("text/")
            and pattern.name not in OWNER_WIDE_DOCUMENTS
        ):
            body = response.content.decode()
            leaked = [s for s in words if s in body]
            if leaked:
                failures.append(f"GET {url}: shows {leaked}")
            english = untranslated(body)
            if english:
                failures.append(f"GET {url}: untranslated in Nynorsk {english[:5]}")
        with transaction.atomic():
            before = AuditEvent.objects.count()
            response = client.post(url)
            wrote = AuditEvent.objects.count() != before
            transaction.set_rollback(True)
        if not _check(response, cell, "POST", rule.startswith("public")):
            failures.append(f"POST {url} ({rule}, {cell}): {response.status_code}")
        if wrote and cell not in ("rw", "own"):
            failures.append(f"POST {url} ({rule}, {cell}): wrote")
        if person is not None and "_auth_user_id" not in client.session:
            client.force_login(person)  # the walk posted to a logout
    return failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_walks_every_url_as_every_persona(world, cast, objects, client, persona):
    if cast[persona] is not None:
        client.force_login(cast[persona])
    client.cookies["django_language"] = "nn"
    patterns = list(site_urls())
    failures = _walk(client, persona, cast[persona], objects, patterns)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_nothing_of_the_private_talk_exists_for_anyone_else(world, cast, objects, client, persona):
    if cast[persona] is not None:
        client.force_login(cast[persona])
    client.cookies["django_language"] = "nn"
    patterns = [
        p
        for p in site_urls()
        if hasattr(p.callback, "access_rule")
        and {"meeting_pk", "agreement_pk"} & set(p.pattern.converters)
    ]
    assert patterns
    failures = _walk(client, persona, cast[persona], objects, patterns, talk=True)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", ["owner administrator", "teacher", "anonymous"])
def test_it_keeps_the_admin_site_for_superusers(cast, client, persona):
    if cast[persona] is not None:
        client.force_login(cast[persona])
    response = client.get("/admin/")
    assert response.status_code == REDIRECT
    assert "/admin/login/" in response["Location"]
