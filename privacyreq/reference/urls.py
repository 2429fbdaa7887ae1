from django.urls import path

from privacyreq.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.home, name="home"),
    path("platforms/<slug:slug>/", views.platform_detail, name="platform"),
    # The catalogue as open data (docs/open-data.md).
    path(
        "data/platforms.json",
        views.open_data_file,
        {"name": "platforms", "fmt": "json"},
        name="open_data_platforms_json",
    ),
    path(
        "data/platforms.csv",
        views.open_data_file,
        {"name": "platforms", "fmt": "csv"},
        name="open_data_platforms_csv",
    ),
    path(
        "data/authorities.json",
        views.open_data_file,
        {"name": "authorities", "fmt": "json"},
        name="open_data_authorities_json",
    ),
    path(
        "data/authorities.csv",
        views.open_data_file,
        {"name": "authorities", "fmt": "csv"},
        name="open_data_authorities_csv",
    ),
]
