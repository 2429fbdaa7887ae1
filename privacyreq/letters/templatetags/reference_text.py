from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def reference_text(value: str) -> str:
    """A reference value in the letter's language where the catalogues have it
    (``reference/phrases.py``), else as stored."""
    # gettext("") would return the catalogue's header.
    return gettext(value) if value else value
