import datetime as dt

from django import template
from django.utils.dateformat import format as date_format

from privacyreq.tracking.transitions import Channel

register = template.Library()


@register.filter
def isodate(value: str, fmt: str = "j F Y") -> str:
    """Format a date kept as ISO text in an event's details (JSON has no date type)."""
    try:
        return date_format(dt.date.fromisoformat(value), fmt)
    except (TypeError, ValueError):
        return value or ""


@register.filter
def channel_label(value: str) -> str:
    return str(Channel(value).label).lower() if value in Channel.values else value or ""
