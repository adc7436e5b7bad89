from django.urls import path

from . import spotchecks, views, writes
from .forms import FORMS, QUALITY_FORMS, UPDATES

school = "o/<slug:slug>/schools/<int:pk>/"
plan = f"{school}plans/<str:year>/"
spot = f"{school}spot-checks/"
quality = "o/<slug:slug>/quality-plan/"
urlpatterns = [
    path(f"{school}plans/", views.plan_list, name="plan_list"),
    path(f"{school}plans/new/", writes.plan_create, name="plan_create"),
    path(plan, views.plan_detail, name="plan_detail"),
    path(f"{plan}comments/", writes.plan_comment, name="plan_comment"),
    path(f"{plan}submit/", writes.plan_submit, name="plan_submit"),
    path(f"{plan}approve/", writes.plan_approve, name="plan_approve"),
    path(f"{plan}send-back/", writes.plan_send_back, name="plan_send_back"),
    path(f"{plan}edit/", views.plan_edit, name="plan_edit"),
    *(
        # one URL per form of the edit page: plan_focus_area, plan_goal, … plan_sign_verdict
        path(f"{plan}edit/{name}/", writes.plan_item, {"which": name}, name=f"plan_{name}")
        for name in [*FORMS, *UPDATES]
    ),
    path(f"{plan}edit/<str:kind>/<int:entry>/", writes.plan_entry_edit, name="plan_entry_edit"),
    path(
        f"{plan}edit/<str:kind>/<int:entry>/delete/",
        writes.plan_entry_delete,
        name="plan_entry_delete",
    ),
    path(f"{plan}versions/", views.plan_versions, name="plan_versions"),
    path(f"{plan}export.<str:fmt>", views.plan_export, name="plan_export"),
    path(quality, views.quality_plan, name="quality_plan"),
    *(
        path(f"{quality}{name}/", writes.quality_item, {"which": name}, name=f"quality_add_{name}")
        for name in QUALITY_FORMS
    ),
    path(f"{quality}<str:kind>/<int:entry>/", writes.quality_entry_edit, name="quality_entry_edit"),
    path(
        f"{quality}<str:kind>/<int:entry>/delete/",
        writes.quality_entry_delete,
        name="quality_entry_delete",
    ),
    path(spot, spotchecks.spot_checks, name="spot_checks"),
    path(f"{spot}new/", spotchecks.spot_check_add, name="spot_check_add"),
    path(f"{spot}cases/new/", spotchecks.spot_case_add, name="spot_case_add"),
    path(f"{spot}cases/<int:case_pk>/", spotchecks.spot_case_save, name="spot_case_save"),
    path(
        f"{spot}cases/<int:case_pk>/delete/", spotchecks.spot_case_delete, name="spot_case_delete"
    ),
    path(f"{spot}findings/new/", spotchecks.spot_finding_add, name="spot_finding_add"),
    *(
        path(
            f"{spot}findings/<int:finding_pk>/{part}/",
            getattr(spotchecks, f"spot_finding_{part}"),
            name=f"spot_finding_{part}",
        )
        for part in ("answer", "agreement", "measure")
    ),
]
