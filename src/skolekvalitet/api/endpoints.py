"""The open API (django-ninja): read-only, one owner per token, figures only through the chain.

Every operation needs a bearer token (tokens.py): none, an unknown or a revoked one answers 401;
another owner's slug 404 (it does not exist for the token); a missing scope 403; too many calls
429 with Retry-After. Each call is counted per token and day. The OpenAPI document is public.

Error answers say what is wrong in "detail", in the request's language (Accept-Language or the
language cookie, through LocaleMiddleware; Bokmål by default). Each operation's summary and
description in the OpenAPI document follow that language too.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer

from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations import access
from skolekvalitet.organisations.models import Owner, School
from skolekvalitet.plans.models import DevelopmentPlan, FocusArea, Goal
from skolekvalitet.plans.texts import criterion_text
from skolekvalitet.reporting.models import StatusReport

from .figures import figure_rows
from .models import ApiToken, Scope
from .tokens import RateLimited, Revoked, authenticate, check_rate, count_refusal, count_use


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = authenticate(token)
        if found is not None:
            try:
                check_rate(found)
            except RateLimited:  # 429
                count_use(found, refused=True)
                raise
            count_use(found)
        return found


class LocalSwagger(Swagger):
    """The Swagger page with its files served from this site (the strict CSP allows no CDN),
    finding the OpenAPI document by its plain URL name."""

    def get_openapi_url(self, api: NinjaAPI, path_params: dict) -> str:
        return reverse("openapi-json", kwargs=path_params)


class PlainNinjaAPI(NinjaAPI):
    """Its URLs are included without a namespace (the access walk reverses plain names)."""

    def get_root_path(self, path_params: dict) -> str:
        return reverse("api-root", kwargs=path_params)


api = PlainNinjaAPI(
    title="Skolekvalitet API",
    version="1",
    description=(
        "Lesetilgang til skolene, indikatorene, de publiserte tallene, utviklingsplanene og "
        "tilstandsrapportene til én skoleeier, med en lesenøkkel skoleeieren lager. Skjulte tall "
        "har bare status, aldri verdi. / Read-only access to one school owner's schools, "
        "indicators, published figures, development plans and status reports, with a read "
        "token the owner makes. Suppressed figures carry only their status. Reference: "
        "docs/reference/api.md in the source code."
    ),
    auth=TokenAuth(),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error(request: HttpRequest, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited):
    response = error(
        request,
        429,
        _(
            "Too many calls with this token. Wait the number of seconds in the Retry-After "
            "header, then try again."
        ),
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError):
    return error(
        request,
        401,
        _(
            "A valid read token is missing. Send it as “Authorization: Bearer skq_…”; the "
            "school owner's administrator makes and revokes tokens."
        ),
    )


@api.exception_handler(Revoked)
def revoked(request: HttpRequest, exc: Revoked):
    return error(
        request,
        401,
        _(
            "This token has been revoked by the school owner's administrator and no longer "
            "works. Ask them for a new one."
        ),
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return error(request, 404, _("Nothing was found at this address for this token."))


def invalid_message(problem: dict) -> str:
    if problem.get("type") in {"int_parsing", "int_type", "int_from_float"}:
        return _("must be a whole number")
    if problem.get("type") == "missing":
        return _("is missing")
    return _("is not valid")


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError):
    """422: which parameter is wrong and how, in words; `errors` keeps each one's location and
    pydantic's type code for programs."""
    errors = [
        {"loc": p.get("loc", []), "type": p.get("type", ""), "msg": invalid_message(p)}
        for p in exc.errors
    ]
    where = "; ".join(f"{(e['loc'] or ['?'])[-1]} {e['msg']}" for e in errors)
    return error(
        request, 422, _("Check the parameters: %(problems)s.") % {"problems": where}, errors=errors
    )


def owner_for(request: HttpRequest, slug: str, scope: str | None = None) -> Owner:
    """The token's owner under its slug, through the access module (access.get_owner_for_token);
    a missing scope is the API's 403."""
    try:
        return access.get_owner_for_token(request.auth, slug, scope)  # type: ignore[attr-defined]
    except PermissionDenied:
        count_refusal(request.auth)  # type: ignore[arg-type]
        raise HttpError(
            403, _("This token may not read this: it lacks the scope %(scope)s.") % {"scope": scope}
        ) from None


class OwnerOut(Schema):
    slug: str
    name: str
    kind: str
    municipality_number: str


class SchoolOut(Schema):
    id: int
    name: str
    org_number: str
    first_grade: int
    last_grade: int


