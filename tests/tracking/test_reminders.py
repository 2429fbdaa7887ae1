import datetime as dt
import io
import smtplib
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import reminders
from privacyreq.tracking.models import Preferences, Reminder, ReminderKind
from privacyreq.tracking.reminders import (
    reminder_candidates,
    reminder_kind,
)
from privacyreq.tracking.services import case_create, request_mark_sent, request_record
from privacyreq.tracking.transitions import Channel, Outcome, Status
from tests.factories import (
    RequestFactory,
    SupervisoryAuthorityFactory,
    UserFactory,
    x_answers,
)
from tests.tracking.reminders_support import (
    DUE,
    SENT_ON,
    SITE,
    day,
    send,
    waiting,
)


@pytest.fixture
def sent_objection(reference_data):
    """An objection to X, made and sent through the real services like a user would."""
    user = UserFactory()
    answers = answers_validate(raw=x_answers(documents=["objection"]), today=SENT_ON)
    case = case_create(owner=user, answers=answers)
    request = case.requests.get()
    return request_mark_sent(
        request=request, sent_on=SENT_ON, channel=Channel.EMAIL, actor=user, today=SENT_ON
    )


# The pure rule


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (DUE - 8 * day, None),
        (DUE - 7 * day, ReminderKind.WEEK_BEFORE),
        (DUE - 3 * day, ReminderKind.WEEK_BEFORE),  # cron missed the 7th day: still sent
        (DUE - day, ReminderKind.WEEK_BEFORE),
        (DUE, ReminderKind.DUE_TODAY),
        (DUE + day, ReminderKind.OVERDUE),
        (DUE + 400 * day, ReminderKind.OVERDUE),
    ],
)
def test_reminder_kind_on_the_boundary_days(today, kind):
    assert reminder_kind(due_on=DUE, today=today) == kind


@pytest.mark.django_db
def test_the_selector_computes_the_same_kind_as_the_pure_rule():
    requests = [waiting(due_on=DUE + offset * day) for offset in range(-3, 12)]
    found = {request.pk: request.reminder_kind for request in reminder_candidates(today=DUE)}
    for request in requests:
        assert found.get(request.pk) == reminder_kind(due_on=request.next_due_on, today=DUE)


# What is sent


def test_week_before_sends_one_email_with_subject_text_and_html(sent_objection, mailoutbox):
    assert sent_objection.due_on == DUE
    assert send(DUE - 7 * day) == 1

    [message] = mailoutbox
    title = "Objection to AI training — X Internet Unlimited Company"
    assert message.subject == f"[privacyreq] Answer due in 7 days: {title}"
    assert message.to == [sent_objection.case.owner.email]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    url = f"{SITE}/tracking/requests/{sent_objection.pk}/"
    text = message.body
    assert title in text
    assert "must answer your request by 2 December 2026, in 7 days (Article 12(3) GDPR)" in text
    assert "Record the answer" in text
    assert url in text
    assert f"{SITE}/settings/" in text
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Objection to AI training — X Internet Unlimited Company" in html
    assert "2 December 2026" in html
    assert f'href="{url}"' in html
    assert f'href="{SITE}/settings/"' in html
    assert "<img" not in html and "<link" not in html and "style" not in html
    # Nothing the user wrote travels by email.
    for personal in ("Aoife", "Main Street", "@aoife", "Dear Sir"):
        assert personal not in text and personal not in html
    reminder = Reminder.objects.get()
    assert (reminder.request, reminder.kind, reminder.due_on) == (
        sent_objection,
        ReminderKind.WEEK_BEFORE,
        DUE,
    )


def test_the_day_before_says_tomorrow(sent_objection, mailoutbox):
    assert send(DUE - day) == 1
    assert "Answer due tomorrow:" in mailoutbox[0].subject
    assert "by 2 December 2026, tomorrow" in mailoutbox[0].body


def test_on_the_due_date(sent_objection, mailoutbox):
    assert send(DUE) == 1
    [message] = mailoutbox
    assert message.subject.startswith("[privacyreq] Answer due today: Objection to AI training")
    assert "Today, 2 December 2026, is the last day on which X Internet Unlimited" in message.body
    assert Reminder.objects.get().kind == ReminderKind.DUE_TODAY


