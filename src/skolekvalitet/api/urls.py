"""The API app's URLs: the open API under /api/v1/ (every operation under the `api_token`
rule, its documentation `public`), open data under /open/<slug>/ (`public`), and the owner
administrator's page with its writes."""

from django.urls import include, path
from django.views.generic import RedirectView

from skolekvalitet.organisations.access import access_rule

from . import opendata, views
from .endpoints import api

DOCUMENTATION = {"openapi-json", "openapi-view", "api-root"}


def api_patterns() -> list:
    """django-ninja's patterns without a namespace, each declaring its access rule: the
    documentation is public; every operation needs a token (api/endpoints.py decides)."""
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        pattern.callback.access_rule = "public" if pattern.name in DOCUMENTATION else "api_token"
    # /api/v1/ itself leads to the documentation (django-ninja's own answers 404).
    home = access_rule("public")(RedirectView.as_view(pattern_name="openapi-view"))
    return [p for p in patterns if p.name != "api-root"] + [path("", home, name="api-root")]


urlpatterns = [
    path("api/v1/", include(api_patterns())),
    path("open/<slug:slug>/", opendata.home, name="open_data_home"),
    path("open/<slug:slug>/catalog.json", opendata.catalog, name="open_catalog"),
    path("open/<slug:slug>/figures.xlsx", opendata.figures_xlsx, name="open_figures_xlsx"),
    path("open/<slug:slug>/figures.csv", opendata.figures_csv, name="open_figures_csv"),
    path("open/<slug:slug>/figures.json", opendata.figures_json, name="open_figures_json"),
    path("open/<slug:slug>/reports.csv", opendata.reports_csv, name="open_reports_csv"),
    path("open/<slug:slug>/reports.json", opendata.reports_json, name="open_reports_json"),
    path("o/<slug:slug>/api/", views.api_settings, name="api_settings"),
    path("o/<slug:slug>/api/tokens/new/", views.token_create, name="api_token_create"),
    path("o/<slug:slug>/api/tokens/revoke/", views.token_revoke, name="api_token_revoke"),
    path(
        "o/<slug:slug>/api/open-data/publish/",
        views.open_data_set,
        {"published": True},
        name="open_data_publish",
    ),
    path(
        "o/<slug:slug>/api/open-data/withdraw/",
        views.open_data_set,
        {"published": False},
        name="open_data_withdraw",
    ),
]
