from django.urls import path

from privacyreq.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.home, name="home"),
    path("platforms/<slug:slug>/", views.platform_detail, name="platform"),
]
