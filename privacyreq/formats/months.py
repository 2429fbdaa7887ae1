"""Month names, so that this project's catalogues can correct Django's where a language writes
them differently in running text: Django's Italian catalogue capitalises them ("4 Settembre
2024"), where a letter writes "4 settembre 2024". Our catalogues are searched before Django's."""

from django.utils.translation import gettext_noop

# Translators: a month name as it appears inside a date in running text ("4 September 2024").
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
