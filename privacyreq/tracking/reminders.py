"""Reminder emails: a week before a request's due date, on the day, and once it has passed; and,
for a complaint drafted with the letters, once on the day after their due date, when it may go.

Each reminder goes out once per (request, kind, due date). The ``Reminder`` row is the claim, and
its unique constraint, not this code, is what stops a second run of ``send_reminders`` (a cron
retry or an overlapping run) from emailing again: the second insert is skipped.
"""

import datetime as dt
import logging
import smtplib
import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, override

from privacyreq.letters.kinds import FOLLOW_UP_KINDS, KINDS, REQUEST_KINDS
from privacyreq.tracking.actions import next_action
from privacyreq.tracking.dates import OPEN
from privacyreq.tracking.models import Reminder, ReminderKind, Request
from privacyreq.tracking.transitions import Outcome, Status

logger = logging.getLogger(__name__)

WEEK = dt.timedelta(days=7)
# Reminders claimed and sent per transaction. The queries of a run grow with due reminders divided
# by this; the claims stay uncommitted while the batch's emails go out, so it also bounds how long
# an overlapping run waits on them and how many emails a killed process would send again next run.
# 150 claims of 5 columns also fit one INSERT on SQLite (999 parameters).
BATCH_SIZE = 150


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


def _complaint_ready(request: Request) -> bool:
    """A complaint drafted with the letters, waiting for the day after their due date."""
    return request.status == Status.COMPLAINT_DRAFTED and request.complaint_from is not None


def _due_on(request: Request) -> dt.date:
    """The date a reminder is about (its ``Reminder.due_on``): a request's due date, or a drafted
    complaint's first day. Reminders only go out for ``reminder_candidates``, which all have one."""
    due_on = request.complaint_from if _complaint_ready(request) else request.next_due_on
    assert due_on is not None  # reminder_candidates excludes requests without one
    return due_on


def _request_kind(request: Request, *, today: dt.date) -> str | None:
    """The reminder due ``today`` for ``request``: a drafted complaint's on its day only."""
    if _complaint_ready(request):
        return ReminderKind.COMPLAINT_READY if request.complaint_from == today else None
    return reminder_kind(due_on=_due_on(request), today=today)


def reminder_candidates(*, today: dt.date) -> QuerySet[Request]:
    """Requests with a reminder due ``today`` that has not been sent yet, in one query.

    The kind is computed again in SQL (the same rules as ``reminder_kind``, which a test checks) so
    that the "already sent" test runs in the database: otherwise every request ever overdue would
    be read back on every run. A complaint drafted with the letters is a candidate on its
    ``complaint_from`` day only, and only while one of its letters still lacks a complete answer:
    a letter answered in full (complied) or closed needs no complaint.
    """
    kind = Case(
        When(status=Status.COMPLAINT_DRAFTED, then=Value(ReminderKind.COMPLAINT_READY.value)),
        When(next_due_on__gt=today, then=Value(ReminderKind.WEEK_BEFORE.value)),
        When(next_due_on=today, then=Value(ReminderKind.DUE_TODAY.value)),
        default=Value(ReminderKind.OVERDUE.value),
        output_field=CharField(),
    )
    # The date the reminder is about, as ``_due_on`` gives it, and the order of the batches.
    reminder_on = Case(
        When(status=Status.COMPLAINT_DRAFTED, then=F("complaint_from")),
        default=F("next_due_on"),
        output_field=DateField(),
    )
    already_sent = Reminder.objects.filter(
        request=OuterRef("pk"), kind=OuterRef("reminder_kind"), due_on=OuterRef("reminder_on")
    )
    letters = Request.objects.filter(case=OuterRef("case"), kind__in=REQUEST_KINDS)
    letter_unsettled = letters.exclude(status=Status.CLOSED).exclude(
        status=Status.ANSWERED, outcome=Outcome.COMPLIED
    )
    deadline = Q(status__in=OPEN, next_due_on__isnull=False, next_due_on__lte=today + WEEK)
    # A complaint after an earlier request may come without letters of its own: nothing recorded
    # can then say the answer came, and it is reminded of.
    complaint_day = Q(status=Status.COMPLAINT_DRAFTED, complaint_from=today) & (
        Exists(letter_unsettled) | ~Exists(letters)
    )
    return (
        Request.objects.filter(deadline | complaint_day, case__owner__is_active=True)
        .exclude(case__owner__email="")
        # A user without a Preferences row has never changed the default, which is "on".
        .filter(~Q(case__owner__tracking_preferences__reminders_enabled=False))
        .annotate(reminder_kind=kind, reminder_on=reminder_on)
        .filter(~Exists(already_sent))
        # The owner's preferences say which language the email is written in.
        .select_related("case", "case__owner", "case__owner__tracking_preferences", "authority")
        # The answers hold the user's details and own words; an email needs none of them.
        .defer("case__answers")
        .order_by("reminder_on", "id")
    )


