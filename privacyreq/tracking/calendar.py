"""Deadlines as iCalendar (RFC 5545): one all-day event per date the user is waiting for.

Built from request rows only (no queries), so the private feed and the single-request download
produce the same events, and a calendar app that imports both sees one event: the UID depends on
the request and the date, and changes when the date does (an extension, a lodged complaint).
"""

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from icalendar import Alarm, Calendar, Event

from privacyreq.tracking.dates import next_due
from privacyreq.tracking.models import Request
from privacyreq.tracking.transitions import Status

CALENDAR_NAME = "privacyreq deadlines"
PRODID = "-//privacyreq//deadlines//EN"

# What each kind of request is called in a sentence ("your objection", "your access request").
_NOUN = {
    "objection": "objection",
    "erasure": "erasure request",
    "access": "access request",
    "restriction": "restriction request",
    "complaint": "complaint",
}


def feed_url(*, token: str, site_url: str) -> str:
    return site_url + reverse("tracking:feed", args=[token])


def request_deadline(request: Request) -> dt.date | None:
    """The date the user is waiting for now, or None (draft, answered, closed…)."""
    return next_due(
        status=request.status, due_on=request.due_on, authority_due_on=request.authority_due_on
    )


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _texts(request: Request, due: dt.date, link: str) -> tuple[str, str]:
    """Summary and description of one deadline."""
    noun = _NOUN.get(request.kind, "request")
    controller = request.case.controller_name
    if request.status == Status.COMPLAINT_LODGED:
        authority = request.authority.name if request.authority else "The supervisory authority"
        summary = f"Authority update due: Complaint — {authority}"
        lodged = f" on {_long(request.lodged_on)}" if request.lodged_on else ""
        what = (
            f"{authority} should tell you by {_long(due)} how your complaint about {controller} "
            f"is progressing: three months after you lodged it{lodged} (Article 78(2) GDPR)."
        )
    else:
        summary = f"Answer due: {request.kind.capitalize()} — {controller}"
        period = "three months (extended)" if request.extended else "one month"
        what = (
            f"{controller} must answer your {noun} by {_long(due)}: {period} from receiving it "
            "(Article 12(3) GDPR)."
        )
    description = f"{what}\n\nRecord the answer, or escalate if none came: {link}"
    return summary, description


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
        transparency="TRANSPARENT",
    )
    # 09:00 the day before (all-day events start at midnight), rather than at midnight.
    event.add_component(
        Alarm.new_display(description=f"Tomorrow: {summary}", trigger=-dt.timedelta(hours=15))
    )
    return event


def calendar_for_requests(*, requests: Iterable[Request], site_url: str, now: dt.datetime) -> bytes:
    """Every deadline among ``requests`` (requests without one are left out) as an .ics file.

    Each request needs its ``case`` and ``authority`` loaded (``select_related``) to avoid a query
    per event.
    """
    calendar = Calendar.new(
        name=CALENDAR_NAME, prodid=PRODID, refresh_interval=dt.timedelta(hours=6)
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
