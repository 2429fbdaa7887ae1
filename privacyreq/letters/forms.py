"""One form per questionnaire step. Forms only validate and hand back JSON-ready values; the step
engine (``wizard.py``) stores them in the session in the answers format.

Every text is marked for translation: class-level texts lazily (they are read in the visitor's
language when a page renders), texts made per request with ``gettext``.
"""

import datetime as dt
import unicodedata

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from privacyreq.letters.answer_reader import clean_text
from privacyreq.letters.answers import (
    MAX_ACCOUNT,
    MAX_ADDRESS,
    MAX_DIFFICULTY,
    MAX_EMAIL,
    MAX_PROFESSION,
    MAX_SHORT,
    MAX_TEXT,
    OTHER,
)
from privacyreq.letters.choices import (
    COUNTRIES,
    GERMAN_LANDS,
    DataKind,
    NoticeReceived,
    OptedOutHow,
    SensitiveCategory,
    Situation,
    StrOrPromise,
)
from privacyreq.letters.date_fields import PastDateField
from privacyreq.letters.emails import validate_email_address
from privacyreq.reference.selectors import platform_choices

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


_FOLD = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "ß": "ss"})


def _sort_key(text) -> str:
    """Alphabetical order for names in any of our languages: accents do not move a name to the end
    ("Österreich" with the O's, "Łotwa" with the L's)."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.translate(_FOLD)


def _by_name(choices: dict) -> list[tuple[str, str]]:
    """Choices sorted by their names in the visitor's language (translated names sort
    differently: Germany is "Deutschland" and comes before "Estland")."""
    return sorted(
        ((code, str(name)) for code, name in choices.items()), key=lambda c: _sort_key(c[1])
    )


def _format_lazy(message, **values):
    """``message % values`` when it is read, so in the language active then."""
    return lazy(lambda: str(message) % values, str)()


class FreeTextField(forms.CharField):
    """Text the user types, cleaned as the letters clean it: newlines as one LF, control characters
    dropped, ends trimmed. The length limit then counts what is kept, as the browser counts it (it
    sends a newline as CRLF but counts it once against maxlength), and a value a form accepts is
    one ``answers_parse`` accepts too, instead of an error only on the check page.

    A NUL is not dropped but refused, as on every other form (Django's validator), with a message
    at the field: no one types it, and PostgreSQL cannot store it.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value if "\x00" in value else clean_text(value)


class EmailAddressField(forms.EmailField):
    """An email address as the answers format accepts it (``emails.email_problem``): no quoted
    local part, nothing that could add headers to a ``mailto:`` link. It replaces Django's
    validator, which accepts those, rather than adding to it, so a bad address gets one message:
    the field's "invalid" one."""

    default_validators = [validate_email_address]


class StepForm(forms.Form):
    """A step's form: ``to_answers`` maps cleaned data to answer keys (JSON-ready)."""

    title: StrOrPromise = ""
    intro: StrOrPromise = ""
    # What each choice means, in plain words: (label, explanation) pairs shown above the form.
    explanations: tuple[tuple[StrOrPromise, StrOrPromise], ...] = ()

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def to_answers(self) -> dict:
        return {key: _jsonable(value) for key, value in self.cleaned_data.items()}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {key: answers[key] for key in cls.base_fields if key in answers}


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class PlatformForm(StepForm):
    """Which platforms: one or several. With several, the questions that can differ from one
    platform to the next are asked once for each (``wizard.Step.per_platform``); "Another
    organisation" is typed in by hand and goes alone."""

    title = _("Which of these platforms do you use?")
    intro = _(
        "Tick each platform whose use of your data for AI training you want to stop. You get a "
        "set of letters for each one, from one set of answers."
    )
    platform = forms.MultipleChoiceField(
        label=_("Platforms"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one platform, or 'Another organisation'.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choice_field("platform").choices = [
            *platform_choices(),
            (OTHER, gettext("Another organisation")),
        ]

    def clean_platform(self):
        chosen = self.cleaned_data["platform"]
        if OTHER in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                gettext(
                    "Choose 'Another organisation' on its own: its letters need questions of "
                    "their own. Answer again for the platforms in the list afterwards."
                )
            )
        return chosen

    def to_answers(self) -> dict:
        # One platform stays a slug, as the answers format has always had it.
        chosen = self.cleaned_data["platform"]
        return {"platform": chosen[0] if len(chosen) == 1 else list(chosen)}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        chosen = answers.get("platform")
        if not chosen:
            return {}
        return {"platform": [chosen] if isinstance(chosen, str) else list(chosen)}


class ControllerForm(StepForm):
    title = _("Which organisation do you want to write to?")
    intro = _(
        # Translators: 'controller' is the GDPR term a privacy policy uses for the organisation
        # responsible; use the word your language's version of the GDPR uses ("Verantwortlicher").
        "Give the organisation's legal name and postal address as its privacy policy states them "
        "(look for 'controller' or 'contact us')."
    )
    name = FreeTextField(label=_("Legal name of the organisation"), max_length=MAX_SHORT)
    address = FreeTextField(
        label=_("Postal address"), max_length=MAX_ADDRESS, widget=forms.Textarea(attrs={"rows": 4})
    )
    email = EmailAddressField(
        label=_("Privacy contact email (optional)"),
        max_length=MAX_EMAIL,
        required=False,
        help_text=_("Often privacy@ or dpo@ followed by the company's domain."),
    )

    def to_answers(self) -> dict:
        return {"controller": dict(self.cleaned_data)}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return dict(answers.get("controller") or {})


class CountryForm(StepForm):
    title = _("Where do you live?")
    intro = _("This decides which data protection authority is your home authority.")
    country = forms.ChoiceField(
        label=_("Country"),
        error_messages={"required": _("Choose the country where you live.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choice_field("country").choices = [
            ("", gettext("Choose your country")),
            *_by_name(COUNTRIES),
        ]


class RegionForm(StepForm):
    title = _("Which German state (Land) do you live in?")
    intro = _(
        "In Germany, complaints about companies go to the data protection authority of your Land."
    )
    region = forms.ChoiceField(
        # Translators: a German federal state (Bundesland); German keeps "Land".
        label=_("Land"),
        error_messages={"required": _("Choose the Land where you live.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choice_field("region").choices = [
            ("", gettext("Choose your Land")),
            *_by_name(GERMAN_LANDS),
        ]


class DetailsForm(StepForm):
    title = _("Your details for the letters")
    intro = _(
        "The organisation needs these to find your account. Without an account with us they stay "
        "in this browser session only and are deleted within a day."
    )
    full_name = FreeTextField(
        label=_("Full name"),
        max_length=MAX_SHORT,
        error_messages={"required": _("Enter your full name.")},
    )
    email = EmailAddressField(
        label=_("Email address"),
        max_length=MAX_EMAIL,
        help_text=_("Use the address registered with the platform, so it can match your account."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
    )
    account = FreeTextField(
        label=_("Account name or handle (optional)"),
        max_length=MAX_ACCOUNT,
        required=False,
        # Translators: "@yourname" is an example handle; X is the platform formerly Twitter.
        help_text=_("For example @yourname on X."),
    )
    postal_address = FreeTextField(
        label=_("Postal address (optional)"),
        max_length=MAX_ADDRESS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Street, postcode and town, without your name (the letters print it above the "
            "address). Needed if you send the letters by post, and for a complaint: authorities "
            "ask for the address of the person who complains."
        ),
    )

    def __init__(self, *args, several_platforms: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if several_platforms:
            # A handle belongs to one platform: given once, it would be put to every platform's
            # letters. The letters find the account by the email address instead.
            del self.fields["account"]

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(gettext("Enter your full name."))
        return name


class ServicesForm(StepForm):
    """Which of the platform's services the user has an account on (asked only when it has two or
    more). Optional: ticking none means the letters speak of the company's services in general."""

    title = _("Which of these services do you use?")
    intro = _(
        "Tick each one you have an account on. Your letters name them, so the organisation knows "
        "where to look for your data. If you are not sure, tick none: your letters then refer to "
        "the organisation's services in general."
    )
    services = forms.MultipleChoiceField(
        label=_("Services I use"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, services: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The platform's own services, by their names (proper names: not translated).
        self._choice_field("services").choices = services or []


class DataForm(StepForm):
    title = _("Which of your data is concerned?")
    # The answers key is "data", which a Form also names its bound data; the class attribute
    # only declares the field (Django moves it into base_fields), so the two never meet.
    data = forms.MultipleChoiceField(  # type: ignore[assignment]
        label=_("Select all that apply"),
        choices=DataKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of data.")},
    )


class SituationForm(StepForm):
    title = _("Why does this matter to you?")
    intro = _(
        # Translators: 'grounds relating to your particular situation' quotes Article 21(1) GDPR:
        # use the wording of your language's version of the GDPR.
        "An objection under Article 21(1) GDPR rests on 'grounds relating to your particular "
        "situation'. Reasons make it much harder for the platform to refuse. Choose what applies; "
        "this is optional but strongly recommended."
    )
    situation = forms.MultipleChoiceField(
        label=_("What applies to you?"),
        choices=Situation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    situation_text = FreeTextField(
        label=_("In your own words (optional)"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_format_lazy(
            ngettext_lazy(
                # Translators: %(count)s is the longest text the field takes (3000).
                "Quoted in your letters exactly as you type it, in the language you type it. "
                "At most %(count)s character.",
                "Quoted in your letters exactly as you type it, in the language you type it. "
                "At most %(count)s characters.",
                MAX_TEXT,
            ),
            count=MAX_TEXT,
        ),
    )

    def clean(self):
        cleaned = super().clean() or {}
        if Situation.OTHER in cleaned.get("situation", []) and not cleaned.get("situation_text"):
            self.add_error(
                "situation_text",
                gettext("Describe your situation, since you chose 'Something else'."),
            )
        return cleaned


class SensitiveCategoriesForm(StepForm):
    title = _("Which kinds of sensitive information do your data reveal?")
    intro = _(
        "The law protects some kinds of information more strongly (Article 9 GDPR). Choose only "
        "what your posts, chats or other data actually reveal about you. Your letters name "
        "exactly what you choose; if you choose nothing, they refer to sensitive data in general "
        "and name no kind."
    )
    sensitive_categories = forms.MultipleChoiceField(
        label=_("Select all that apply"),
        choices=SensitiveCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ProfessionForm(StepForm):
    title = _("What is your profession?")
    intro = _(
        "Your objection says what you do, so that the platform sees why professional secrecy "
        "matters in your case. Optional."
    )
    profession = FreeTextField(
        label=_("I work as …"),
        max_length=MAX_PROFESSION,
        required=False,
        help_text=_(
            "For example: a lawyer, a doctor, a journalist. Written into your letters exactly as "
            "you type it, so type it in the language of your letters."
        ),
    )


class YesThenDateForm(StepForm):
    """A yes/no question whose "yes" needs a date (and whose "no" discards any date typed)."""

    answer_field = ""
    date_field = ""
    date_missing: StrOrPromise = ""

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get(self.answer_field) != "yes":
            # The follow-up fields are hidden unless "Yes" is chosen, so a message there could
            # not be seen; what was typed in them is dropped instead (``to_answers``).
            for name, field in self.fields.items():
                if "data-if-yes" in field.widget.attrs and name in self.errors:
                    del self.errors[name]
        missing = cleaned.get(self.answer_field) == "yes" and not cleaned.get(self.date_field)
        if missing and self.date_field not in self.errors:
            self.add_error(self.date_field, str(self.date_missing))
        return cleaned

    def to_answers(self) -> dict:
        on = self.cleaned_data.get(self.date_field)
        yes = self.cleaned_data[self.answer_field] == "yes"
        return {
            self.answer_field: self.cleaned_data[self.answer_field],
            self.date_field: on.isoformat() if yes and on else None,
        }


def _yes_no(label) -> forms.ChoiceField:
    # ``data-reveals``: choosing "Yes" shows the fields marked ``data-if-yes`` (site.css, with
    # :has(), so without JavaScript; a browser without :has() simply shows them all along).
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"data-reveals": "yes"}),
        error_messages={"required": _("Choose yes or no.")},
    )


def _if_yes(field: forms.Field) -> forms.Field:
    """``field``, shown only once the form's "Yes" is chosen."""
    field.widget.attrs["data-if-yes"] = ""
    return field


class OptOutForm(YesThenDateForm):
    title = _("Have you already switched the AI-training setting off?")
    answer_field, date_field = "opted_out", "opted_out_on"
    date_missing = _("Enter the date you switched it off.")
    opted_out = _yes_no(_("Switched off already?"))
    opted_out_on = _if_yes(
        PastDateField(
            label=_("When did you switch it off?"),
            required=False,
            help_text=_("For example, 26 7 2024. An approximate date is fine."),
        )
    )
    opted_out_how = _if_yes(
        forms.ChoiceField(
            label=_("How did you do it?"),
            choices=OptedOutHow.choices,
            widget=forms.RadioSelect,
            required=False,
            help_text=_(
                "A setting, the platform's objection form and an email each count; your "
                "letters say which you used."
            ),
        )
    )

    def to_answers(self) -> dict:
        answers = super().to_answers()
        how = self.cleaned_data.get("opted_out_how")
        answers["opted_out_how"] = how if how and answers["opted_out_on"] else None
        return answers


class NoticeForm(StepForm):
    title = _("Were you told before the AI training started?")
    intro = _(
        "An email, a notification in the app or a banner counts. Your complaint says that you "
        "were not told only if you answer No."
    )
    notice_received = forms.ChoiceField(
        label=_(
            "Did the platform tell you, before it started, that it would use your data to train AI?"
        ),
        choices=NoticeReceived.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )
    opt_out_difficulty = FreeTextField(
        label=_("What, if anything, made it hard to stop the use of your data? (optional)"),
        max_length=MAX_DIFFICULTY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_format_lazy(
            ngettext_lazy(
                # Translators: %(count)s is the longest text the field takes (1000).
                "Quoted in your complaint exactly as you type it, in the language you type it. "
                "At most %(count)s character.",
                "Quoted in your complaint exactly as you type it, in the language you type it. "
                "At most %(count)s characters.",
                MAX_DIFFICULTY,
            ),
            count=MAX_DIFFICULTY,
        ),
    )
