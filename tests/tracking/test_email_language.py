"""Reminder emails and calendar feeds are written in the language the user chose for emails
(Preferences.language), not in whatever language happens to be active when cron runs.

Until the catalogues are filled, the German date format is what shows it: Django's own German
locale writes "2. Dezember 2026" where English writes "2 December 2026".
"""

import pytest
from django.utils import translation

from privacyreq.tracking.models import Preferences
from tests.factories import PreferencesFactory
from tests.tracking.reminders_support import DUE, day, send, waiting

pytestmark = pytest.mark.django_db


def test_a_reminder_is_written_in_the_preferred_language(mailoutbox):
    request = waiting()
    PreferencesFactory(user=request.case.owner, language="de")

    assert send(DUE - 7 * day) == 1

    [message] = mailoutbox
    assert "2. Dezember 2026" in message.body
    assert "2 December 2026" not in message.body
    html, _mimetype = message.alternatives[0]
    assert '<html lang="de">' in html
    assert "2. Dezember 2026" in html


def test_each_reminder_of_a_run_in_its_own_users_language(mailoutbox):
    german, english, no_preferences = waiting(), waiting(), waiting()
    PreferencesFactory(user=german.case.owner, language="de")
    PreferencesFactory(user=english.case.owner, language="en")

    with translation.override("fr"):
        assert send(DUE) == 3
        # The run leaves the language it found active.
        assert translation.get_language() == "fr"

    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert "Heute, am 2. Dezember 2026, ist der letzte Tag" in bodies[german.case.owner.email]
    assert "Today, 2 December 2026, is" in bodies[english.case.owner.email]
    # No preferences: the default language, not the one active in the process.
    assert "Today, 2 December 2026, is" in bodies[no_preferences.case.owner.email]
    assert not Preferences.objects.filter(user=no_preferences.case.owner).exists()
