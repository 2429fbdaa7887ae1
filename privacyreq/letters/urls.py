from django.urls import path

from privacyreq.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.start, name="start"),
    path("for/<slug:slug>/", views.start_for_platform, name="start_for_platform"),
    path("check/", views.check, name="check"),
    path("result/", views.result, name="result"),
    path("result/all.zip", views.download_all, name="download_all"),
    path("result/<slug:kind>.<str:fmt>", views.download, name="download"),
    path("<slug:slug>/", views.step, name="step"),
]
