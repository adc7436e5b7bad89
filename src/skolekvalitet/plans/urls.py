from django.urls import path

from . import views

school = "o/<slug:slug>/schools/<int:pk>/"
urlpatterns = [
    path(f"{school}plans/", views.plan_list, name="plan_list"),
    path(f"{school}plans/<str:year>/", views.plan_detail, name="plan_detail"),
    path(f"{school}plans/<str:year>/edit/", views.plan_edit, name="plan_edit"),
    path(f"{school}plans/<str:year>/versions/", views.plan_versions, name="plan_versions"),
    path(f"{school}plans/<str:year>/export.<str:fmt>", views.plan_export, name="plan_export"),
    path("o/<slug:slug>/quality-plan/", views.quality_plan, name="quality_plan"),
    path(f"{school}spot-checks/", views.spot_checks, name="spot_checks"),
]