def test_overdue(sent_objection, mailoutbox):
    assert send(DUE + 3 * day) == 1
    [message] = mailoutbox
    assert message.subject.startswith("[privacyreq] Answer 3 days overdue: Objection")
    assert "had to answer your request by 2 December 2026" in message.body
    assert "it is 3 days late" in message.body
    assert "Escalate to a complaint" in message.body
    assert Reminder.objects.get().kind == ReminderKind.OVERDUE


@pytest.mark.django_db
def test_a_lodged_complaint_reminds_of_the_authoritys_deadline(mailoutbox):
    authority = SupervisoryAuthorityFactory()
    request = waiting(status=Status.COMPLAINT_LODGED, due_on=DUE - 90 * day, authority=authority)
    request.authority_due_on = request.next_due_on = DUE
    request.save()

    assert send(DUE - 7 * day) == 1
    assert send(DUE) == 1
    assert send(DUE + day) == 1
    week, today, late = mailoutbox
    assert week.subject.startswith("[privacyreq] Complaint update due in 7 days:")
    assert (
        "The authority you complained to (Data Protection Commission) must tell you the progress "
        "or outcome of your complaint by 2 December 2026, in 7 days (Article 78(2) GDPR)."
        in week.body
    )
    assert "Complaint update due today" in today.subject
    assert (
        "Today, 2 December 2026, is the last day on which the authority you complained to "
        "(Data Protection Commission) must tell you" in today.body
    )
    assert "Complaint update 1 day overdue" in late.subject
    assert "(Data Protection Commission) had to tell you the progress or outcome" in late.body
    assert "it is 1 day late" in late.body


@pytest.mark.django_db
def test_nothing_for_requests_nobody_owes_an_answer_to(mailoutbox):
    RequestFactory(status=Status.DRAFT)
    waiting(status=Status.DRAFT)  # inconsistent row: the status decides
    waiting(status=Status.CLOSED)
    waiting(status=Status.COMPLAINT_DRAFTED)
    answered = waiting(status=Status.ANSWERED)
    answered.outcome = Outcome.REFUSED
    answered.save()

    for today in (DUE - 7 * day, DUE, DUE + day):
        assert send(today) == 0
    assert mailoutbox == []
    assert not Reminder.objects.exists()


@pytest.mark.django_db
def test_nothing_for_users_who_turned_reminders_off_or_have_no_email(mailoutbox):
    off = waiting()
    Preferences.objects.create(user=off.case.owner, reminders_enabled=False)
    on = waiting()
    Preferences.objects.create(user=on.case.owner, reminders_enabled=True)
    no_preferences = waiting()
    no_email = waiting(case__owner__email="")
    inactive = waiting(case__owner__is_active=False)

    assert send(DUE) == 2
    assert {reminder.request for reminder in Reminder.objects.all()} == {on, no_preferences}
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [on.case.owner.email, no_preferences.case.owner.email]
    )
    assert no_email.reminders.count() == inactive.reminders.count() == off.reminders.count() == 0


# Exactly once


def test_running_twice_on_the_same_day_sends_once(sent_objection, mailoutbox):
    call_command("send_reminders", date=str(DUE - 7 * day), stdout=(out := io.StringIO()))
    call_command("send_reminders", date=str(DUE - 7 * day), stdout=(again := io.StringIO()))
    # The second line is the purge of expired cache rows (tests/core/test_cache_purge.py).
    assert out.getvalue().splitlines()[0] == "Sent 1 reminder(s)."
    assert again.getvalue().splitlines()[0] == "Sent 0 reminder(s)."
    assert len(mailoutbox) == 1
    assert Reminder.objects.count() == 1


def test_daily_runs_from_sending_to_ten_days_late_send_three_emails(sent_objection, mailoutbox):
    today = SENT_ON
    while today <= DUE + 10 * day:
        call_command("send_reminders", date=today.isoformat(), stdout=io.StringIO())
        today += day
    assert [message.subject.split(":")[0] for message in mailoutbox] == [
        "[privacyreq] Answer due in 7 days",
        "[privacyreq] Answer due today",
        "[privacyreq] Answer 1 day overdue",
    ]
    assert list(Reminder.objects.order_by("sent_at", "id").values_list("kind", "due_on")) == [
        (ReminderKind.WEEK_BEFORE, DUE),
        (ReminderKind.DUE_TODAY, DUE),
        (ReminderKind.OVERDUE, DUE),
    ]


