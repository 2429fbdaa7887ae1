"""Which reference fields are translated (django-modeltranslation, found here by name).

Each field named below gets a column per interface language (``ai_summary_en``,
``ai_summary_de``, ...); the shipped translations are in ``data/platforms.json`` under
``translations`` and the admin edits every language. English is the original, written from and
checked against the sources; a language without a translation shows it (see
``selectors.translated_text``).

Only what the pages show is registered. The letters read reference facts (names, addresses, the
setting's name) in the letter's own language logic, and none of those fields is here: registering
one would make it follow the interface language wherever it is read.
"""

from modeltranslation.translator import TranslationOptions, register

from privacyreq.reference.models import Platform


@register(Platform)
class PlatformTranslationOptions(TranslationOptions):
    fields = ("ai_summary",)
    # The English text is required, as the field was before; other languages may be missing.
    required_languages = ("en",)
