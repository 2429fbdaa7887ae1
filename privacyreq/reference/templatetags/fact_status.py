"""A fact's status beside it on a platform's page: ``{% fact_status platform "legal_entity" %}``.

"not confirmed" in words (never colour alone), "reported (press)" with its source, "source" for
a confirmed one; nothing for a fact without an entry (the page's list of sources covers it).
"""

from django import template

from privacyreq.reference.facts import fact_counts, fact_entry
from privacyreq.reference.models import Platform

register = template.Library()


@register.inclusion_tag("reference/_fact_status.html")
def fact_status(platform: Platform, field: str) -> dict[str, str]:
    entry = fact_entry(platform, field)
    return {"status": entry.get("status", ""), "source": entry.get("source", "")}


@register.simple_tag
def platform_fact_counts(platform: Platform) -> dict[str, int]:
    return fact_counts(platform)
