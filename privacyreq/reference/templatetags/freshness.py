"""Whether a catalogue record may be out of date: ``{% if platform.last_checked|stale %}``.

A platform or authority last checked more than ``REFERENCE_STALE_DAYS`` days ago says so on the
pages that show it (the platform page, the home page's card, the result page), so that a user
checks the sources before relying on it.
"""

import datetime as dt

from django import template
from django.utils import timezone

from privacyreq.reference.selectors import record_is_stale

register = template.Library()


@register.filter
def stale(last_checked: dt.date | None) -> bool:
    if last_checked is None:
        return False
    return record_is_stale(last_checked=last_checked, today=timezone.localdate())