def test_an_extension_brings_reminders_for_the_new_date(sent_objection, mailoutbox):
    owner = sent_objection.case.owner
    assert send(DUE - 7 * day) == 1
    request = request_record(
        request=sent_objection,
        status=Status.EXTENDED,
        on=DUE - 2 * day,
        actor=owner,
        today=DUE - 2 * day,
    )
    new_due = request.next_due_on
    assert new_due > DUE + 50 * day

    assert send(DUE) == 0  # the old date no longer matters
    assert send(new_due - 7 * day) == 1
    assert send(new_due) == 1
    assert "2 February 2027" in mailoutbox[1].body
    assert set(request.reminders.values_list("kind", "due_on")) == {
        (ReminderKind.WEEK_BEFORE, DUE),
        (ReminderKind.WEEK_BEFORE, new_due),
        (ReminderKind.DUE_TODAY, new_due),
    }


@pytest.mark.django_db
def test_the_database_refuses_a_second_reminder_for_the_same_deadline():
    request = waiting()
    Reminder.objects.create(request=request, kind=ReminderKind.DUE_TODAY, due_on=DUE)
    Reminder.objects.create(request=request, kind=ReminderKind.OVERDUE, due_on=DUE)
    Reminder.objects.create(request=request, kind=ReminderKind.DUE_TODAY, due_on=DUE + day)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(request=request, kind=ReminderKind.DUE_TODAY, due_on=DUE)


@pytest.mark.django_db
def test_a_reminder_claimed_by_a_concurrent_run_is_not_sent_again(mailoutbox):
    taken, free = waiting(), waiting()
    stale = list(reminder_candidates(today=DUE))
    # Another run claims one between our read and our insert.
    Reminder.objects.create(request=taken, kind=ReminderKind.DUE_TODAY, due_on=DUE)

    with mock.patch.object(reminders, "reminder_candidates", return_value=stale):
        assert send(DUE) == 1

    [message] = mailoutbox
    assert message.to == [free.case.owner.email]
    assert taken.reminders.count() == free.reminders.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_claim_outside_any_test_transaction(mailoutbox):
    # As in production: each claim is its own transaction, not a savepoint in the test's.
    taken, free = waiting(), waiting()
    stale = list(reminder_candidates(today=DUE))
    Reminder.objects.create(request=taken, kind=ReminderKind.DUE_TODAY, due_on=DUE)

    with mock.patch.object(reminders, "reminder_candidates", return_value=stale):
        assert send(DUE) == 1

    assert [message.to for message in mailoutbox] == [[free.case.owner.email]]
    assert Reminder.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_send_leaves_no_claim_so_the_next_run_retries(mailoutbox, caplog):
    request = waiting()
    refused = smtplib.SMTPRecipientsRefused({request.case.owner.email: (550, b"No such user")})
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refused):
        assert send(DUE) == 0
    assert not Reminder.objects.exists()
    assert "not sent" in caplog.text

    assert send(DUE) == 1
    assert len(mailoutbox) == 1
    assert request.reminders.count() == 1


@pytest.mark.django_db
def test_a_programming_error_while_sending_stops_the_run_and_leaves_no_claim(mailoutbox):
    waiting()
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        send(DUE)
    assert not Reminder.objects.exists()


# The command


@pytest.mark.django_db
def test_the_command_defaults_to_today_in_the_configured_time_zone(mailoutbox):
    waiting(due_on=dt.date(2026, 6, 1))
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 6, 1)):
        call_command("send_reminders", stdout=(out := io.StringIO()))
    assert out.getvalue().splitlines()[0] == "Sent 1 reminder(s)."


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "02/12/2026", ""])
def test_the_command_refuses_a_malformed_date(value):
    with pytest.raises(CommandError, match="--date must be a date as YYYY-MM-DD"):
        call_command("send_reminders", date=value)
