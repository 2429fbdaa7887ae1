from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from privacyreq.core.views import healthz
from privacyreq.letters import example_views

# The admin's own login form has no rate limit or second factor; send it through allauth's.
# (Replacing a method on this one instance is the point, hence the ignore.)
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Django's set_language: POST a language, get the same page back in it (a cookie, no account).
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("settings/", include("privacyreq.accounts.urls")),
    path("start/", include("privacyreq.letters.urls")),
    # The whole example letter the home page previews (letters/example.py).
    path("example/objection.pdf", example_views.objection_pdf, name="example_objection_pdf"),
    path("tracking/", include("privacyreq.tracking.urls")),
    # Warnings before training starts: /warnings/ and the timelines' Atom feeds under /platforms/.
    path("", include("privacyreq.alerts.urls")),
    # About, contact, privacy and legal notice; at the root, so before the reference pages.
    path("", include("privacyreq.core.urls")),
    path("", include("privacyreq.reference.urls")),
]
