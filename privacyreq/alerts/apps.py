from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "privacyreq.alerts"
    verbose_name = "Warnings before training starts"
