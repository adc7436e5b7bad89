"""Issue 19: every kind of write the system audits reads in Bokmål and Nynorsk as a plain sentence
(a verb once, the thing by its name, values as a user sees them elsewhere), and a change to a
school's plan item is found when the log is filtered on that school."""

import ast
import datetime
import itertools
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import skolekvalitet
from skolekvalitet.audit.log import fill_schools
from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.audit.sentences import SENTENCES, VERBS, describe
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions as plans
from skolekvalitet.plans.models import Goal, Measure

SRC = Path(skolekvalitet.__file__).parent
AUDIT_CALLS = {"record", "audit", "record_for_person", "write"}


def _actions_in_code() -> set[str]:
    """Every action a call of the audit helpers (or knowledge.store.write) names in the code."""
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in AUDIT_CALLS:
                continue
            args = [*node.args[2:3], *(k.value for k in node.keywords if k.arg == "action")]
            if name == "record_for_person":
                args = node.args[1:2]
            for arg in args:
                for sub in ast.walk(arg):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        found.add(sub.value)
        for match in re.finditer(r'audit_action = "(\w+)"', path.read_text()):
            found.add(match[1])
    return found - {""}


# One of every write the code records: (action, object type, the object's name, changes), with
# the values the call sites store (codes, ISO dates, floats, ids).
DAY, MOMENT = "2026-10-01", "2026-10-01T12:21:09.123+00:00"
EVENTS = [
    ("create", "plans.developmentplan", "Granhaug skule 2026-27", {"copied_from": [None, None]}),
    (
        "create",
        "plans.developmentplan",
        "Granhaug skule 2027-28",
        {"copied_from": [None, "2026-27"]},
    ),
    (
        "submitted",
        "plans.developmentplan",
        "Granhaug skule 2026-27",
        {"status": ["draft", "submitted"]},
    ),
    (
        "approved",
        "plans.developmentplan",
        "Granhaug skule 2026-27",
        {"status": ["submitted", "approved"]},
    ),
    (
        "returned",
        "plans.developmentplan",
        "Granhaug skule 2026-27",
        {"status": ["submitted", "returned"]},
    ),
    ("comment", "plans.developmentplan", "Granhaug skule 2026-27", {"comment": [None, "Bra"]}),
    (
        "create",
        "plans.focusarea",
        "Lesing",
        {"plan": [None, "Granhaug skule 2026-27"], "title": [None, "Lesing"], "order": [None, 1]},
    ),
    (
        "create",
        "plans.goal",
        "Elevane les meir",
        {"focus_area": [None, "Lesing"], "text": [None, "Elevane les meir"]},
    ),
    (
        "create",
        "plans.criterion",
        "Trivsel at_least 3.5",
        {
            "goal": [None, "Elevane les meir"],
            "kind": [None, "indicator"],
            "indicator": [None, "Trivsel"],
            "grade": [None, 7],
            "comparator": [None, "at_least"],
            "target": [None, 3.5],
        },
    ),
    (
        "update",
        "plans.criterion",
        "Trivsel at_most 12.25",
        {"target": [3.5, 12.25], "comparator": ["at_least", "at_most"], "verdict": ["", "not met"]},
    ),
    (
        "delete",
        "plans.criterion",
        "Trivsel at_least 3.5",
        {"kind": ["sign", None], "target": [3.5, None]},
    ),
    (
        "update",
        "plans.measure",
        "Lesekvart",
        {
            "start": ["2026-09-01", "2026-09-02"],
            "status": ["planned", "ongoing"],
            "responsible": ["Kari Rektor", "Per Lærar"],
        },
    ),
    (
        "create",
        "plans.milestone",
        "Halvårsevaluering",
        {"date": [None, "2027-01-15"], "kind": [None, "interim"], "verdict": [None, "partly"]},
    ),
    ("create", "plans.spotcheck", "Kapittel 12", {"date": [None, DAY]}),
    (
        "create",
        "plans.spotcheckcase",
        "Sak 1",
        {"label": [None, "Sak 1"], "alert": [None, "deviation"], "note": [None, "x"]},
    ),
    ("delete", "plans.spotcheckcase", "Sak 1", {}),
    (
        "create",
        "plans.spotcheckfinding",
        "§ 12-3: Funn",
        {"requirement": [None, "prevent"], "finding": [None, "Funn"]},
    ),
    (
        "update",
        "plans.spotcheckfinding",
        "§ 12-3: Funn",
        {"answer": [None, "Svar"], "agreement": [None, "Avtale"], "measure": [None, "Tiltak"]},
    ),
    (
        "create",
        "plans.priority",
        "Lesing",
        {"quality_plan": [None, "Kvalitetsplan"], "title": [None, "Lesing"], "order": [None, 0]},
    ),
    (
        "update",
        "plans.qualitygoal",
        "Elevane les",
        {"target": [3.5, 4.25], "comparator": ["at_least", "at_most"], "grade": [None, 5]},
    ),
    (
        "delete",
        "plans.qualitymeasure",
        "Lesekurs",
        {"title": ["Lesekurs", None], "status": ["done", None]},
    ),
    (
        "update",
        "reporting.statusreport",
        "Demo herad 2026-27",
        {
            "assessment": ["<p>Gamal</p>", "<p>Ny <b>tekst</b></p>"],
            "a_environment": [None, "<p>Vår</p>"],
        },
    ),
    (
        "update",
        "reporting.statusreport",
        "Demo herad 2026-27",
        {"internal_control": [False, True], "public": [False, True]},
    ),
    ("version", "reporting.statusreport", "Demo herad 2026-27", {"version": [None, 3]}),
    ("status", "reporting.statusreport", "Demo herad 2026-27", {"status": ["draft", "final"]}),
    (
        "generate",
        "reporting.statusreport",
        "Demo herad 2026-27",
        {"format": [None, "pdf"], "language": [None, "nn"]},
    ),
    ("retry", "ops.job", "Rapport", {"status": ["failed", "queued"]}),
    (
        "create",
        "api.apitoken",
        "Dashbord (ab12…)",
        {"name": [None, "Dashbord"], "scopes": [None, ["figures:read"]]},
    ),
    ("revoke", "api.apitoken", "Dashbord (ab12…)", {"revoked": [None, MOMENT]}),
    ("update", "api.opendata", "Demo herad", {"published": [False, True]}),
    ("update", "notifications.preference", "5: email", {"delivery": ["immediate", "digest"]}),
    (
        "create",
        "organisations.owner",
        "Demo herad",
        {"slug": [None, "demo"], "name": [None, "Demo herad"]},
    ),
    (
        "create",
        "knowledge.indicator",
        "Lokal",
        {"code": [None, "lokal1"], "name_nb": [None, "Lokal"], "unit": [None, "share"]},
    ),
    (
        "fetch_refused",
        "organisations.owner",
        "Demo herad",
        {"Elevundersøkinga": [None, "Ny kolonne"]},
    ),
    (
        "import",
        "knowledge.import",
        "tal.csv (2026-10-01)",
        {
            "observations_created": [None, 2],
            "observations_updated": [None, 0],
            "observations_removed": [None, 0],
            "schools_created": [None, 1],
        },
    ),
    (
        "write",
        "knowledge.import",
        "Elevenes stemme – Elever (2026-10-01) (2026-12-03)",
        {
            "observations_created": [None, 2],
            "observations_updated": [None, 1],
            "observations_removed": [None, 0],
        },
    ),
    (
        "write",
        "organisations.owner",
        "Demo herad",
        {
            "observations_created": [None, 0],
            "observations_updated": [None, 0],
            "observations_removed": [None, 3],
        },
    ),
    ("undo_import", "knowledge.import", "tal.csv (2026-10-01)", {"import": ["tal.csv", None]}),
    (
        "demo",
        "organisations.owner",
        "Demo herad",
        {
            "observations_created": [None, 2410],
            "observations_updated": [None, 0],
            "observations_removed": [None, 0],
        },
    ),
    ("demo", "organisations.owner", "Demo herad", {"refreshed": [None, "2026-27"]}),
    (
        "update",
        "organisations.school",
        "Granhaug skule",
        {"grades": [[1, 7], [1, 10]], "pupils 2026-27 grade 5": [20, 21]},
    ),
    (
        "create",
        "organisations.school",
        "Ny skule",
        {
            "name": [None, "Ny skule"],
            "org_number": [None, "974123456"],
            "import": [None, "tal.csv"],
        },
    ),
    ("launch", "surveys.round", "Elevenes stemme – Elever (2026-10-01)", {"invited": [None, 30]}),
    ("hide_text", "surveys.round", "Elevenes stemme – Elever (2026-10-01)", {}),
    ("show_text", "surveys.round", "Elevenes stemme – Elever (2026-10-01)", {}),
    ("close", "surveys.round", "Elevenes stemme – Elever (2026-10-01)", {"published": [None, 2]}),
    ("update", "surveys.round", "Elevenes stemme – Elever (2026-10-01)", {"main": [False, True]}),
    (
        "create",
        "surveys.interpretation",
        "Elevenes stemme – Elever (2026-10-01)",
        {"round": [None, "Runde"], "reading": [None, "Tolking"], "released": [None, False]},
    ),
    ("release", "surveys.interpretation", "Elevenes stemme – Elever (2026-10-01)", {}),
    ("update", "organisations.owner", "Demo herad", {"anonymity_threshold": [5, 7]}),
    (
        "create",
        "surveys.item",
        "Trivst du?",
        {
            "dimension": [None, "Trivsel"],
            "order": [None, 2],
            "kind": [None, "scale"],
            "text_nb": [None, "Trives du?"],
        },
    ),
    ("delete", "surveys.item", "Trivst du?", {}),
    ("update", "surveys.dimension", "Trivsel", {"name_nb": ["Trivsel", "Trivnad"]}),
    ("create", "dialogues.cycle", "Årshjul 2026-27", {"copied_from": [None, "kvam"]}),
    ("update", "dialogues.event", "Leiardialog 1", {"starts": ["2026-09-01", "2026-09-08"]}),
    ("delete", "dialogues.event", "Leiardialog 1", {}),
    (
        "update",
        "dialogues.meeting",
        "Leiardialog 1 – Granhaug skule",
        {"date": [DAY, "2026-10-02"], "time": [None, "09:00:00"], "place": [None, "Rådhuset"]},
    ),
    ("create", "dialogues.packnote", "Notat", {"text": [None, "Notat"]}),
    (
        "approve",
        "dialogues.meeting",
        "Leiardialog 1 – Granhaug skule",
        {"as": [None, "owner"]},
    ),
    ("create", "dialogues.contribution", "Innspel", {"text": [None, "Innspel"]}),
    ("update", "dialogues.contribution", "Innspel", {"text": ["Innspel", "Innspel 2"]}),
    ("delete", "dialogues.contribution", "Innspel", {"text": ["Innspel", None]}),
    ("create", "dialogues.addendum", "Tillegg", {"text": [None, "Tillegg"]}),
    (
        "create",
        "dialogues.task",
        "Evaluere",
        {"deadline": [None, "2027-05-31"], "status": [None, "ongoing"]},
    ),
    ("update", "dialogues.task", "Evaluere", {"status": ["ongoing", "done"]}),
    ("create", "dialogues.agreement", "Lesing: meir lesing", {"area": [None, "learning"]}),
    ("sign", "dialogues.agreement", "Lesing: meir lesing", {"as": [None, "school"]}),
    ("create", "dialogues.agreementnote", "Notat", {"text": [None, "Notat"]}),
    ("close", "dialogues.agreement", "Lesing: meir lesing", {}),
    ("close", "dialogues.meeting", "Leiardialog 1 – Granhaug skule", {"settled": ["", "closed"]}),
    (
        "carry_over",
        "dialogues.task",
        "Evaluere",
        {"settled": ["", "carried"], "carried_to": [None, 2]},
    ),
    (
        "create",
        "dialogues.schoolanalysis",
        "Granhaug skule 2026-27",
        {
            "school": [None, "Granhaug skule"],
            "school_year": [None, "2026-27"],
            "strengths": [None, "Tekst"],
        },
    ),
    ("release", "dialogues.analysisversion", "Granhaug skule 2026-27 v1", {}),
    ("create", "dialogues.proposal", "Spørsmål", {"status": [None, "proposed"]}),
    ("accept", "dialogues.proposal", "Spørsmål", {}),
    ("decline", "dialogues.proposal", "Spørsmål", {}),
    ("create", "dialogues.feedtoken", "feed of 5", {}),
    ("renew", "dialogues.feedtoken", "feed of 5", {}),
    ("update", "dialogues.developmentgroup", "Demo herad", {"members": [None, "PEOPLE"]}),
    ("create", "dialogues.groupmeeting", "Møte", {"date": [None, DAY]}),
    ("create", "organisations.person", "Kari", {"name": [None, "Kari"], "email": [None, "k@x.no"]}),
    (
        "invite",
        "organisations.membership",
        "Kari – Rektor – Granhaug skule",
        {"role": [None, "principal"], "school": [None, "Granhaug skule"]},
    ),
    (
        "delete",
        "organisations.membership",
        "Kari – Rektor – Granhaug skule",
        {"role": ["principal", None], "person": ["Kari", None]},
    ),
    ("update", "organisations.person", "Kari", {"language": ["nb", "nn"]}),
    ("two_factor_reset", "organisations.person", "Kari", {}),
    (
        "update",
        "identity.loginsettings",
        "Demo herad: Feide",
        {
            "enabled": [False, True],
            "domains": [[], ["demo.no"]],
            "client_secret": [None, "(changed)"],
        },
    ),
    (
        "update",
        "analysis.followuprules",
        "Demo herad",
        {"participation_min_percent": [80, 70], "bullying_rising": [True, False]},
    ),
    ("admin_change", "plans.goal", "Elevane les meir", {"admin": "Endra tekst."}),
]
PERSONAL = [
    "password_reset",
    "accept_invitation",
    "two_factor_enrolled",
    "recovery_code_used",
    "recovery_codes_renewed",
    "two_factor_failed",
    "two_factor_throttled",
]
ENGLISH = set(
    "the of a an and to from by at least most none true false added changed removed write "  # noqa: SIM905
    "created updated observations schools submitted approved returned carry carried over grade "
    "feed pupils main members figures imported refreshed settled email digest delivery queued "
    "narratives assessment requirement finding answer comment text invited published scopes "
    "revoked grades slug name code unit title kind date place with password invitation recovery "
    "calendar notification settings their released version school analysis stored undid role "
    "gave wrong second factor behalf owner signed".split()
)
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:None|True|False)\b|<\w|\d{4}-\d\d-\d\d|\d\.\d")


