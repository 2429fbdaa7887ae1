from django.urls import path

from privacyreq.tracking import calendar_views, escalation_views, follow_up_views, views

app_name = "tracking"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("track/", views.track, name="track"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/sent/", views.mark_sent, name="mark_sent"),
    path("requests/<int:pk>/record/", views.record, name="record"),
    path("requests/<int:pk>/attach/", views.attach, name="attach"),
    path("requests/<int:pk>/note/", views.note, name="note"),
    path(
        "requests/<int:pk>/follow-up/<str:kind>/",
        follow_up_views.follow_up,
        name="follow_up",
    ),
    path("requests/<int:pk>/redate/", follow_up_views.redate, name="redate"),
    path("requests/<int:pk>/escalate/", escalation_views.escalate, name="escalate"),
    path("requests/<int:pk>/complaint-bundle.pdf", escalation_views.bundle, name="bundle"),
    path("requests/<int:pk>/deadline.ics", calendar_views.request_ics, name="request_ics"),
    path("documents/<int:pk>.pdf", views.document_pdf, name="document_pdf"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("calendar/<str:token>.ics", calendar_views.feed, name="feed"),
]
