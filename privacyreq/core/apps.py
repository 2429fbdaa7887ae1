from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "privacyreq.core"
    label = "core"
