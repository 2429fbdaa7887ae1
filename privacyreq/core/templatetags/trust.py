"""``{% source_code_url as url %}``: where the site's source code is published (settings
.SOURCE_CODE_URL), for the footer of every page; empty when the operator has not said."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def source_code_url() -> str:
    return settings.SOURCE_CODE_URL
