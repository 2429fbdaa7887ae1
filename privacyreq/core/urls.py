from django.urls import path

from privacyreq.core import views

# Included at the site's root, before the reference pages (privacyreq/urls.py): none of these
# paths is one of theirs ("" and "platforms/<slug>/").
app_name = "core"
urlpatterns = [
    path("about/", views.about, name="about"),
    path("contact/", views.contact, name="contact"),
    path("privacy/", views.privacy, name="privacy"),
    path("legal-notice/", views.legal_notice, name="legal_notice"),
]