def _doubled(text: str) -> str | None:
    """Two neighbouring words that say the same thing («frigav frigjeven», «importerte import»)."""
    words = re.findall(r"\w+", re.sub(r"«[^»]*»", " | ", text).lower())
    for a, b in itertools.pairwise(words):
        if len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4]:
            return f"{a} {b}"
    return None


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_audited_write_reads_as_a_plain_sentence(world, language):
    kinds = {(a, t) for a, t, _, _ in EVENTS} | {(a, "organisations.person") for a in PERSONAL}
    assert {a for a, _ in kinds} >= _actions_in_code() - {"approve"} | {"approved"}
    assert set(VERBS) | {a for a in SENTENCES if isinstance(a, str)} >= {a for a, _ in kinds}
    people = [world.principal_a.pk, world.teacher_a.pk]
    for action, kind, name, changes in EVENTS + [
        (a, "organisations.person", "Kari", {}) for a in PERSONAL
    ]:
        if changes.get("members") == [None, "PEOPLE"]:
            changes = {"members": [None, people]}
        AuditEvent.objects.create(
            owner=world.owner,
            actor=world.admin,
            actor_name=str(world.admin),
            action=action,
            object_type=kind,
            object_id="1",
            object_repr=name,
            changes=changes,
        )
    wrong = []
    with translation.override(language):
        for event in AuditEvent.objects.filter(owner=world.owner).order_by("pk"):
            line = describe(event)
            text = " ".join([line.sentence, *(f"{k}: {a} → {b}" for k, a, b in line.changes)])
            text = text.replace(str(world.admin), "")
            words = set(re.findall(r"[a-z]+", re.sub(r"«[^»]*»", "", text)))
            if (
                words & ENGLISH
                or CODE.search(re.sub(r"kl\. \d\d\.\d\d", "", text))  # «kl. 14.05» is Norwegian
                or _doubled(line.sentence)
                or "«»" in text
                or "feed of" in text
                or any(a == b for _, a, b in line.changes)
            ):
                wrong.append(text)
            if event.object_type == "dialogues.developmentgroup":
                assert world.principal_a.name in text and world.teacher_a.name in text
            if event.object_type == "plans.criterion" and event.action == "create":
                assert "«Trivsel: minst 3,5»" in line.sentence
                assert ("målverdi", "–", "minst 3,5") in line.changes
    assert not wrong, "\n".join(wrong)


