from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "privacyreq.letters"
    label = "letters"
