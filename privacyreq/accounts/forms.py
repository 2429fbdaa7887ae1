from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RemindersForm(forms.Form):
    reminders_enabled = forms.BooleanField(
        label=_("Email me reminders before and after due dates"),
        required=False,
        help_text=_("A week before an answer is due, on the day, and when it is overdue."),
    )


class LanguageForm(forms.Form):
    # The languages are named in themselves (settings.LANGUAGES), so a reader finds their own.
    language = forms.ChoiceField(
        label=_("Language of emails from privacyreq"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_(
            "Reminders are written in this language. The pages you see follow the language you "
            "choose for the site."
        ),
        error_messages={
            "required": _("Choose the language of your emails."),
            "invalid_choice": _("Choose the language of your emails."),
        },
    )


class CalendarForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", _("Create a new link")), ("revoke", _("Turn the link off"))],
        error_messages={
            "required": _("Choose whether to create a calendar link or turn it off."),
            "invalid_choice": _("Choose whether to create a calendar link or turn it off."),
        },
    )


class DeleteAccountForm(forms.Form):
    """Typing the account's email address, rather than ticking a box, makes the user read which
    account is about to go, and cannot happen by a slip of the mouse. An account without an email
    address (a superuser made on the command line) types ``WORD`` instead."""

    # Not translated: the word the user types is the same in every language, so the check does
    # not depend on which language the form is shown in.
    WORD = "DELETE"

    confirm = forms.CharField(
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected
        field = self.fields["confirm"]
        if expected == self.WORD:
            # Translators: %(word)s is DELETE, which stays in English and in capitals: it is what
            # the user must type.
            field.label = gettext("Type %(word)s to confirm") % {"word": self.WORD}
            # Translators: %(word)s is DELETE, which stays in English and in capitals.
            field.error_messages["required"] = gettext("Type %(word)s to delete your account.") % {
                "word": self.WORD
            }
        else:
            field.label = gettext("Type your email address to confirm")
            field.error_messages["required"] = gettext(
                "Type your email address to confirm that you want to delete your account."
            )

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip()
        if typed.casefold() != self.expected.casefold():
            raise forms.ValidationError(
                # Translators: %(expected)s is the account's email address, or the word DELETE.
                gettext(
                    "That does not match. Type %(expected)s exactly to delete your account, "
                    "or go back to keep it."
                )
                % {"expected": self.expected}
            )
        return typed
