"""An authority named as it names itself in a letter's language:
``{{ authority|name_in:language }}``. The complaint's recipient comes from
``SupervisoryAuthority.name_in`` in the services; this is for any other place a letter names an
authority, such as the lead authority in a complaint to the home one."""

from django import template

from privacyreq.reference.models import SupervisoryAuthority

register = template.Library()


@register.filter
def name_in(authority: SupervisoryAuthority | None, language: str) -> str:
    return authority.name_in(language) if authority is not None else ""
