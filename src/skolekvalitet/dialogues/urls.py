from django.urls import path

from . import views

school = "o/<slug:slug>/schools/<int:pk>/"
urlpatterns = [
    path("o/<slug:slug>/cycle/", views.timeline, name="timeline"),
    path("o/<slug:slug>/cycle/<str:year>/edit/", views.cycle_edit, name="cycle_edit"),
    path(f"{school}meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path(
        f"{school}meetings/<int:meeting_pk>/pack.pdf",
        views.meeting_pack_pdf,
        name="meeting_pack_pdf",
    ),
    path(f"{school}agreements/<int:agreement_pk>/", views.agreement_detail, name="agreement"),
    path(f"{school}analysis/<str:year>/", views.school_analysis, name="school_analysis"),
    path("o/<slug:slug>/development-group/", views.development_group, name="development_group"),
    path("calendar/<str:token>.ics", views.ical_feed, name="ical_feed"),
]
