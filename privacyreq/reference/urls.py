from django.urls import path

from privacyreq.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.home, name="home"),
    path("platforms/<slug:slug>/", views.platform_detail, name="platform"),
    # The catalogue as open data (docs/open-data.md): data/platforms.json, data/platforms.csv,
    # data/authorities.json, data/authorities.csv, named open_data_<name>_<fmt>.
    *(
        path(
            f"data/{name}.{fmt}",
            views.open_data_file,
            {"name": name, "fmt": fmt},
            name=f"open_data_{name}_{fmt}",
        )
        for name in ("platforms", "authorities")
        for fmt in ("json", "csv")
    ),
]
