from django.urls import path

from privacyreq.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("reminders/", views.reminders, name="reminders"),
    path("language/", views.language, name="language"),
    path("calendar/", views.calendar, name="calendar"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
