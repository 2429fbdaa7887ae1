from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "privacyreq.reference"
    label = "reference"
