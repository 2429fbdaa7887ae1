"""The letters' languages: which language the letters, and the complaint, are written in, chosen
on the check page, and the names of languages as the visitor reads them.

Kept apart from ``forms.py``, which holds one form per questionnaire step: this form is not a
step (the check page asks it once the answers are complete), and language names are used by the
views as well as by the form.

Every text is marked for translation: class-level texts lazily (they are read in the visitor's
language when a page renders), texts made per request with ``gettext``/``ngettext``.
"""

from django import forms
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from privacyreq.letters.choices import LANGUAGES
from privacyreq.letters.kinds import DocumentKind

# Languages authorities accept complaints in that Django has no name for (it names the others,
# translated, through ``get_language_info``).
EXTRA_LANGUAGE_NAMES = {
    "mt": _("Maltese"),
}


# Languages that write the names of languages in lower case inside a sentence (Django's
# catalogues capitalise them, as for a list entry: "Polonais").
LOWER_CASE_LANGUAGE_NAMES = {"fr", "es", "it", "pl"}


def language_name(code: str, *, in_sentence: bool = False) -> str:
    """A language's name in the active (interface) language: "German" in English, "allemand" in
    French; the bare code for a language nobody named."""
    if code in EXTRA_LANGUAGE_NAMES:
        name = str(EXTRA_LANGUAGE_NAMES[code])
    else:
        try:
            name = str(get_language_info(code)["name_translated"])
        except KeyError:
            return code
    if in_sentence and get_language() in LOWER_CASE_LANGUAGE_NAMES:
        return name[:1].lower() + name[1:]
    return name


class LanguageSelect(forms.Select):
    """A list of languages, each option named in its own language and marked with it (lang="de"),
    so a screen reader pronounces "Deutsch" as German."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class LanguagesForm(forms.Form):
    """The check page's last question: which language the letters, and the complaint, are in.

    The complaint goes to an authority that may read another language than the platform does, so
    it has its own field, shown only when a complaint is among the documents (and alone when the
    complaint is the only document).
    """

    language = forms.ChoiceField(
        label=_("Language of your letters"),
        choices=list(LANGUAGES.items()),
        widget=LanguageSelect,
        error_messages={
            "required": _("Choose the language of your letters."),
            "invalid_choice": _("Choose one of the languages in the list for your letters."),
        },
    )
    complaint_language = forms.ChoiceField(
        label=_("Language of your complaint"),
        choices=list(LANGUAGES.items()),
        widget=LanguageSelect,
        error_messages={
            "required": _("Choose the language of your complaint."),
            "invalid_choice": _("Choose one of the languages in the list for your complaint."),
        },
    )

    def __init__(
        self,
        *args,
        documents: list[str],
        authority_name: str = "",
        authority_languages: list[str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        complaint = DocumentKind.COMPLAINT in documents
        if not complaint:
            del self.fields["complaint_language"]
            return
        if set(documents) == {DocumentKind.COMPLAINT}:
            del self.fields["language"]
        self.fields["complaint_language"].help_text = self._complaint_help(
            authority_name, authority_languages or []
        )

    @staticmethod
    def _complaint_help(authority_name: str, codes: list[str]) -> str:
        if not authority_name or not codes:
            return ""
        names = ", ".join(language_name(code, in_sentence=True) for code in codes)
        help_text = ngettext(
            # Translators: %(authority)s is the authority's name as it calls itself (reference
            # data, e.g. "Data Protection Commission"); %(languages)s lists language names,
            # comma-separated ("English, Irish"), in the visitor's language.
            "%(authority)s accepts complaints in this language: %(languages)s.",
            "%(authority)s accepts complaints in these languages: %(languages)s.",
            len(codes),
        ) % {"authority": authority_name, "languages": names}
        if not any(code in LANGUAGES for code in codes):
            help_text += " " + ngettext(
                "We cannot write complaints in it yet: ask the authority whether it accepts one "
                "of the languages below.",
                "We cannot write complaints in any of them yet: ask the authority whether it "
                "accepts one of the languages below.",
                len(codes),
            )
        return help_text
