"""What a complaint says happened with a tracked request, and the titles of its annexes.

Each way of sending (email, web form, post with or without a known delivery date), with or without
a reference, is its own sentence in the complaint's dated list of events; so is each thing the
controller did. Requests are built through the real services and read back through the public
``request_history`` and ``complaint_annexes``, the same calls escalation makes; a few rows written
before the tool recorded a detail (the channel, an extension's new date, an answer's outcome) are
appended with ``event_append`` as they were stored then.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.escalation_story import complaint_annexes, request_history
from privacyreq.tracking.services import (
    event_append,
    request_mark_sent,
    request_record,
)
from privacyreq.tracking.transitions import Outcome, Status
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    AFTER_DUE,
    SENT_ON,
    complaint_text,
    escalate,
    long_date,
    make_case,
    png_bytes,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 15)
OBJECTION = "my objection under Article 21(1) GDPR"
ANNEX_OBJECTION = "My objection under Article 21(1) GDPR"


@pytest.fixture
def owner(reference_data):
    return UserFactory()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def mark_sent(request, *, channel, reference="", received_on=None, on=SENT_ON):
    return request_mark_sent(
        request=request,
        sent_on=on,
        channel=channel,
        reference=reference,
        received_on=received_on,
        actor=None,
        today=TODAY,
    )


def story(request) -> list[tuple[dt.date, str]]:
    return [(item.date, item.text) for item in request_history(request=request)]


def annex_titles(request) -> list[str]:
    return [annex.title for annex in complaint_annexes(request=request)]


# --- "I sent the controller ..." ----------------------------------------------------------------


ARRIVED_ON = SENT_ON + dt.timedelta(days=3)
POSTED_ARRIVAL = SENT_ON + dt.timedelta(days=settings.TRACKING_POST_DAYS)


@pytest.mark.parametrize(
    ("channel", "reference", "received_on", "sentence"),
    [
        (
            "email",
            "ABC-123",
            None,
            f"I sent the controller {OBJECTION} by email (reference ABC-123).",
        ),
        ("email", "", None, f"I sent the controller {OBJECTION} by email."),
        (
            "web_form",
            "Ticket 42",
            None,
            f"I sent the controller {OBJECTION} through the controller\u2019s web form "
            "(reference Ticket 42).",
        ),
        (
            "web_form",
            "",
            None,
            f"I sent the controller {OBJECTION} through the controller\u2019s web form.",
        ),
        (
            "post",
            "RR 1234 5678 9IE",
            ARRIVED_ON,
            f"I sent the controller {OBJECTION} by post (reference RR 1234 5678 9IE); it "
            f"reached the controller on or about {long_date(ARRIVED_ON)}.",
        ),
        (
            "post",
            "",
            ARRIVED_ON,
            f"I sent the controller {OBJECTION} by post; it reached the controller on or about "
            f"{long_date(ARRIVED_ON)}.",
        ),
        # Without proof of delivery the tool assumes a few days in the post.
        (
            "post",
            "",
            None,
            f"I sent the controller {OBJECTION} by post; having no proof of delivery, I assume "
            f"that it reached the controller on {long_date(POSTED_ARRIVAL)}.",
        ),
        # Handed in the day it was posted: no second date to state.
        (
            "post",
            "RR 1234 5678 9IE",
            SENT_ON,
            f"I sent the controller {OBJECTION} by post (reference RR 1234 5678 9IE).",
        ),
        ("post", "", SENT_ON, f"I sent the controller {OBJECTION} by post."),
    ],
    ids=[
        "email-reference",
        "email",
        "web-form-reference",
        "web-form",
        "post-reference-delivered",
        "post-delivered",
        "post-delivery-assumed",
        "post-reference-same-day",
        "post-same-day",
    ],
)
def test_the_sent_line_says_how_it_was_sent(owner, channel, reference, received_on, sentence):
    request = mark_sent(
        request_of(make_case(owner)), channel=channel, reference=reference, received_on=received_on
    )

    assert story(request) == [(SENT_ON, sentence)]


def test_a_sent_event_stored_without_its_channel_says_only_that_it_was_sent(owner):
    request = request_of(make_case(owner))
    event_append(request=request, status=Status.SENT, previous=Status.DRAFT, on=SENT_ON, actor=None)
    event_append(
        request=request,
        status=Status.SENT,
        previous=Status.DRAFT,
        on=SENT_ON + dt.timedelta(days=1),
        actor=None,
        reference="OLD-7",
    )

    assert story(request) == [
        (SENT_ON, f"I sent the controller {OBJECTION}."),
        (SENT_ON + dt.timedelta(days=1), f"I sent the controller {OBJECTION} (reference OLD-7)."),
    ]


def test_a_request_other_than_an_objection_is_named_as_what_it_asked(owner):
    case = make_case(owner, documents=("objection", "erasure"))
    erasure = mark_sent(request_of(case, "erasure"), channel="web_form")
    request_record(request=erasure, status=Status.ACKNOWLEDGED, on=SENT_ON, actor=None, today=TODAY)
    refused_on = SENT_ON + dt.timedelta(days=9)
    request_record(
        request=erasure,
        status=Status.ANSWERED,
        outcome=Outcome.REFUSED,
        on=refused_on,
        actor=None,
        today=TODAY,
    )

    [(_sent_on, sent_line), acknowledged, refused] = story(erasure)

    assert sent_line.startswith("I sent the controller my request for erasure")
    assert sent_line.endswith("through the controller\u2019s web form.")
    assert acknowledged == (SENT_ON, "the controller acknowledged receipt of my request.")
    assert refused == (refused_on, "the controller refused my request.")


# --- What the controller did ---------------------------------------------------------------------


def test_an_extension_stored_without_its_new_date_says_so_without_a_date(owner):
    request = sent(request_of(make_case(owner)))
    extended_on = SENT_ON + dt.timedelta(days=20)
    event_append(
        request=request,
        status=Status.EXTENDED,
        previous=Status.SENT,
        on=extended_on,
        actor=None,
    )

    assert story(request)[-1] == (
        extended_on,
        "the controller informed me that it was extending the period for its reply by two "
        "further months under the second sentence of Article 12(3) GDPR.",
    )


def test_an_overdue_request_without_a_due_date_ends_the_day_before_it_was_marked(owner):
    request = request_of(make_case(owner))
    event_append(request=request, status=Status.SENT, previous=Status.DRAFT, on=SENT_ON, actor=None)
    marked_on = dt.date(2027, 1, 4)
    event_append(
        request=request, status=Status.OVERDUE, previous=Status.SENT, on=marked_on, actor=None
    )

    [_sent, overdue] = request_history(request=request)

    assert overdue.date == dt.date(2027, 1, 3)
    assert overdue.text == (
        "the one-month period for the controller\u2019s reply under Article 12(3) GDPR ended "
        "without a reply."
    )
    assert overdue.outcome == "overdue"


@pytest.mark.parametrize(
    ("outcome", "objection", "request_words", "marked"),
    [
        (
            Outcome.COMPLIED,
            "the controller replied that it had complied with my objection.",
            "the controller replied that it had complied with my request.",
            "",
        ),
        (
            Outcome.PARTLY,
            "the controller replied, but acted on my objection only in part.",
            "the controller replied, but acted on my request only in part.",
            Outcome.PARTLY,
        ),
    ],
    ids=["complied", "partly"],
)
def test_each_answer_is_told_for_an_objection_and_for_a_request(
    owner, outcome, objection, request_words, marked
):
    case = make_case(owner, documents=("objection", "access"))
    answered_on = SENT_ON + dt.timedelta(days=5)
    for kind, expected in (("objection", objection), ("access", request_words)):
        request = sent(request_of(case, kind))
        request_record(
            request=request,
            status=Status.ANSWERED,
            outcome=outcome,
            on=answered_on,
            actor=None,
            today=TODAY,
        )

        last = request_history(request=request)[-1]

        assert (last.date, last.text, last.outcome) == (answered_on, expected, marked)


def test_an_answer_stored_without_an_outcome_is_left_out_of_the_story(owner):
    request = sent(request_of(make_case(owner)))
    event_append(
        request=request,
        status=Status.ANSWERED,
        previous=Status.SENT,
        on=SENT_ON + dt.timedelta(days=5),
        actor=None,
    )

    assert [text for _day, text in story(request)] == [
        f"I sent the controller {OBJECTION} by email (reference ABC-123)."
    ]


def test_the_users_own_steps_are_left_out_of_the_story(owner):
    request = sent(request_of(make_case(owner)))
    request_record(request=request, status=Status.CLOSED, on=TODAY, actor=None, today=TODAY)

    assert [day for day, _text in story(request)] == [SENT_ON]


# --- The annexes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "how"),
    [
        ("email", " by email"),
        ("web_form", " through the controller\u2019s web form"),
        ("post", " by post"),
    ],
)
def test_the_request_annex_says_when_and_how_it_was_sent(owner, channel, how):
    request = mark_sent(request_of(make_case(owner)), channel=channel)

    assert annex_titles(request) == [f"{ANNEX_OBJECTION}, sent on {long_date(SENT_ON)}{how}"]


def test_an_annex_sent_without_a_known_channel_gives_only_its_date(owner):
    request = sent(request_of(make_case(owner)))
    type(request).objects.filter(pk=request.pk).update(channel="")
    request.refresh_from_db()

    assert annex_titles(request) == [f"{ANNEX_OBJECTION}, sent on {long_date(SENT_ON)}"]


def test_a_letter_not_yet_sent_is_titled_by_what_it_is(owner):
    assert annex_titles(request_of(make_case(owner))) == [ANNEX_OBJECTION]


def test_files_received_are_titled_by_the_users_note_or_as_correspondence(owner):
    request = sent(request_of(make_case(owner)))
    attachment_add(request=request, data=png_bytes(), name="letter.png", note="Their first letter")
    attachment_add(request=request, data=png_bytes(), name="envelope.png")

    assert annex_titles(request)[1:] == [
        "Correspondence from the controller: Their first letter (letter.png)",
        # Not dated: no answer was recorded to date it by.
        "Correspondence from the controller (envelope.png)",
    ]


def test_the_complaint_lists_the_other_letters_of_the_case_that_were_sent(owner):
    case = make_case(owner, documents=("objection", "erasure", "access"))
    request = sent(request_of(case))
    mark_sent(request_of(case, "erasure"), channel="post", on=SENT_ON + dt.timedelta(days=1))
    # The access request was never sent: it is not an annex.

    titles = annex_titles(request)

    assert len(titles) == 2
    assert titles[1].startswith("My request for erasure")
    assert titles[1].endswith(f", sent on {long_date(SENT_ON + dt.timedelta(days=1))} by post")


# --- Through escalation -------------------------------------------------------------------------


def test_a_complaint_about_a_posted_request_says_when_it_arrived(owner):
    request = mark_sent(
        request_of(make_case(owner)),
        channel="post",
        reference="RR 1234 5678 9IE",
        received_on=ARRIVED_ON,
    )

    request = escalate(request, today=AFTER_DUE + dt.timedelta(days=3))

    text = complaint_text(request)
    assert (
        f"{long_date(SENT_ON)}: I sent the controller {OBJECTION} by post (reference "
        f"RR 1234 5678 9IE); it reached the controller on or about {long_date(ARRIVED_ON)}."
    ) in text
    assert f"{ANNEX_OBJECTION}, sent on {long_date(SENT_ON)} by post" in text
