"""A translated reference text in the interface language, with the language it is in:

    {% load translated_reference %}
    {% translated platform "ai_summary" as summary %}
    <p lang="{{ summary.language }}">{{ summary.text }}</p>

The home page's cards and the platform page both use it, so both show the same text and say the
same language. Not for letters: they follow the letter's language (``reference_text``).
"""

from django import template
from django.conf import settings
from django.db.models import Model
from django.utils import translation

from privacyreq.reference.selectors import TranslatedText, translated_text

register = template.Library()


@register.simple_tag
def translated(instance: Model, field: str) -> TranslatedText:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return translated_text(instance=instance, field=field, language=language)
