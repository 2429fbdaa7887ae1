"""A tracked case whose complaint is a draft for after the letters' reply date: the complaint is a
step of its own, dated the day after that date, on the dashboard and its own page, with one
reminder on that day (not before, not again on a second run), none once the letters were answered
in full or the complaint closed. Its day follows the letters when they are recorded as sent.

Cases are saved and changed through the real services, as the pages do."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from privacyreq.deadlines import response_due
from privacyreq.letters.services import answers_validate, letters_draft
from privacyreq.tracking.models import Reminder, ReminderKind
from privacyreq.tracking.services import case_create, request_mark_sent, request_record
from privacyreq.tracking.templatetags.tracking import weekday_date
from privacyreq.tracking.transitions import Channel, Outcome, Status
from tests.factories import UserFactory, x_answers
from tests.tracking.reminders_support import DUE, SENT_ON, day, send

pytestmark = pytest.mark.django_db

DPC = "Data Protection Commission"
# The letters are dated SENT_ON and go by email: their answer is due on DUE (Wednesday
# 2 December 2026), so the complaint may go on Thursday 3 December.
COMPLAINT_FROM = DUE + day
SENTENCE = (
    "The answers to your letters to X Internet Unlimited Company were due yesterday, "
    "2 December 2026. If they have not come, or do not deal with all you asked, your complaint "
    f"to {DPC} is ready: check it, fill in its blanks and send it."
)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def tracked(*, date: dt.date = SENT_ON, **overrides):
    raw = x_answers(
        **{
            "documents": ["objection", "erasure", "complaint"],
            "complaint_to": "lead",
            "sent_by": "email",
            "date": date.isoformat(),
            **overrides,
        }
    )
    user = UserFactory()
    answers = answers_validate(raw=raw, today=date)
    return user, case_create(owner=user, answers=answers)


def complaint_of(case):
    return case.requests.get(kind="complaint")


def letters_of(case):
    return list(case.requests.exclude(kind="complaint"))


def complaint_mails(mailoutbox):
    return [m for m in mailoutbox if "your complaint can go now" in m.subject]


def test_the_drafted_complaint_is_dated_the_day_after_the_letters_due_date(reference_data):
    _user, case = tracked()
    assert letters_draft(answers=answers_validate(raw=case.answers, today=SENT_ON)).due_date == DUE
    complaint = complaint_of(case)
    assert complaint.status == Status.COMPLAINT_DRAFTED
    assert complaint.complaint_from == COMPLAINT_FROM
    assert all(letter.complaint_from is None for letter in letters_of(case))


def test_one_reminder_on_the_day_after_not_before_and_once_only(reference_data, mailoutbox):
    _user, case = tracked()

    assert send(DUE) == 0
    assert send(COMPLAINT_FROM) == 1
    [message] = mailoutbox
    assert message.subject == (
        "[privacyreq] If no full answer came, your complaint can go now: "
        "Complaint to a data protection authority — X Internet Unlimited Company"
    )
    assert SENTENCE in flat(message.body)
    [html] = [content for content, mime in message.alternatives if mime == "text/html"]
    assert SENTENCE in flat(html)
    assert reverse("tracking:request", args=[complaint_of(case).pk]) in message.body

    # A second run the same day, and the days after, send nothing more.
    assert send(COMPLAINT_FROM) == 0
    assert send(COMPLAINT_FROM + day) == 0
    assert len(mailoutbox) == 1
    [reminder] = Reminder.objects.all()
    assert (reminder.kind, reminder.due_on) == (ReminderKind.COMPLAINT_READY, COMPLAINT_FROM)


def test_one_letter_is_told_in_the_singular(reference_data, mailoutbox):
    tracked(documents=["objection", "complaint"])
    assert send(COMPLAINT_FROM) == 1
    assert (
        "The answer to your letter to X Internet Unlimited Company was due yesterday, "
        "2 December 2026. If it has not come, or does not deal with all you asked, your "
        f"complaint to {DPC} is ready"
    ) in flat(mailoutbox[0].body)


def _sent_and_answered(case, user, outcomes):
    for letter, outcome in zip(letters_of(case), outcomes, strict=True):
        request_mark_sent(
            request=letter, sent_on=SENT_ON, channel=Channel.EMAIL, actor=user, today=SENT_ON
        )
        if outcome:
            request_record(
                request=letter,
                status=Status.ANSWERED,
                outcome=outcome,
                on=SENT_ON + 10 * day,
                actor=user,
                today=SENT_ON + 10 * day,
            )


def test_no_reminder_once_every_letter_was_answered_in_full(reference_data, mailoutbox):
    user, case = tracked()
    _sent_and_answered(case, user, [Outcome.COMPLIED, Outcome.COMPLIED])

    assert send(COMPLAINT_FROM) == 0
    assert not complaint_mails(mailoutbox)


def test_a_partial_answer_or_one_still_missing_still_sends_it(reference_data, mailoutbox):
    user, case = tracked()
    _sent_and_answered(case, user, [Outcome.COMPLIED, Outcome.PARTLY])

    send(COMPLAINT_FROM)
    assert len(complaint_mails(mailoutbox)) == 1


def test_no_reminder_once_the_complaint_is_closed(reference_data, mailoutbox):
    user, case = tracked()
    request_record(
        request=complaint_of(case),
        status=Status.CLOSED,
        on=SENT_ON + 5 * day,
        actor=user,
        today=SENT_ON + 5 * day,
    )

    assert send(COMPLAINT_FROM) == 0
    assert not mailoutbox


def test_no_reminder_for_a_complaint_lodged_now(reference_data, mailoutbox):
    _user, case = tracked(notice_received="no", complaint_now=True)
    assert complaint_of(case).complaint_from is None
    assert send(COMPLAINT_FROM) == 0


def test_its_day_follows_the_letters_once_they_are_recorded_as_sent(reference_data, mailoutbox):
    user, case = tracked()
    late = SENT_ON + 3 * day
    for letter in letters_of(case):
        request_mark_sent(
            request=letter, sent_on=late, channel=Channel.EMAIL, actor=user, today=late
        )
    later = response_due(late, country="IE") + day
    assert later != COMPLAINT_FROM
    assert complaint_of(case).complaint_from == later

    send(COMPLAINT_FROM)
    assert not complaint_mails(mailoutbox)
    send(later)
    assert len(complaint_mails(mailoutbox)) == 1


def test_the_pages_show_the_complaint_as_a_later_step_with_its_date(client, reference_data):
    today = timezone.localdate()
    user, case = tracked(date=today)
    complaint = complaint_of(case)
    step = complaint.complaint_from
    assert step == response_due(today, country="IE") + day
    client.force_login(user)

    page = flat(client.get(reverse("tracking:request", args=[complaint.pk])).content.decode())
    assert (
        f"{weekday_date(step)} (the day after the letters’ reply date, if no complete answer has "  # noqa: RUF001
        "come by then)"
    ) in page
    waiting = (
        f"Send the complaint only from {step.day} {step:%B %Y}, and only if no complete answer "
        "to your letters has come by then."
    )
    assert waiting in page

    dashboard = flat(client.get(reverse("tracking:dashboard")).content.decode())
    assert (
        f"Send from {date_format(step, 'SHORT_DATE_FORMAT')}, if no complete answer has come"
        in dashboard
    )
    assert waiting in dashboard


def test_after_an_earlier_request_it_waits_for_that_requests_reply_date(reference_data, mailoutbox):
    # An objection sent on 20 October: its month ends on Friday 20 November, before the letters'.
    prior_sent = dt.date(2026, 10, 20)
    prior_due = response_due(prior_sent, country="IE")
    user, case = tracked(
        date=dt.date(2026, 11, 2),
        documents=["access", "complaint"],
        prior_request={
            "document": "objection",
            "sent_on": prior_sent.isoformat(),
            "channel": "email",
            "reply": "acknowledged",
        },
    )
    complaint = complaint_of(case)
    assert complaint.complaint_from == prior_due + day
    # The access request saved with it is another request: marking it sent moves nothing.
    [access] = letters_of(case)
    request_mark_sent(
        request=access, sent_on=SENT_ON, channel=Channel.EMAIL, actor=user, today=SENT_ON
    )
    assert complaint_of(case).complaint_from == prior_due + day

    send(prior_due + day)
    assert len(complaint_mails(mailoutbox)) == 1


def test_after_an_earlier_request_alone_it_is_reminded_of_too(reference_data, mailoutbox):
    prior_sent = dt.date(2026, 10, 20)
    prior_due = response_due(prior_sent, country="IE")
    raw = x_answers(
        documents=["complaint"],
        complaint_to="lead",
        prior_request={"document": "objection", "sent_on": prior_sent.isoformat()},
    )
    case = case_create(owner=UserFactory(), answers=answers_validate(raw=raw, today=SENT_ON))
    assert complaint_of(case).complaint_from == prior_due + day

    assert send(prior_due + day) == 1
    assert (
        "The answer to your letter to X Internet Unlimited Company was due yesterday, "
        f"{prior_due.day} November 2026." in flat(mailoutbox[0].body)
    )
