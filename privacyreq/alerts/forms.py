from django import forms
from django.utils.translation import gettext_lazy as _

from privacyreq.alerts.selectors import platform_options


class _PlatformsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We send a link to it: the warnings start only once you have clicked it."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
    )
    platforms = _PlatformsField(
        label=_("Warn me about"),
        error_messages={"required": _("Choose at least one platform.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platforms"].choices = platform_options()  # type: ignore[attr-defined]


class AccountWatchForm(forms.Form):
    """Settings: none ticked is a valid answer (stop all warnings)."""

    platforms = _PlatformsField(label=_("Warn me about"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platforms"].choices = platform_options()  # type: ignore[attr-defined]
