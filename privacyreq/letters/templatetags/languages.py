"""``{% interface_languages as languages %}``: the languages the site is written in, for the
language switcher in the layout.

Each as settings.LANGUAGES names it, in its own language ("Deutsch", "Français"), whatever the
page's language. ``{% get_available_languages %}`` would translate the names ("English" becomes
"Englisch" on a German page), and ``{% get_language_info_list %}`` fails on a code Django does
not know.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def interface_languages() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)