def test_a_plan_item_change_is_found_under_its_school(world, login):
    plan = plans.create_plan(world.principal_a, world.school_a, current_school_year())
    goal = Goal(focus_area=plan.focus_areas.first(), text="Elevane les meir")
    plans.save_item(world.principal_a, plan, goal)
    measure = Measure(
        goal=goal,
        title="Lesekvart",
        responsible=world.principal_a,
        start=datetime.date(plan.school_year.start_year, 9, 1),
        end=datetime.date(plan.school_year.start_year + 1, 6, 1),
    )
    plans.save_item(world.principal_a, plan, measure)
    plans.delete_item(world.principal_a, plan, measure)
    url = reverse("audit", args=[world.owner.slug])
    client = login(world.admin)
    page = client.get(url, {"school": world.school_a.pk}).content.decode()
    assert page.count("measure «Lesekvart»") == 2 and "Elevane les meir" in page
    assert "Lesekvart" not in client.get(url, {"school": world.school_b.pk}).content.decode()
    # Events recorded before they knew their school get it from the migration's backfill.
    AuditEvent.objects.filter(object_type__startswith="plans.").update(school=None)
    fill_schools(AuditEvent)
    page = client.get(url, {"school": world.school_a.pk}).content.decode()
    assert "Elevane les meir" in page  # (the measure is deleted: its school cannot be known)
