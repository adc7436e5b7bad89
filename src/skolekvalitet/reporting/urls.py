from django.urls import path

from . import views

base = "o/<slug:slug>/reports/"
urlpatterns = [
    path(base, views.report_list, name="report_list"),
    path(f"{base}<str:year>/", views.report_edit, name="report_edit"),
    path(f"{base}<str:year>/preview/", views.report_preview, name="report_preview"),
    path(f"{base}<str:year>/versions/", views.report_versions, name="report_versions"),
    path(f"{base}<str:year>/jobs/<int:job>/", views.report_job, name="report_job"),
    path("report/<slug:slug>/<str:year>/", views.public_report, name="public_report"),
]
