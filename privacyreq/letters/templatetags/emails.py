"""``{{ address|mailto }}``: a page's plain "write to" link, encoded like the letters' own
(privacyreq.letters.emails.mailto), since addresses come from reference data and typed answers."""

from django import template

from privacyreq.letters.emails import mailto as mailto_link

register = template.Library()


@register.filter
def mailto(address: str) -> str:
    return mailto_link(address) if address else ""
