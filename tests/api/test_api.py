"""The open API: its document, one owner per token, scopes, revocation, suppression, rate."""

from skolekvalitet.api import actions
from skolekvalitet.api.models import ApiToken, ApiTokenUse
from skolekvalitet.plans.models import DevelopmentPlan, FocusArea, Goal
from skolekvalitet.reporting.models import ReportVersion, StatusReport

from .conftest import OTHER, PLANTED, PLANTED_N, TOO_FEW


def test_it_serves_the_openapi_document_and_its_page(db, client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    paths = document.json()["paths"]
    assert "/api/v1/owners/{slug}/figures" in paths
    assert document.json()["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b"swagger" in page.content.lower()


def test_it_answers_401_without_a_valid_token(world, api, token):
    secret = token()
    assert api("/owners").status_code == 401
    assert api("/owners", "skq_not-a-token").status_code == 401
    assert api("/owners", secret).status_code == 200
    actions.revoke_token(world.admin, ApiToken.objects.get())
    assert api("/owners", secret).status_code == 401
    assert api(f"/owners/{world.owner.slug}/figures", secret).status_code == 401


def test_a_token_sees_only_its_own_owner(world, figures, api, token):
    mine, theirs = token(), token(world.other_owner)
    assert [o["slug"] for o in api("/owners", mine).json()] == [world.owner.slug]
    for path in ("", "/schools", "/indicators", "/figures", "/plans", "/reports"):
        assert api(f"/owners/{world.other_owner.slug}{path}", mine).status_code == 404, path
        assert api(f"/owners/{world.owner.slug}{path}", theirs).status_code == 404, path
    schools = api(f"/owners/{world.owner.slug}/schools", mine).json()
    assert {s["name"] for s in schools} == {world.school_a.name, world.school_b.name}
    body = api(f"/owners/{world.owner.slug}/figures", mine).content.decode()
    assert str(OTHER) not in body and "SECRETOTHER" not in body
    theirs_body = api(f"/owners/{world.other_owner.slug}/figures", theirs).content.decode()
    assert str(OTHER) in theirs_body and "Alfheim" not in theirs_body


def test_a_token_without_the_scope_gets_403(world, figures, api, token):
    secret = token(scopes=[])
    slug = world.owner.slug
    assert api(f"/owners/{slug}/schools", secret).status_code == 200
    for path in ("/indicators", "/figures", "/plans", "/reports", "/reports/2025-26/versions/1"):
        assert api(f"/owners/{slug}{path}", secret).status_code == 403, path
    only_figures = token(scopes=["figures:read"])
    assert api(f"/owners/{slug}/figures", only_figures).status_code == 200
    assert api(f"/owners/{slug}/plans", only_figures).status_code == 403


def test_hidden_figures_carry_only_their_status(world, figures, api, token):
    response = api(f"/owners/{world.owner.slug}/figures?indicator=nt5_reading", token())
    body = response.content.decode()
    for planted in (str(PLANTED), str(PLANTED_N), str(TOO_FEW), "77,77"):
        assert planted not in body
    rows = {(r["org_number"], r["subgroup"]): r for r in response.json()}
    girls = rows[(world.school_a.org_number, "girls")]
    boys = rows[(world.school_a.org_number, "boys")]
    assert girls["status"] == "suppressed_by_source" and boys["status"] == "too_few"
    for hidden in (girls, boys):
        assert hidden["value"] is None and hidden["n"] is None and hidden["interval"] is None
    shown = rows[(world.school_a.org_number, "all")]
    assert shown["status"] == "shown" and shown["value"] == 44.5 and shown["n"] == 40
    assert shown["interval"]["low"] < 44.5 < shown["interval"]["high"]
    assert shown["provenance"]["source"] and shown["provenance"]["synthetic"] is False
    nation = rows[("", "all")]
    assert nation["unit_kind"] == "nation"


def test_it_filters_figures_by_school_and_year(world, figures, api, token):
    slug, secret = world.owner.slug, token()
    rows = api(f"/owners/{slug}/figures?school={world.school_b.pk}", secret).json()
    assert {r["unit_name"] for r in rows} == {world.school_b.name}
    assert api(f"/owners/{slug}/figures?school_year=2019-20", secret).json() == []


def test_it_limits_calls_per_token_with_429_and_retry_after(world, api, token, settings):
    settings.API_RATE_LIMIT = 3
    busy, other = token(), token()
    for _ in range(3):
        assert api("/owners", busy).status_code == 200
    refused = api("/owners", busy)
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 61
    assert api("/owners", other).status_code == 200


def test_it_counts_each_call_per_token_and_day(world, api, token):
    secret = token()
    for _ in range(2):
        api("/owners", secret)
    (use,) = ApiTokenUse.objects.all()
    assert use.calls == 2 and use.token.last_used is not None


def test_it_gives_plans_with_goals_and_report_versions(world, figures, api, token):
    plan = DevelopmentPlan.objects.create(school=world.school_a, school_year=figures["year"])
    area = FocusArea.objects.create(plan=plan, title="Lesing")
    goal = Goal.objects.create(focus_area=area, text="Alle les betre")
    goal.criteria.create(
        kind="indicator", indicator=figures["reading"], grade=5, comparator="at_least", target=50.5
    )
    report = StatusReport.objects.create(owner=world.owner, school_year=figures["year"])
    ReportVersion.objects.create(report=report, number=1, text="Tilstand v1", saved_by=world.admin)
    slug, secret = world.owner.slug, token()
    (got,) = api(f"/owners/{slug}/plans", secret).json()
    assert got["focus_areas"][0]["goals"][0]["text"] == "Alle les betre"
    (criterion,) = got["focus_areas"][0]["goals"][0]["criteria"]
    assert (criterion["comparator"], criterion["target"]) == ("at_least", 50.5)
    assert criterion["text_nn"].endswith("minst 50,5") and "at_least" not in criterion["text_nb"]
    (listed,) = api(f"/owners/{slug}/reports", secret).json()
    assert listed["versions"][0]["number"] == 1
    versions = f"/owners/{slug}/reports/{figures['year'].code}/versions"
    assert api(f"{versions}/1", secret).json()["text"] == "Tilstand v1"
    assert api(f"{versions}/2", secret).status_code == 404


def test_it_counts_refused_calls_so_the_owner_sees_them(world, figures, api, token, settings):
    from skolekvalitet.api.models import ApiTokenUse

    settings.API_RATE_LIMIT = 2
    secret = token(scopes=[])
    slug = world.owner.slug
    assert api(f"/owners/{slug}/plans", secret).status_code == 403
    assert api(f"/owners/{slug}/schools", secret).status_code == 200
    assert api(f"/owners/{slug}/schools", secret).status_code == 429
    actions.revoke_token(world.admin, ApiToken.objects.get())
    assert api(f"/owners/{slug}/schools", secret).status_code == 401
    use = ApiTokenUse.objects.get()
    assert (use.calls, use.refused) == (4, 3)
