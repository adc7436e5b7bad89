from django.urls import path

from . import views

school = "o/<slug:slug>/schools/<int:pk>/"
rounds = f"{school}surveys/<int:round_pk>/"
urlpatterns = [
    path("o/<slug:slug>/surveys/", views.library, name="survey_library"),
    path(
        "o/<slug:slug>/surveys/instruments/<int:pk>/", views.instrument_edit, name="instrument_edit"
    ),
    path(f"{school}surveys/", views.school_rounds, name="school_rounds"),
    path(rounds, views.round_detail, name="round_detail"),
    path(f"{rounds}codes/", views.round_codes, name="round_codes"),
    path(f"{rounds}results.xlsx", views.round_export, name="round_export"),
    path(f"{rounds}answer/", views.answer_staff, name="answer_staff"),
    path("answer/", views.answer_entry, name="answer_entry"),
    path("answer/<str:code>/", views.answer_code, name="answer_code"),
]
