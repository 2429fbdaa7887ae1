"""Reminders of the authority's deadline for a lodged complaint (Art. 78(2)): named after the
authority while the reference data has it, and still sent, without a name, once it is gone.

The request is lodged through the real services; the authority leaves the data as an operator
would remove it (its row deleted, which leaves the request without one)."""

import pytest

from privacyreq.deadlines import authority_update_due
from privacyreq.letters.services import answers_validate
from privacyreq.reference.models import SupervisoryAuthority
from privacyreq.tracking.services import case_create, request_mark_sent, request_record
from privacyreq.tracking.transitions import Channel, Status
from tests.factories import BERLIN_NAME, UserFactory, earlier_request, x_answers
from tests.tracking.reminders_support import SENT_ON, day, send

pytestmark = pytest.mark.django_db

LODGED_ON = SENT_ON + 40 * day
COMPLAINT_DUE = authority_update_due(LODGED_ON, country="DE")
DUE_TEXT = f"{COMPLAINT_DUE.day} {COMPLAINT_DUE:%B %Y}"


@pytest.fixture
def lodged(reference_data):
    """A complaint to the Berlin authority (where the user lives), lodged through the services
    like a user would."""
    user = UserFactory()
    raw = x_answers(
        documents=["complaint"],
        prior_request=earlier_request(),
        complaint_to="home",
        country="DE",
        region="DE-BE",
        postal_address="Musterstraße 12",
    )
    case = case_create(owner=user, answers=answers_validate(raw=raw, today=SENT_ON))
    request = case.requests.get(kind="complaint")
    request = request_record(
        request=request,
        status=Status.COMPLAINT_LODGED,
        on=LODGED_ON,
        actor=user,
        today=LODGED_ON,
    )
    assert request.authority.name == BERLIN_NAME
    assert request.next_due_on == COMPLAINT_DUE
    return request


@pytest.fixture
def authority_gone(lodged):
    SupervisoryAuthority.objects.filter(pk=lodged.authority_id).delete()
    lodged.refresh_from_db()
    assert lodged.authority is None
    return lodged


def test_the_day_before_the_authority_is_named_and_told_tomorrow(lodged, mailoutbox):
    assert send(COMPLAINT_DUE - day) == 1

    [message] = mailoutbox
    assert (
        f"The authority you complained to ({BERLIN_NAME}) must tell you the progress "
        f"or outcome of your complaint by {DUE_TEXT}, tomorrow (Article 78(2) GDPR)."
    ) in " ".join(message.body.split())


@pytest.mark.parametrize(
    ("offset", "sentence"),
    [
        (
            -1,
            "The authority you complained to must tell you the progress or outcome of your "
            f"complaint by {DUE_TEXT}, tomorrow (Article 78(2) GDPR).",
        ),
        (
            -7,
            "The authority you complained to must tell you the progress or outcome of your "
            f"complaint by {DUE_TEXT}, in 7 days (Article 78(2) GDPR).",
        ),
        (
            0,
            f"Today, {DUE_TEXT}, is the last day on which the authority you complained to must "
            "tell you the progress or outcome of your complaint (Article 78(2) GDPR).",
        ),
        (
            1,
            "The authority you complained to had to tell you the progress or outcome of your "
            f"complaint by {DUE_TEXT} (Article 78(2) GDPR). If you have heard nothing, it is "
            "1 day late.",
        ),
        (
            4,
            "The authority you complained to had to tell you the progress or outcome of your "
            f"complaint by {DUE_TEXT} (Article 78(2) GDPR). If you have heard nothing, it is "
            "4 days late.",
        ),
    ],
    ids=["tomorrow", "in-7-days", "today", "1-day-late", "4-days-late"],
)
def test_an_authority_gone_from_the_data_still_gets_its_reminder_unnamed(
    authority_gone, mailoutbox, offset, sentence
):
    assert send(COMPLAINT_DUE + offset * day) == 1

    [message] = mailoutbox
    assert sentence in " ".join(message.body.split())
    assert "()" not in message.body
    html, _mimetype = message.alternatives[0]
    assert sentence in " ".join(html.split())


def test_a_request_not_yet_lodged_speaks_of_the_controller_not_the_authority(
    reference_data, mailoutbox
):
    user = UserFactory()
    case = case_create(
        owner=user,
        answers=answers_validate(raw=x_answers(documents=["objection"]), today=SENT_ON),
    )
    request = request_mark_sent(
        request=case.requests.get(),
        sent_on=SENT_ON,
        channel=Channel.WEB_FORM,
        actor=user,
        today=SENT_ON,
    )

    assert send(request.due_on - 3 * day) == 1

    body = " ".join(mailoutbox[0].body.split())
    assert "X Internet Unlimited Company must answer your request by" in body
    assert "in 3 days (Article 12(3) GDPR)" in body
    assert "authority" not in body.lower()
