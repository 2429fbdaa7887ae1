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
    # What the platform page says in sentences. Not the names, addresses, setting names or legal
    # bases: the letters read those.
    fields = (
        "ai_summary",
        "ai_data_used",
        "regulator_actions",
        "steps_web",
        "steps_app",
        "opt_out_notes",
        "history_steps",
        "history_notes",
    )
    # The English summary is required, as the field was before; the other texts may be empty in
    # English too (not every platform has notes), and other languages may be missing.
    required_languages = {"en": ("ai_summary",), "default": ()}
