"""Deadlines as iCalendar (RFC 5545): one all-day event per date the user is waiting for.

Built from request rows only (no queries), so the private feed and the single-request download
produce the same events, and a calendar app that imports both sees one event: the UID depends on
the request and the date, and changes when the date does (an extension, a lodged complaint).
"""

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from icalendar import TRANSP, Alarm, Calendar, Event

from privacyreq.letters.kinds import KINDS, DocumentKind
from privacyreq.tracking.dates import next_due
from privacyreq.tracking.models import Request
from privacyreq.tracking.transitions import Status

# Translators: the name of the calendar feed in the user's calendar app.
CALENDAR_NAME = _("privacyreq deadlines")
PRODID = "-//privacyreq//deadlines//EN"


def feed_url(*, token: str, site_url: str) -> str:
    return site_url + reverse("tracking:feed", args=[token])


def request_deadline(request: Request) -> dt.date | None:
    """The date the user is waiting for now, or None (draft, answered, closed…)."""
    return next_due(
        status=request.status, due_on=request.due_on, authority_due_on=request.authority_due_on
    )


def _long(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _authority_texts(request: Request, due: dt.date) -> tuple[str, str]:
    """Summary and first paragraph for a lodged complaint's deadline (Art. 78(2))."""
    values = {
        "authority": request.authority.name if request.authority else "",
        "controller": request.case.controller_name,
        "due": _long(due),
        "lodged": _long(request.lodged_on) if request.lodged_on else "",
    }
    if request.authority:
        # Translators: a calendar event's title. %(authority)s is the supervisory authority's name.
        summary = gettext("Authority update due: Complaint — %(authority)s")
        if request.lodged_on:
            # Translators: a calendar event's description. %(authority)s is the supervisory
            # authority's name, %(controller)s the organisation's, %(due)s and %(lodged)s dates.
            what = gettext(
                "%(authority)s should tell you by %(due)s how your complaint about "
                "%(controller)s is progressing: three months after you lodged it on %(lodged)s "
                "(Article 78(2) GDPR)."
            )
        else:
            what = gettext(
                "%(authority)s should tell you by %(due)s how your complaint about "
                "%(controller)s is progressing: three months after you lodged it "
                "(Article 78(2) GDPR)."
            )
    else:
        summary = gettext("Authority update due: Complaint — The supervisory authority")
        if request.lodged_on:
            what = gettext(
                "The supervisory authority should tell you by %(due)s how your complaint about "
                "%(controller)s is progressing: three months after you lodged it on %(lodged)s "
                "(Article 78(2) GDPR)."
            )
        else:
            what = gettext(
                "The supervisory authority should tell you by %(due)s how your complaint about "
                "%(controller)s is progressing: three months after you lodged it "
                "(Article 78(2) GDPR)."
            )
    return summary % values, what % values


def _texts(request: Request, due: dt.date, link: str) -> tuple[str, str]:
    """Summary and description of one deadline, in the active language."""
    controller = request.case.controller_name
    if request.status == Status.COMPLAINT_LODGED:
        summary, what = _authority_texts(request, due)
    else:
        values = {"controller": controller, "due": _long(due)}
        spec = KINDS.get(request.kind, KINDS[DocumentKind.COMPLAINT])
        one_month, extended = spec.calendar_due
        summary = str(spec.calendar_summary)
        summary %= values
        what = str(extended if request.extended else one_month) % values
    # Translators: the end of a calendar event's description; %(link)s is the request's page.
    follow_up = gettext("Record the answer, or escalate if none came: %(link)s") % {"link": link}
    return summary, f"{what}\n\n{follow_up}"


def _event(request: Request, *, due: dt.date, site_url: str, stamp: dt.datetime) -> Event:
    link = site_url + reverse("tracking:request", args=[request.pk])
    summary, description = _texts(request, due, link)
    event = Event.new(
        uid=f"request-{request.pk}-{due.isoformat()}@privacyreq",
        stamp=stamp,
        start=due,
        end=due + dt.timedelta(days=1),
        summary=summary,
        description=description,
        url=link,
        # A deadline is not a meeting: it must not show the user as busy that day.
        transparency=TRANSP.TRANSPARENT,
    )
    # 09:00 the day before (all-day events start at midnight), rather than at midnight.
    event.add_component(
        Alarm.new_display(
            # Translators: a calendar alarm the day before a deadline; %(event)s is its title.
            description=gettext("Tomorrow: %(event)s") % {"event": summary},
            trigger=-dt.timedelta(hours=15),
        )
    )
    return event


def calendar_for_requests(*, requests: Iterable[Request], site_url: str, now: dt.datetime) -> bytes:
    """Every deadline among ``requests`` (requests without one are left out) as an .ics file.

    Each request needs its ``case`` and ``authority`` loaded (``select_related``) to avoid a query
    per event.
    """
    calendar = Calendar.new(
        name=str(CALENDAR_NAME), prodid=PRODID, refresh_interval=dt.timedelta(hours=6)
    )
    # icalendar gives the calendar a random UID; without it the same data gives the same bytes.
    del calendar["UID"]
    # The older name for REFRESH-INTERVAL, which Outlook and Google read.
    calendar.add("X-PUBLISHED-TTL", dt.timedelta(hours=6))
    stamp = now.astimezone(dt.UTC)
    for request in requests:
        due = request_deadline(request)
        if due is not None:
            calendar.add_component(_event(request, due=due, site_url=site_url, stamp=stamp))
    return calendar.to_ical()
