from django.urls import path

from . import views, writes

library = "o/<slug:slug>/surveys/"
instrument = f"{library}instruments/<int:pk>/"
school = "o/<slug:slug>/schools/<int:pk>/"
rounds = f"{school}surveys/<int:round_pk>/"
urlpatterns = [
    path(library, views.library, name="survey_library"),
    path(f"{library}threshold/", writes.threshold, name="survey_threshold"),
    path(f"{library}launch/", writes.launch, name="survey_launch"),
    path(instrument, views.instrument_edit, name="instrument_edit"),
    path(f"{instrument}dimensions/new/", writes.dimension_new, name="instrument_dimension_new"),
    path(
        f"{instrument}dimensions/<int:dimension_pk>/",
        writes.dimension_save,
        name="instrument_dimension_save",
    ),
    path(
        f"{instrument}dimensions/<int:dimension_pk>/items/new/",
        writes.item_new,
        name="instrument_item_new",
    ),
    path(f"{instrument}items/<int:item_pk>/", writes.item_save, name="instrument_item_save"),
    path(
        f"{instrument}items/<int:item_pk>/delete/",
        writes.item_delete,
        name="instrument_item_delete",
    ),
    path(f"{school}surveys/", views.school_rounds, name="school_rounds"),
    path(f"{school}surveys/launch/", writes.school_launch, name="school_round_launch"),
    path(rounds, views.round_detail, name="round_detail"),
    path(f"{rounds}close/", writes.close, name="round_close"),
    path(f"{rounds}main/", writes.designate_main, name="round_main"),
    path(f"{rounds}texts/hide/", writes.hide_text, name="round_hide_text"),
    path(f"{rounds}texts/show/", writes.show_text, name="round_show_text"),
    path(f"{rounds}interpretation/", writes.interpret, name="round_interpret"),
    path(f"{rounds}interpretation/release/", writes.release, name="round_release"),
    path(f"{rounds}codes/", views.round_codes, name="round_codes"),
    path(f"{rounds}results.xlsx", views.round_export, name="round_export"),
    path(f"{rounds}answer/", views.answer_staff, name="answer_staff"),
    path(f"{rounds}answer/save/", writes.answer_staff_save, name="answer_staff_save"),
    path(f"{rounds}answer/send/", writes.answer_staff_send, name="answer_staff_send"),
    path("answer/", views.answer_entry, name="answer_entry"),
    path("answer/<str:code>/", views.answer_code, name="answer_code"),
    path("answer/<str:code>/send/", writes.answer_code_send, name="answer_code_send"),
]