def _title(request: Request) -> str:
    # The document's label without its article ("Objection to AI training"): subject lines get
    # cut on phones, and the controller's name matters more.
    spec = KINDS.get(request.kind)
    label = str(spec.short_title) if spec else request.get_kind_display()
    return f"{label} — {request.case.controller_name}"


def _controller_summary(*, kind: str, days: int, values: dict) -> str:
    """Who owes what by when, when the organisation owes the answer (Art. 12(3))."""
    if kind == ReminderKind.WEEK_BEFORE and days == 1:
        # Translators: reminder email. %(controller)s is the organisation's name, %(due)s a date.
        text = gettext(
            "%(controller)s must answer your request by %(due)s, tomorrow (Article 12(3) GDPR)."
        )
    elif kind == ReminderKind.WEEK_BEFORE:
        # Translators: reminder email. %(controller)s is the organisation's name, %(due)s a date.
        text = ngettext(
            "%(controller)s must answer your request by %(due)s, in %(days)s day "
            "(Article 12(3) GDPR).",
            "%(controller)s must answer your request by %(due)s, in %(days)s days "
            "(Article 12(3) GDPR).",
            days,
        )
    elif kind == ReminderKind.DUE_TODAY:
        # Translators: reminder email. %(controller)s is the organisation's name, %(due)s a date.
        text = gettext(
            "Today, %(due)s, is the last day on which %(controller)s must answer your request "
            "(Article 12(3) GDPR)."
        )
    else:
        # Translators: reminder email. %(controller)s is the organisation's name, %(due)s a date.
        text = ngettext(
            "%(controller)s had to answer your request by %(due)s (Article 12(3) GDPR). If you "
            "have heard nothing, it is %(days)s day late.",
            "%(controller)s had to answer your request by %(due)s (Article 12(3) GDPR). If you "
            "have heard nothing, it is %(days)s days late.",
            days,
        )
    return text % values


def _follow_up_summary(*, kind: str, days: int, values: dict) -> str:
    """Who owes what by when, for a reminder or reply letter: the final date it gave."""
    if kind == ReminderKind.WEEK_BEFORE:
        # Translators: reminder email about the user's own reminder or reply letter to an
        # organisation. %(controller)s is the organisation's name, %(due)s a date.
        text = ngettext(
            "%(controller)s must answer your follow-up letter by %(due)s, the final date it "
            "gave, in %(days)s day.",
            "%(controller)s must answer your follow-up letter by %(due)s, the final date it "
            "gave, in %(days)s days.",
            days,
        )
    elif kind == ReminderKind.DUE_TODAY:
        # Translators: reminder email. %(controller)s is the organisation's name, %(due)s a date.
        text = gettext(
            "Today, %(due)s, is the final date your follow-up letter gave %(controller)s."
        )
    else:
        # Translators: reminder email. %(controller)s is the organisation's name, %(due)s a date.
        text = gettext(
            "The final date your follow-up letter gave %(controller)s was %(due)s. If no "
            "complete answer has come, you can now complain to the supervisory authority."
        )
    return text % values