class IndicatorOut(Schema):
    code: str
    name_nb: str
    name_nn: str
    name_en: str
    quality: str
    source: str
    unit: str
    direction: str
    threshold: int
    grades: list[int]
    breaks: list[dict[str, Any]]


class IntervalOut(Schema):
    low: float
    high: float


class ProvenanceOut(Schema):
    source: str
    file: str
    line: int | None
    synthetic: bool


class FigureOut(Schema):
    indicator: str
    unit_kind: str
    org_number: str
    unit_name: str
    school_year: str
    grade: int
    subgroup: str
    status: str
    value: float | None = None
    n: int | None = None
    interval: IntervalOut | None = None
    provenance: ProvenanceOut


class CriterionOut(Schema):
    kind: str
    indicator: str | None
    grade: int | None
    comparator: str
    target: float | None
    description: str
    verdict: str
    text_nb: str
    text_nn: str


class GoalOut(Schema):
    id: int
    text: str
    parent_id: int | None
    criteria: list[CriterionOut]


class FocusAreaOut(Schema):
    title: str
    goals: list[GoalOut]


class PlanOut(Schema):
    school_id: int
    school_year: str
    status: str
    version: int
    focus_areas: list[FocusAreaOut]


class VersionOut(Schema):
    number: int
    at: datetime.datetime


class ReportOut(Schema):
    school_year: str
    status: str
    public: bool
    language: str
    versions: list[VersionOut]


class VersionTextOut(VersionOut):
    text: str


def criterion_out(c) -> dict:
    """A success criterion as data (codes, a number) and as one line in Bokmål and Nynorsk."""
    texts = {}
    for language in ("nb", "nn"):
        with translation.override(language):
            texts[f"text_{language}"] = criterion_text(c)
    return {
        "kind": c.kind,
        "indicator": c.indicator.code if c.indicator else None,
        "grade": c.grade,
        "comparator": c.comparator,
        "target": c.target,
        "description": c.description,
        "verdict": c.verdict,
        **texts,
    }


def owner_out(owner: Owner) -> dict:
    return {
        "slug": owner.slug,
        "name": owner.name,
        "kind": owner.kind,
        "municipality_number": owner.municipality_number,
    }


@api.get(
    "/owners",
    response=list[OwnerOut],
    url_name="api_owners",
    summary=gettext_lazy("The token's school owner"),
    description=gettext_lazy(
        "The school owner the token belongs to, as a list of one: a token reads one owner only."
    ),
    tags=["owners"],
)
def owners(request: HttpRequest):
    """The token's own school owner (a token reads one owner only)."""
    return [owner_out(request.auth.owner)]  # type: ignore[attr-defined]


@api.get(
    "/owners/{slug}",
    response=OwnerOut,
    url_name="api_owner",
    summary=gettext_lazy("One school owner"),
    description=gettext_lazy(
        "The school owner under its short name (slug). Any other owner's short name answers 404."
    ),
    tags=["owners"],
)
def owner(request: HttpRequest, slug: str):
    return owner_out(owner_for(request, slug))


@api.get(
    "/owners/{slug}/schools",
    response=list[SchoolOut],
    url_name="api_schools",
    summary=gettext_lazy("The owner's schools"),
    description=gettext_lazy("The owner's schools with organisation number and grades."),
    tags=["owners"],
)
def schools(request: HttpRequest, slug: str):
    return School.objects.filter(owner=owner_for(request, slug))


@api.get(
    "/owners/{slug}/indicators",
    response=list[IndicatorOut],
    url_name="api_indicators",
    summary=gettext_lazy("Indicators"),
    description=gettext_lazy(
        "The national catalogue of indicators and the owner's own indicators. Needs the scope "
        "figures:read."
    ),
    tags=["figures"],
)
def indicators(request: HttpRequest, slug: str):
    """The national catalogue and the owner's own indicators. Scope figures:read."""
    found = owner_for(request, slug, Scope.FIGURES)
    return Indicator.objects.filter(Q(owner=None) | Q(owner=found)).order_by("code")


