from django.urls import path

from privacyreq.alerts import feeds, views

app_name = "alerts"
urlpatterns = [
    path("platforms/feed.atom", feeds.AllPlatformsFeed(), name="feed_all"),
    path("platforms/<slug:slug>/feed.atom", feeds.PlatformTimelineFeed(), name="feed"),
    path("warnings/", views.subscribe, name="subscribe"),
    path("warnings/check-your-email/", views.check_email, name="check_email"),
    path("warnings/confirm/<str:token>/", views.confirm, name="confirm"),
    path("warnings/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("warnings/settings/", views.account_watch, name="account_watch"),
]