def _authority_summary(*, kind: str, days: int, values: dict) -> str:
    """Who owes what by when, when the authority owes news of the complaint (Art. 78(2)): the
    authority owes the complainant news of the complaint within three months. Its name goes in
    brackets: "the" before it reads wrong in many languages' names."""
    if kind == ReminderKind.WEEK_BEFORE and days == 1:
        # Translators: reminder email. %(authority)s is the authority's name, %(due)s a date.
        text = gettext(
            "The authority you complained to (%(authority)s) must tell you the progress or "
            "outcome of your complaint by %(due)s, tomorrow (Article 78(2) GDPR)."
        )
    elif kind == ReminderKind.WEEK_BEFORE:
        # Translators: reminder email. %(authority)s is the authority's name, %(due)s a date.
        text = ngettext(
            "The authority you complained to (%(authority)s) must tell you the progress or "
            "outcome of your complaint by %(due)s, in %(days)s day (Article 78(2) GDPR).",
            "The authority you complained to (%(authority)s) must tell you the progress or "
            "outcome of your complaint by %(due)s, in %(days)s days (Article 78(2) GDPR).",
            days,
        )
    elif kind == ReminderKind.DUE_TODAY:
        # Translators: reminder email. %(authority)s is the authority's name, %(due)s a date.
        text = gettext(
            "Today, %(due)s, is the last day on which the authority you complained to "
            "(%(authority)s) must tell you the progress or outcome of your complaint "
            "(Article 78(2) GDPR)."
        )
    else:
        # Translators: reminder email. %(authority)s is the authority's name, %(due)s a date.
        text = ngettext(
            "The authority you complained to (%(authority)s) had to tell you the progress or "
            "outcome of your complaint by %(due)s (Article 78(2) GDPR). If you have heard "
            "nothing, it is %(days)s day late.",
            "The authority you complained to (%(authority)s) had to tell you the progress or "
            "outcome of your complaint by %(due)s (Article 78(2) GDPR). If you have heard "
            "nothing, it is %(days)s days late.",
            days,
        )
    return text % values


def _unnamed_authority_summary(*, kind: str, days: int, values: dict) -> str:
    """As ``_authority_summary``, for a request whose authority is no longer in the data."""
    if kind == ReminderKind.WEEK_BEFORE and days == 1:
        # Translators: reminder email. %(due)s is a date.
        text = gettext(
            "The authority you complained to must tell you the progress or outcome of your "
            "complaint by %(due)s, tomorrow (Article 78(2) GDPR)."
        )
    elif kind == ReminderKind.WEEK_BEFORE:
        # Translators: reminder email. %(due)s is a date.
        text = ngettext(
            "The authority you complained to must tell you the progress or outcome of your "
            "complaint by %(due)s, in %(days)s day (Article 78(2) GDPR).",
            "The authority you complained to must tell you the progress or outcome of your "
            "complaint by %(due)s, in %(days)s days (Article 78(2) GDPR).",
            days,
        )
    elif kind == ReminderKind.DUE_TODAY:
        # Translators: reminder email. %(due)s is a date.
        text = gettext(
            "Today, %(due)s, is the last day on which the authority you complained to must tell "
            "you the progress or outcome of your complaint (Article 78(2) GDPR)."
        )
    else:
        # Translators: reminder email. %(due)s is a date.
        text = ngettext(
            "The authority you complained to had to tell you the progress or outcome of your "
            "complaint by %(due)s (Article 78(2) GDPR). If you have heard nothing, it is "
            "%(days)s day late.",
            "The authority you complained to had to tell you the progress or outcome of your "
            "complaint by %(due)s (Article 78(2) GDPR). If you have heard nothing, it is "
            "%(days)s days late.",
            days,
        )
    return text % values