@api.get(
    "/owners/{slug}/figures",
    response=list[FigureOut],
    url_name="api_figures",
    summary=gettext_lazy("Published figures"),
    description=gettext_lazy(
        "Published figures of the owner's schools and its comparison areas. Value, n and the 95 %"
        " interval are given only where the status is “shown”; a hidden figure (too_few, "
        "suppressed_by_source, secondary) carries its status alone. Filter by indicator, school "
        "and school year. Needs the scope figures:read."
    ),
    tags=["figures"],
)
def figures(
    request: HttpRequest,
    slug: str,
    indicator: str = "",
    school: int | None = None,
    school_year: str = "",
):
    """Published figures of the owner's schools and its comparison areas, through the one
    chain: value, n and the 95 % interval only where the status is "shown"; a hidden figure
    (too_few, suppressed_by_source, secondary) carries its status alone. Scope figures:read."""
    found = owner_for(request, slug, Scope.FIGURES)
    chosen = None
    if indicator:
        chosen = list(Indicator.objects.filter(Q(owner=None) | Q(owner=found), code=indicator))
    out = []
    for row in figure_rows(
        found,
        chosen,
        None if school is None else [school],
        school_year,
    ):
        low, high = row.pop("ci_low"), row.pop("ci_high")
        row["interval"] = None if low is None else {"low": low, "high": high}
        row["provenance"] = {
            "source": row.pop("source"),
            "file": row.pop("source_file"),
            "line": row.pop("source_line"),
            "synthetic": row.pop("synthetic"),
        }
        out.append(row)
    return out


@api.get(
    "/owners/{slug}/plans",
    response=list[PlanOut],
    url_name="api_plans",
    summary=gettext_lazy("Development plans"),
    description=gettext_lazy(
        "The schools' development plans with focus areas, goals and success criteria. Filter by "
        "school year. Needs the scope plans:read."
    ),
    tags=["plans"],
)
def plans(request: HttpRequest, slug: str, school_year: str = ""):
    """The schools' development plans with their focus areas, goals and success criteria.
    Scope plans:read."""
    found = owner_for(request, slug, Scope.PLANS)
    rows = DevelopmentPlan.objects.filter(school__owner=found).select_related("school_year")
    if school_year:
        rows = rows.filter(school_year__code=school_year)
    areas: dict[int, list[FocusArea]] = {}
    for area in FocusArea.objects.filter(plan__in=rows):
        areas.setdefault(area.plan_id, []).append(area)
    goals: dict[int, list[Goal]] = {}
    criteria = "criteria__indicator"
    for goal in Goal.objects.filter(focus_area__plan__in=rows).prefetch_related(criteria):
        goals.setdefault(goal.focus_area_id, []).append(goal)
    return [
        {
            "school_id": plan.school_id,
            "school_year": plan.school_year.code,
            "status": plan.status,
            "version": plan.version,
            "focus_areas": [
                {
                    "title": area.title,
                    "goals": [
                        {
                            "id": goal.pk,
                            "text": goal.text,
                            "parent_id": goal.parent_id,
                            "criteria": [criterion_out(c) for c in goal.criteria.all()],
                        }
                        for goal in goals.get(area.pk, [])
                    ],
                }
                for area in areas.get(plan.pk, [])
            ],
        }
        for plan in rows.order_by("school_year__code", "school__name")
    ]


@api.get(
    "/owners/{slug}/reports",
    response=list[ReportOut],
    url_name="api_reports",
    summary=gettext_lazy("Status reports"),
    description=gettext_lazy(
        "The owner's status reports with their saved versions. Needs the scope reports:read."
    ),
    tags=["reports"],
)
def reports(request: HttpRequest, slug: str):
    """The owner's status reports with their saved versions. Scope reports:read."""
    found = owner_for(request, slug, Scope.REPORTS)
    rows = (
        StatusReport.objects.filter(owner=found)
        .select_related("school_year")
        .prefetch_related("versions")
        .order_by("school_year__code")
    )
    return [
        {
            "school_year": r.school_year.code,
            "status": r.status,
            "public": r.public,
            "language": r.language,
            "versions": [{"number": v.number, "at": v.at} for v in r.versions.all()],
        }
        for r in rows
    ]


@api.get(
    "/owners/{slug}/reports/{school_year}/versions/{number}",
    response=VersionTextOut,
    url_name="api_report_version",
    summary=gettext_lazy("One version of a status report"),
    description=gettext_lazy(
        "One saved version of a status report, with its text. Needs the scope reports:read."
    ),
    tags=["reports"],
)
def report_version(request: HttpRequest, slug: str, school_year: str, number: int):
    """One saved version of a status report, as text. Scope reports:read."""
    found = owner_for(request, slug, Scope.REPORTS)
    report = StatusReport.objects.filter(owner=found, school_year__code=school_year).first()
    version = report and report.versions.filter(number=number).first()
    if not version:
        raise Http404
    return {"number": version.number, "at": version.at, "text": version.text}
