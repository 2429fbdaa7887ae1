"""Which deadline a tracked request is waiting for — pure: dates and choices in, dates out.

The statutory counting itself is in ``privacyreq.deadlines``; this module only decides which date
the counting starts from and which of a request's deadlines is the one that matters now.
"""

import datetime as dt

from privacyreq.deadlines import assumed_receipt, authority_update_due, response_due
from privacyreq.tracking.transitions import Channel, Status

# Statuses in which the user is waiting for the controller.
WAITING_FOR_CONTROLLER = frozenset({Status.SENT, Status.ACKNOWLEDGED, Status.EXTENDED})
# Statuses in which a deadline can be passed and a reminder is due.
OPEN = WAITING_FOR_CONTROLLER | {Status.OVERDUE, Status.COMPLAINT_LODGED}


def receipt_date(
    *, channel: str, sent_on: dt.date, received_on: dt.date | None, post_days: int
) -> dt.date:
    """When the controller received the request: email and web forms arrive the day they are
    sent; a letter arrives on the date the user knows (tracking, signed receipt) or, failing that,
    ``post_days`` after posting."""
    if channel == Channel.POST and received_on:
        return received_on
    return assumed_receipt(sent_on, by_post=channel == Channel.POST, post_days=post_days)


def controller_due(*, received: dt.date, country: str, extended: bool) -> dt.date:
    """Art. 12(3): one month from receipt, or three when the controller extended in time."""
    return response_due(received, country=country, extended=extended)


def authority_due(*, lodged: dt.date, country: str) -> dt.date:
    """Art. 78(2): the authority must tell the complainant within three months of lodging."""
    return authority_update_due(lodged, country=country)


def next_due(*, status: str, due_on: dt.date | None, authority_due_on: dt.date | None):
    """The deadline the user is waiting for in ``status``, or None when nobody owes an answer."""
    if status in WAITING_FOR_CONTROLLER or status == Status.OVERDUE:
        return due_on
    if status == Status.COMPLAINT_LODGED:
        return authority_due_on
    return None
