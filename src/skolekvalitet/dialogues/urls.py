from django.urls import path

from . import taking_part, views, writes, yearend_writes

school = "o/<slug:slug>/schools/<int:pk>/"
meeting = f"{school}meetings/<int:meeting_pk>/"
agreement = f"{school}agreements/<int:agreement_pk>/"
cycle = "o/<slug:slug>/cycle/"
group = "o/<slug:slug>/development-group/"
urlpatterns = [
    path(cycle, views.timeline, name="timeline"),
    path(f"{cycle}new/", writes.cycle_create, name="cycle_create"),
    path(f"{cycle}feed/renew/", writes.feed_renew, name="feed_renew"),
    path(f"{cycle}<str:year>/edit/", views.cycle_edit, name="cycle_edit"),
    path(f"{cycle}<str:year>/events/new/", writes.event_add, name="event_add"),
    path(f"{cycle}<str:year>/events/<int:event_pk>/", writes.event_save, name="event_save"),
    path(
        f"{cycle}<str:year>/events/<int:event_pk>/delete/",
        writes.event_delete,
        name="event_delete",
    ),
    path(meeting, views.meeting_detail, name="meeting"),
    path(f"{meeting}pack.pdf", views.meeting_pack_pdf, name="meeting_pack_pdf"),
    path(f"{meeting}schedule/", writes.meeting_schedule, name="meeting_schedule"),
    path(f"{meeting}notes/", writes.meeting_note, name="meeting_note"),
    path(f"{meeting}minutes/", writes.meeting_minutes, name="meeting_minutes"),
    path(f"{meeting}tasks/", writes.meeting_task, name="meeting_task"),
    path(f"{meeting}agreements/", writes.meeting_agreement, name="meeting_agreement"),
    path(f"{meeting}addenda/", writes.meeting_addendum, name="meeting_addendum"),
    path(f"{meeting}input/", taking_part.meeting_input, name="meeting_input"),
    path(
        f"{meeting}input/<int:contribution_pk>/",
        taking_part.meeting_input_edit,
        name="meeting_input_edit",
    ),
    path(
        f"{meeting}input/<int:contribution_pk>/delete/",
        taking_part.meeting_input_delete,
        name="meeting_input_delete",
    ),
    path(f"{meeting}minutes.pdf", taking_part.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path(f"{meeting}minutes.docx", taking_part.meeting_minutes_docx, name="meeting_minutes_docx"),
    path(f"{meeting}close-year/", yearend_writes.meeting_close_year, name="meeting_close_year"),
    path(f"{meeting}approve/owner/", writes.meeting_approve_owner, name="meeting_approve_owner"),
    path(f"{meeting}approve/school/", writes.meeting_approve_school, name="meeting_approve_school"),
    path(f"{school}tasks/<int:task_pk>/status/", writes.task_status, name="task_status"),
    path(
        f"{school}tasks/<int:task_pk>/close-year/",
        yearend_writes.task_close_year,
        name="task_close_year",
    ),
    path(
        f"{school}tasks/<int:task_pk>/carry-over/",
        yearend_writes.task_carry_over,
        name="task_carry_over",
    ),
    path(agreement, views.agreement_detail, name="agreement"),
    path(
        f"{agreement}close-year/", yearend_writes.agreement_close_year, name="agreement_close_year"
    ),
    path(
        f"{agreement}carry-over/", yearend_writes.agreement_carry_over, name="agreement_carry_over"
    ),
    path(f"{agreement}sign/owner/", writes.agreement_sign_owner, name="agreement_sign_owner"),
    path(f"{agreement}sign/school/", writes.agreement_sign_school, name="agreement_sign_school"),
    path(f"{agreement}notes/", writes.agreement_note, name="agreement_note"),
    path(f"{agreement}close/", writes.agreement_close, name="agreement_close"),
    path(f"{school}analysis/<str:year>/", views.school_analysis, name="school_analysis"),
    path(f"{school}analysis/<str:year>/save/", writes.analysis_save, name="analysis_save"),
    path(f"{school}analysis/<str:year>/release/", writes.analysis_release, name="analysis_release"),
    path(group, views.development_group, name="development_group"),
    path(f"{group}save/", writes.group_save, name="group_save"),
    path(f"{group}meetings/", writes.group_meeting_add, name="group_meeting_add"),
    path(f"{group}proposals/", writes.group_propose, name="group_propose"),
    path(
        f"{group}proposals/<int:proposal_pk>/accept/",
        writes.proposal_accept,
        name="proposal_accept",
    ),
    path(
        f"{group}proposals/<int:proposal_pk>/decline/",
        writes.proposal_decline,
        name="proposal_decline",
    ),
    path("calendar/<str:token>.ics", views.ical_feed, name="ical_feed"),
]
