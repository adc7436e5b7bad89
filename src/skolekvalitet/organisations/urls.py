from django.urls import path

from . import views

urlpatterns = [
    path("o/<slug:slug>/", views.owner_detail, name="owner"),
    path("o/<slug:slug>/schools/new/", views.school_create, name="school_create"),
    path("o/<slug:slug>/schools/<int:pk>/", views.school_detail, name="school"),
    path("o/<slug:slug>/schools/<int:pk>/edit/", views.school_edit, name="school_edit"),
    path("o/<slug:slug>/schools/<int:pk>/invite/", views.school_invite, name="school_invite"),
    path("o/<slug:slug>/people/", views.people, name="people"),
    path("o/<slug:slug>/people/invite/", views.person_invite, name="person_invite"),
    path(
        "o/<slug:slug>/memberships/<int:pk>/remove/",
        views.membership_delete,
        name="membership_delete",
    ),
    path("o/<slug:slug>/audit/", views.audit_log, name="audit"),
]
