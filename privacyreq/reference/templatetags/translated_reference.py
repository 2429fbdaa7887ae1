"""A translated reference text in the interface language, with the language it is in:

    {% load translated_reference %}
    {% translated platform "ai_summary" as summary %}
    <p lang="{{ summary.language }}">{{ summary.text }}</p>

The home page's cards and the platform page both use it, so both show the same text and say the
same language. Not for letters: they follow the letter's language (``reference_text``).

``lines`` splits a text of steps into its lines; ``english_labels`` marks the English interface
labels a translation keeps in "straight quotes" with ``lang="en"``:

    {% translated platform "steps_web" as steps %}
    <ol lang="{{ steps.language }}">{% for step in steps.text|lines %}
      <li>{{ step|english_labels:steps.language }}</li>{% endfor %}</ol>
"""

import re

from django import template
from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from privacyreq.reference.selectors import TranslatedText, translated_text

register = template.Library()


@register.simple_tag
def translated(instance: Model, field: str) -> TranslatedText:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return translated_text(instance=instance, field=field, language=language)


# An interface label as the translations keep it: in English, in straight double quotes.
_LABEL = re.compile(r'"([^"\n]+)"')


@register.filter
def lines(text: str) -> list[str]:
    """A multi-line reference text (steps, one a line) as its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def english_labels(text: str, language: str) -> SafeString:
    """``text`` (in ``language``) escaped, with each "quoted" interface label marked as English
    (``<span lang="en">``) when the text is not: translations keep the platforms' menu and
    setting names in English, where no source shows the platform's own translation, and a screen
    reader should read them as English."""
    text = text or ""
    if language == "en":
        return escape(text)
    parts, position = [], 0
    for match in _LABEL.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html('"<span lang="en">{}</span>"', match.group(1)))
        position = match.end()
    parts.append(escape(text[position:]))
    # Every part is escaped above.
    return mark_safe("".join(parts))
