from django.urls import path

from . import views

urlpatterns = [
    path("o/<slug:slug>/import/", views.import_upload, name="import_upload"),
    path("o/<slug:slug>/import/preview/", views.import_preview, name="import_preview"),
    path("o/<slug:slug>/import/confirm/", views.import_confirm, name="import_confirm"),
    path("o/<slug:slug>/import/cancel/", views.import_cancel, name="import_cancel"),
    path("o/<slug:slug>/import/history/", views.import_history, name="import_history"),
    path("o/<slug:slug>/import/<int:import_pk>/undo/", views.import_undo, name="import_undo"),
    path("o/<slug:slug>/import/template.<str:fmt>", views.import_template, name="import_template"),
    path("o/<slug:slug>/indicators/", views.indicators, name="indicators"),
    path("o/<slug:slug>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("o/<slug:slug>/schools/<int:pk>/knowledge/", views.knowledge_base, name="knowledge_base"),
]
