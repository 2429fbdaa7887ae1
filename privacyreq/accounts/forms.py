from django import forms


class RemindersForm(forms.Form):
    reminders_enabled = forms.BooleanField(
        label="Email me reminders before and after due dates",
        required=False,
        help_text="A week before an answer is due, on the day, and when it is overdue.",
    )


class CalendarForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", "Create a new link"), ("revoke", "Turn the link off")],
        error_messages={
            "required": "Choose whether to create a calendar link or turn it off.",
            "invalid_choice": "Choose whether to create a calendar link or turn it off.",
        },
    )


class DeleteAccountForm(forms.Form):
    """Typing the account's email address, rather than ticking a box, makes the user read which
    account is about to go, and cannot happen by a slip of the mouse. An account without an email
    address (a superuser made on the command line) types ``WORD`` instead."""

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
            field.label = f"Type {self.WORD} to confirm"
            field.error_messages["required"] = f"Type {self.WORD} to delete your account."
        else:
            field.label = "Type your email address to confirm"
            field.error_messages["required"] = (
                "Type your email address to confirm that you want to delete your account."
            )

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip()
        if typed.casefold() != self.expected.casefold():
            raise forms.ValidationError(
                f"That does not match. Type {self.expected} exactly to delete your account, "
                "or go back to keep it."
            )
        return typed
