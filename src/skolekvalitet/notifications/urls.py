from django.urls import path

from . import views

urlpatterns = [
    path("accounts/settings/", views.my_settings, name="my_settings"),
    path("accounts/settings/save/", views.my_settings_save, name="my_settings_save"),
]
