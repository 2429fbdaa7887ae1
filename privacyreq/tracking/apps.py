from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "privacyreq.tracking"
    label = "tracking"
    verbose_name = "Tracking"
