from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from skolekvalitet.ops.health import healthz

urlpatterns = [
    path("accounts/", include("skolekvalitet.organisations.accounts")),
    path("", include("skolekvalitet.identity.urls")),
    path("healthz/", healthz, name="healthz"),
    path("", include("skolekvalitet.today.urls")),
    path("", include("skolekvalitet.notifications.urls")),
    path("", include("skolekvalitet.organisations.urls")),
    path("", include("skolekvalitet.knowledge.urls")),
    path("", include("skolekvalitet.analysis.urls")),
    path("", include("skolekvalitet.plans.urls")),
    path("", include("skolekvalitet.surveys.urls")),
    path("", include("skolekvalitet.dialogues.urls")),
    path("", include("skolekvalitet.reporting.urls")),
    path("", include("skolekvalitet.ops.urls")),
    path("", include("skolekvalitet.api.urls")),
]

if settings.ADMIN_ENABLED:
    urlpatterns.insert(0, path("admin/", admin.site.urls))

handler500 = "skolekvalitet.ops.views.server_error"
