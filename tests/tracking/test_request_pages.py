"""The tracking pages' answers to steps that no longer fit: marking sent twice, recording on a
closed request, a date the form refuses, a stored letter whose file is gone, and letters saved
from a questionnaire whose answers no longer pass today's checks."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from privacyreq.core.sessions import RESULT_KEY
from privacyreq.letters.services import answers_validate
from privacyreq.reference.models import Platform
from privacyreq.tracking import services
from privacyreq.tracking.models import Case
from privacyreq.tracking.transitions import Status
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
SENT_ON = dt.date(2026, 11, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def objection(reference_data, user):
    answers = answers_validate(raw=x_answers(documents=["objection"]), today=TODAY)
    return services.case_create(owner=user, answers=answers).requests.get()


def mark_sent(request):
    return services.request_mark_sent(
        request=request, sent_on=SENT_ON, channel="email", actor=None, today=TODAY
    )


def told(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_marking_a_sent_request_sent_again_goes_back_to_it(client, user, objection):
    mark_sent(objection)
    client.force_login(user)

    response = client.get(reverse("tracking:mark_sent", args=[objection.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:request", args=[objection.pk])
    assert told(response) == ["This request is already marked as sent."]
    assert objection.events.filter(status=Status.SENT).count() == 1


def test_an_arrival_before_the_posting_is_refused_on_the_form(client, user, objection):
    client.force_login(user)

    response = client.post(
        reverse("tracking:mark_sent", args=[objection.pk]),
        {"sent_on": "2026-11-10", "received_on": "2026-11-05", "channel": "post"},
    )

    assert response.status_code == 200
    assert "It cannot have arrived before you sent it." in response.content.decode()
    objection.refresh_from_db()
    assert (objection.status, objection.sent_on) == (Status.DRAFT, None)


def test_a_closed_request_has_nothing_to_record(client, user, objection):
    services.request_record(
        request=objection, status=Status.CLOSED, on=TODAY, actor=None, today=TODAY
    )
    client.force_login(user)

    response = client.get(reverse("tracking:record", args=[objection.pk]))

    assert response["Location"] == reverse("tracking:request", args=[objection.pk])
    assert told(response) == ["There is nothing to record for this request now."]


def test_a_link_to_record_a_step_chooses_it_already(client, user, objection):
    mark_sent(objection)
    client.force_login(user)

    page = client.get(
        reverse("tracking:record", args=[objection.pk]), {"status": "acknowledged"}
    ).content.decode()

    checked = re.findall(r'<input[^>]*name="status"[^>]*value="(\w+)"[^>]*checked', page)
    assert checked == ["acknowledged"]


def test_a_link_to_a_step_not_possible_now_chooses_nothing(client, user, objection):
    mark_sent(objection)
    client.force_login(user)

    page = client.get(
        reverse("tracking:record", args=[objection.pk]), {"status": "authority_answered"}
    ).content.decode()

    assert 'value="authority_answered"' not in page
    assert not re.findall(r'<input[^>]*name="status"[^>]*checked', page)


def test_a_stored_letter_whose_file_is_gone_is_not_found(client, user, objection):
    objection.document.pdf.storage.delete(objection.document.pdf.name)
    client.force_login(user)

    response = client.get(reverse("tracking:document_pdf", args=[objection.document.pk]))

    assert response.status_code == 404


def test_the_save_address_opened_directly_shows_the_letters(client, user):
    client.force_login(user)

    response = client.get(reverse("tracking:track"))

    assert response["Location"] == reverse("letters:result")


def test_letters_whose_platform_left_the_data_are_checked_again_before_saving(
    client, reference_data, user
):
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=x_answers(), today=TODAY).to_json()
    session.save()
    Platform.objects.filter(slug="x").update(slug="x-retired")
    client.force_login(user)

    response = client.post(reverse("tracking:track"))

    assert response["Location"] == reverse("letters:check")
    assert told(response) == ["Your answers need checking again before they can be saved."]
    assert not Case.objects.exists()
