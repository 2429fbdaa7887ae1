from django.urls import path

from privacyreq.letters import result_views, views

app_name = "letters"
urlpatterns = [
    path("", views.start, name="start"),
    path("for/<slug:slug>/", views.start_for_platform, name="start_for_platform"),
    path("check/", views.check, name="check"),
    path("result/", result_views.result, name="result"),
    path("result/all.zip", result_views.download_all, name="download_all"),
    path("result/<slug:kind>.<str:fmt>", result_views.download, name="download"),
    # With several platforms: one platform's documents.
    path(
        "result/<slug:platform>/<slug:kind>.<str:fmt>",
        result_views.download,
        name="platform_download",
    ),
    path("<slug:slug>/", views.step, name="step"),
    # A question asked once for each of several platforms.
    path("<slug:platform>/<slug:slug>/", views.step, name="platform_step"),
]
