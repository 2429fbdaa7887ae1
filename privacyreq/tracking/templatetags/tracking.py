import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from privacyreq.letters.choices import AccessItem, ReplyProblem
from privacyreq.tracking.transitions import Channel, Outcome

register = template.Library()

# How a request was sent, as an item of a history line ("Recorded … · by email").
_SENT_BY: dict[str, Promise] = {
    # Translators: an item in a request's history line: how the request was sent.
    Channel.EMAIL: _("by email"),
    # Translators: an item in a request's history line: how the request was sent.
    Channel.WEB_FORM: _("by web form"),
    # Translators: an item in a request's history line: how the request was sent (by mail).
    Channel.POST: _("by post"),
}

# An outcome after a status, in brackets or after a colon ("Answered: refused").
_OUTCOME_INLINE: dict[str, Promise] = {
    Outcome.COMPLIED: pgettext_lazy(
        "outcome shown after the status, lower case in English", "complied"
    ),
    Outcome.PARTLY: pgettext_lazy(
        "outcome shown after the status, lower case in English", "partly complied"
    ),
    Outcome.REFUSED: pgettext_lazy(
        "outcome shown after the status, lower case in English", "refused"
    ),
}

# Notes the tool itself wrote into a request's history, kept in English in the database for the
# record; shown in the reader's language. A note the user typed is shown as written.
_APP_NOTES = {
    "Recorded automatically: no answer by the due date": _(
        "Recorded automatically: no answer by the due date"
    ),
}


@register.filter
def isodate(value: str, fmt: str = "DATE_FORMAT") -> str:
    """Format a date kept as ISO text in an event's details (JSON has no date type), in the
    active language's format."""
    try:
        return date_format(dt.date.fromisoformat(value), fmt)
    except (TypeError, ValueError):
        return value or ""


@register.filter
def sent_by(value: str) -> str:
    """How a request was sent, as a phrase: "by email"."""
    return str(_SENT_BY.get(value, value or ""))


@register.filter
def outcome_inline(value: str) -> str:
    """An outcome code as it reads after a status: "refused"."""
    return str(_OUTCOME_INLINE.get(value, value or ""))


@register.filter
def event_note(event) -> str:
    """An event's note: a note the tool wrote in the reader's language, a user's note as is."""
    if event.actor_id is None and event.note in _APP_NOTES:
        return str(_APP_NOTES[event.note])
    return event.note


@register.filter
def weekday_date(value: dt.date | None) -> str:
    """A date with its day of the week ("Wednesday 2 December 2026"), in the active language."""
    if not value:
        return ""
    values = {"weekday": date_format(value, "l"), "date": date_format(value, "DATE_FORMAT")}
    # Translators: a day of the week and a date, e.g. "Wednesday 2 December 2026"; reorder or add
    # punctuation as your language writes it ("Mittwoch, 2. Dezember 2026").
    return pgettext("day of the week and date", "%(weekday)s %(date)s") % values


@register.filter
def reply_problem(value: str) -> str:
    """A problem the user recorded with a reply, as the form lists it."""
    return str(ReplyProblem(value).label) if value in ReplyProblem.values else value


@register.filter
def access_item(value: str) -> str:
    """A missing part of an access answer, as the form lists it."""
    return str(AccessItem(value).label) if value in AccessItem.values else value