def _complaint_ready_summary(*, request: Request) -> str:
    """The day after the letters' due date: their answer was due yesterday, and the complaint
    drafted with them may go if it did not come in full."""
    assert request.complaint_from is not None  # only for _complaint_ready requests
    answers = request.case.answers
    # After an earlier request the complaint waits for that one request's answer; otherwise for
    # the letters saved with it.
    prior = answers.get("prior_request") or answers.get("prior_request_sent_on")
    letters = 1 if prior else request.case.requests.filter(kind__in=REQUEST_KINDS).count()
    values = {
        "due": date_format(request.complaint_from - dt.timedelta(days=1), "DATE_FORMAT"),
        "controller": request.case.controller_name,
        "authority": request.authority.name if request.authority else "",
    }
    if request.authority:
        # Translators: reminder email, sent the day after the organisation's deadline to answer
        # the letters the user sent. %(controller)s: the organisation's name; %(due)s: yesterday's
        # date; %(authority)s: the data protection authority's name. "complaint is ready": the
        # user saved it with the letters; it has blanks they fill in before sending it.
        text = ngettext(
            "The answer to your letter to %(controller)s was due yesterday, %(due)s. If it has "
            "not come, or does not deal with all you asked, your complaint to %(authority)s is "
            "ready: check it, fill in its blanks and send it.",
            "The answers to your letters to %(controller)s were due yesterday, %(due)s. If they "
            "have not come, or do not deal with all you asked, your complaint to %(authority)s is "
            "ready: check it, fill in its blanks and send it.",
            letters,
        )
    else:
        # Translators: as the sentence before, for an authority no longer in the reference data.
        text = ngettext(
            "The answer to your letter to %(controller)s was due yesterday, %(due)s. If it has "
            "not come, or does not deal with all you asked, your complaint to the data protection "
            "authority is ready: check it, fill in its blanks and send it.",
            "The answers to your letters to %(controller)s were due yesterday, %(due)s. If they "
            "have not come, or do not deal with all you asked, your complaint to the data "
            "protection authority is ready: check it, fill in its blanks and send it.",
            letters,
        )
    return text % values


def _summary(*, request: Request, kind: str, today: dt.date) -> str:
    """One or two sentences saying who owes what by when, for the text and the HTML alike, in
    the active language. Each variant is a whole sentence, so translators can order it."""
    if kind == ReminderKind.COMPLAINT_READY:
        return _complaint_ready_summary(request=request)
    due_on = _due_on(request)
    days = abs((due_on - today).days)
    values = {
        "due": date_format(due_on, "DATE_FORMAT"),
        "days": days,
        "controller": request.case.controller_name,
        "authority": request.authority.name if request.authority else "",
    }
    if request.status != Status.COMPLAINT_LODGED and request.kind in FOLLOW_UP_KINDS:
        return _follow_up_summary(kind=kind, days=days, values=values)
    if request.status != Status.COMPLAINT_LODGED:
        return _controller_summary(kind=kind, days=days, values=values)
    if request.authority:
        return _authority_summary(kind=kind, days=days, values=values)
    return _unnamed_authority_summary(kind=kind, days=days, values=values)


def recipient_language(user) -> str:
    """The language of the emails privacyreq sends ``user``: their preferences', or the default
    for a user who has never had any."""
    try:
        preferences = user.tracking_preferences
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE
    return preferences.language or settings.LANGUAGE_CODE


def reminder_message(
    *, request: Request, kind: str, today: dt.date, site_url: str
) -> EmailMultiAlternatives:
    """The email for one reminder, in the language the owner chose for emails. It names the
    request and the deadline, nothing the user wrote: mail passes through servers we do not
    control."""
    owner = request.case.owner
    with override(recipient_language(owner)):
        return _reminder_message(request=request, kind=kind, today=today, site_url=site_url)


