"""The user's preferences: the language of their emails, reminders on or off, the calendar feed's
secret token. Created with the defaults the first time they are needed."""

import secrets

from django.conf import settings

from privacyreq.tracking.models import Preferences


def _language_or_default(language: str | None) -> str:
    """``language`` if the site offers it ("de" for "de-at" too), else the default."""
    codes = dict(settings.LANGUAGES)
    if language:
        language = language.lower()
        for candidate in (language, language.split("-")[0]):
            if candidate in codes:
                return candidate
    return settings.LANGUAGE_CODE


def preferences_get(*, user, language: str | None = None) -> Preferences:
    """The user's preferences, created with the defaults the first time they are needed.

    ``language`` is the interface language of the request that needs them: new preferences take
    it as the language of the user's emails. Existing preferences keep the language they have.
    """
    preferences, _created = Preferences.objects.get_or_create(
        user=user, defaults={"language": _language_or_default(language)}
    )
    return preferences


def preferences_reminders_set(*, user, enabled: bool, language: str | None = None) -> Preferences:
    preferences = preferences_get(user=user, language=language)
    preferences.reminders_enabled = enabled
    preferences.save(update_fields=["reminders_enabled"])
    return preferences


def preferences_language_set(*, user, language: str) -> Preferences:
    """The language of the emails privacyreq sends the user by itself. Raises ``ValueError`` for
    a language the site does not offer."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}.")
    preferences = preferences_get(user=user, language=language)
    preferences.language = language
    preferences.save(update_fields=["language"])
    return preferences


def calendar_token_create(*, user, language: str | None = None) -> Preferences:
    """A new private feed address; the previous one, if any, stops working."""
    preferences = preferences_get(user=user, language=language)
    preferences.calendar_token = secrets.token_urlsafe(32)
    preferences.save(update_fields=["calendar_token"])
    return preferences


def calendar_token_revoke(*, user, language: str | None = None) -> Preferences:
    preferences = preferences_get(user=user, language=language)
    preferences.calendar_token = ""
    preferences.save(update_fields=["calendar_token"])
    return preferences
