from django.urls import path

from . import views

urlpatterns = [
    path("o/<slug:slug>/schools/<int:pk>/sheet/", views.data_sheet, name="data_sheet"),
    path("o/<slug:slug>/overview/", views.owner_overview, name="overview"),
    path("o/<slug:slug>/explore/", views.explorer, name="explorer"),
    path("o/<slug:slug>/follow-up-rules/", views.follow_up_rules, name="follow_up_rules"),
]
