from django.urls import path

from . import views

urlpatterns = [
    path("o/<slug:slug>/tasks/", views.job_list, name="job_list"),
    path("o/<slug:slug>/tasks/retry/", views.job_retry, name="job_retry"),
]