def _reminder_message(
    *, request: Request, kind: str, today: dt.date, site_url: str
) -> EmailMultiAlternatives:
    request_url = site_url + reverse("tracking:request", args=[request.pk])
    context = {
        "kind": kind,
        "title": _title(request),
        "summary": _summary(request=request, kind=kind, today=today),
        "owed_by_authority": request.status == Status.COMPLAINT_LODGED,
        "due_on": request.next_due_on,
        "days": abs((_due_on(request) - today).days),
        "action": next_action(
            status=request.status,
            outcome=request.outcome,
            next_due_on=request.next_due_on,
            today=today,
            complaint_from=request.complaint_from,
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


def reminders_send(*, today: dt.date, site_url: str, batch_size: int = BATCH_SIZE) -> int:
    """Send every reminder due ``today``; return how many were sent.

    Reminders go out in batches, each in one transaction: the batch's claims (``Reminder`` rows)
    are inserted at once, skipping any another run holds, its emails are sent, and the claims of
    the sends that failed are deleted before the commit, so the next run tries those again.
    A handful of queries per batch, whatever its size.
    """
    sent = 0
    after: tuple[dt.date, int] | None = None
    # One connection for the whole run, rather than one SMTP handshake per email.
    with get_connection() as connection:
        while True:
            batch = _candidates_batch(today=today, after=after, size=batch_size)
            if batch:
                sent += _batch_send(
                    batch=batch, today=today, site_url=site_url, connection=connection
                )
            if len(batch) < batch_size:
                return sent
            after = (_due_on(batch[-1]), batch[-1].pk)


def _candidates_batch(
    *, today: dt.date, after: tuple[dt.date, int] | None, size: int
) -> list[Request]:
    """The next ``size`` candidates past ``after`` (their order's key), in one query.

    Paging by key rather than taking the first rows again: a reminder whose send failed is still
    a candidate, and must wait for the next run instead of coming back in every batch.
    """
    candidates = reminder_candidates(today=today)
    if after is not None:
        due_on, pk = after
        candidates = candidates.filter(Q(reminder_on__gt=due_on) | Q(reminder_on=due_on, pk__gt=pk))
    return list(candidates[:size])


def _batch_send(
    *, batch: list[Request], today: dt.date, site_url: str, connection: BaseEmailBackend
) -> int:
    """Claim, send and commit one batch; return how many were sent."""
    # Rendered before claiming: a template error then leaves nothing claimed.
    due = []
    for request in batch:
        kind = _request_kind(request, today=today)
        if kind is None:  # pragma: no cover - the selector only returns due ones
            continue
        message = reminder_message(request=request, kind=kind, today=today, site_url=site_url)
        message.connection = connection
        due.append((request, kind, message))

    token = uuid.uuid4()
    sent: set[int] = set()
    error: BaseException | None = None
    with transaction.atomic():
        # A claim another run holds is skipped; on PostgreSQL an uncommitted one makes this wait
        # for that run's commit (skip) or rollback (insert), so two runs never both send.
        Reminder.objects.bulk_create(
            [
                Reminder(request=request, kind=kind, due_on=_due_on(request), claim=token)
                for request, kind, _ in due
            ],
            ignore_conflicts=True,
        )
        # Looked up by the batch's ids, through an index on request_id, not by scanning the token
        # column of every reminder ever sent.
        ours = set(
            Reminder.objects.filter(
                claim=token, request__in=[request.pk for request, _, _ in due]
            ).values_list("request_id", flat=True)
        )
        for request, kind, message in due:
            if request.pk not in ours:
                continue  # another run claimed and sends it
            try:
                message.send()
            except (smtplib.SMTPException, OSError):
                # One refused address must not hold up everyone else's reminders; its claim is
                # given back below and it is retried next run.
                logger.exception("Reminder %s for request %s not sent", kind, request.pk)
                continue
            except BaseException as exc:
                # Stop the run, but commit what already went out: rolling the whole batch back
                # would send those again next run.
                error = exc
                break
            sent.add(request.pk)
        if unsent := ours - sent:
            Reminder.objects.filter(claim=token, request__in=unsent).delete()
    if error is not None:
        raise error
    return len(sent)
