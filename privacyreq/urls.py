from django.contrib import admin
from django.urls import include, path

from privacyreq.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("start/", include("privacyreq.letters.urls")),
    path("", include("privacyreq.reference.urls")),
]
