"""Reminder emails: a week before a request's due date, on the day, and once it has passed.

Each reminder goes out once per (request, kind, due date). The ``Reminder`` row is the claim, and
its unique constraint, not this code, is what stops a second run of ``send_reminders`` (a cron
retry or an overlapping run) from emailing again: the second insert fails.
"""

import datetime as dt
import logging
import smtplib

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.template.defaultfilters import date as date_format
from django.template.loader import render_to_string
from django.urls import reverse

from privacyreq.tracking.actions import next_action
from privacyreq.tracking.dates import OPEN
from privacyreq.tracking.models import Reminder, ReminderKind, Request
from privacyreq.tracking.transitions import Status

logger = logging.getLogger(__name__)

WEEK = dt.timedelta(days=7)


def reminder_kind(*, due_on: dt.date, today: dt.date) -> str | None:
    """The reminder due ``today`` for a deadline on ``due_on``, or None.

    The week-before reminder is due on any day of the last week, not only on the seventh day, so a
    day on which cron did not run only delays it; it stops being due on the due date itself.
    """
    if today > due_on:
        return ReminderKind.OVERDUE
    if today == due_on:
        return ReminderKind.DUE_TODAY
    if today >= due_on - WEEK:
        return ReminderKind.WEEK_BEFORE
    return None


def reminder_candidates(*, today: dt.date) -> QuerySet[Request]:
    """Requests with a reminder due ``today`` that has not been sent yet, in one query.

    The kind is computed again in SQL (the same rules as ``reminder_kind``, which a test checks) so
    that the "already sent" test runs in the database: otherwise every request ever overdue would
    be read back on every run.
    """
    kind = Case(
        When(next_due_on__gt=today, then=Value(ReminderKind.WEEK_BEFORE.value)),
        When(next_due_on=today, then=Value(ReminderKind.DUE_TODAY.value)),
        default=Value(ReminderKind.OVERDUE.value),
        output_field=CharField(),
    )
    already_sent = Reminder.objects.filter(
        request=OuterRef("pk"), kind=OuterRef("reminder_kind"), due_on=OuterRef("next_due_on")
    )
    return (
        Request.objects.filter(
            status__in=OPEN,
            next_due_on__isnull=False,
            next_due_on__lte=today + WEEK,
            case__owner__is_active=True,
        )
        .exclude(case__owner__email="")
        # A user without a Profile row has never changed the default, which is "on".
        .filter(~Q(case__owner__profile__reminders_enabled=False))
        .annotate(reminder_kind=kind)
        .filter(~Exists(already_sent))
        .select_related("case", "case__owner", "authority")
        # The answers hold the user's details and own words; an email needs none of them.
        .defer("case__answers")
        .order_by("next_due_on", "id")
    )


def _title(request: Request) -> str:
    # The document's label without its article ("Objection to AI training (Art. 21(1) GDPR)"):
    # subject lines get cut on phones, and the controller's name matters more.
    label = request.get_kind_display()
    if label.endswith(")") and " (" in label:
        label = label.rpartition(" (")[0]
    return f"{label} — {request.case.controller_name}"


def _summary(*, request: Request, kind: str, today: dt.date) -> str:
    """One or two sentences saying who owes what by when, for the text and the HTML alike."""
    due = date_format(request.next_due_on, "j F Y")
    days = abs((request.next_due_on - today).days)
    in_days = "tomorrow" if days == 1 else f"in {days} days"
    late = f"{days} day{'' if days == 1 else 's'} late"
    if request.status == Status.COMPLAINT_LODGED:
        # Art. 78(2): the authority owes the complainant news of the complaint within 3 months.
        # Its name goes in brackets: "the" before it reads wrong in many languages' names.
        named = f" ({request.authority.name})" if request.authority else ""
        who = f"the authority you complained to{named}"
        owes = "must tell you the progress or outcome of your complaint"
        basis = "(Article 78(2) GDPR)"
    else:
        who = request.case.controller_name
        owes = "must answer your request"
        basis = "(Article 12(3) GDPR)"
    # Only our own words are capitalised; a company may spell its name in lower case.
    opener = who[0].upper() + who[1:] if who.startswith("the ") else who
    if kind == ReminderKind.WEEK_BEFORE:
        return f"{opener} {owes} by {due}, {in_days} {basis}."
    if kind == ReminderKind.DUE_TODAY:
        return f"Today, {due}, is the last day on which {who} {owes} {basis}."
    past = owes.replace("must", "had to", 1)
    return f"{opener} {past} by {due} {basis}. If you have heard nothing, it is {late}."


def reminder_message(
    *, request: Request, kind: str, today: dt.date, site_url: str
) -> EmailMultiAlternatives:
    """The email for one reminder. It names the request and the deadline, nothing the user wrote:
    mail passes through servers we do not control."""
    request_url = site_url + reverse("tracking:request", args=[request.pk])
    context = {
        "kind": kind,
        "title": _title(request),
        "summary": _summary(request=request, kind=kind, today=today),
        "owed_by_authority": request.status == Status.COMPLAINT_LODGED,
        "due_on": request.next_due_on,
        "days": abs((request.next_due_on - today).days),
        "action": next_action(
            status=request.status,
            outcome=request.outcome,
            next_due_on=request.next_due_on,
            today=today,
        ),
        "request_url": request_url,
        "settings_url": site_url + reverse("accounts:settings"),
    }
    # A subject is one line whatever the template's line breaks.
    subject = " ".join(render_to_string("tracking/email/reminder_subject.txt", context).split())
    context["subject"] = subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("tracking/email/reminder_body.txt", context),
        to=[request.case.owner.email],
        # RFC 3834: out-of-office replies should not answer an automatic message.
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("tracking/email/reminder_body.html", context), "text/html"
    )
    return message


def reminders_send(*, today: dt.date, site_url: str) -> int:
    """Send every reminder due ``today``; return how many were sent.

    Each one is claimed by inserting its ``Reminder`` row and sent in the same transaction, so a
    send that fails leaves no row and the next run tries again. A row another run inserted after
    the candidates were read makes the insert fail; that reminder is skipped and the rest go on.
    """
    sent = 0
    # One connection for the whole run, rather than one SMTP handshake per email.
    with get_connection() as connection:
        for request in reminder_candidates(today=today):
            kind = reminder_kind(due_on=request.next_due_on, today=today)
            if kind is None:  # pragma: no cover - the selector only returns due ones
                continue
            message = reminder_message(request=request, kind=kind, today=today, site_url=site_url)
            message.connection = connection
            try:
                with transaction.atomic():
                    Reminder.objects.create(request=request, kind=kind, due_on=request.next_due_on)
                    message.send()
            except IntegrityError:
                continue  # another run claimed and sent it
            except (smtplib.SMTPException, OSError):
                # One refused address must not hold up everyone else's reminders; this one was
                # rolled back and is retried next run.
                logger.exception("Reminder %s for request %s not sent", kind, request.pk)
                continue
            sent += 1
    return sent
