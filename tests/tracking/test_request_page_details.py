"""A tracked request's page (issue 18): escalating is a next step, not a danger; the stored PDF's
SHA-256 waits under "Technical details"; the stored PDF downloads under the name the result page
gave it (privacyreq-<platform>-<document>-<date>.pdf)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from privacyreq.tracking.transitions import Status
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
SENT_ON = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def objection(reference_data, user):
    answers = answers_validate(raw=x_answers(date=SENT_ON.isoformat()), today=TODAY)
    case = services.case_create(owner=user, answers=answers)
    return services.request_mark_sent(
        request=case.requests.get(kind="objection"),
        sent_on=SENT_ON,
        channel="email",
        actor=None,
        today=TODAY,
    )


def page(client, user, request) -> str:
    client.force_login(user)
    return client.get(reverse("tracking:request", args=[request.pk])).content.decode()


def escalate_classes(html: str, request) -> list[str]:
    url = reverse("tracking:escalate", args=[request.pk])
    [classes] = re.findall(rf'<a class="([^"]*)" href="{re.escape(url)}">', html)
    return classes.split()


def test_escalating_as_the_next_step_is_a_primary_button(client, user, objection):
    refused = services.request_record(
        request=objection,
        status=Status.ANSWERED,
        on=SENT_ON + dt.timedelta(days=10),
        outcome="refused",
        actor=None,
        today=TODAY,
    )
    classes = escalate_classes(page(client, user, refused), refused)
    assert "btn-primary" in classes
    assert not any("danger" in name for name in classes)


def test_escalating_beside_another_next_step_is_outlined(client, user, objection):
    # Overdue: the reminder comes first, escalating at once is offered beside it.
    overdue = services.request_record(
        request=objection,
        status=Status.OVERDUE,
        on=objection.due_on + dt.timedelta(days=1),
        actor=None,
        today=TODAY,
    )
    classes = escalate_classes(page(client, user, overdue), overdue)
    assert "btn-outline-primary" in classes
    assert not any("danger" in name for name in classes)


def test_the_sha256_is_under_technical_details(client, user, objection):
    html = page(client, user, objection)
    sha256 = objection.document.sha256
    # The <details> element the fingerprint is in (no other <details> opens in between).
    found = re.search(rf"<details[^>]*>((?:(?!<details).)*?{sha256}.*?)</details>", html, re.S)
    assert found is not None
    assert "<summary>Technical details</summary>" in found.group(1)
    assert html.count(sha256) == 1


def test_the_stored_pdf_is_named_by_platform_document_and_date(client, user, objection):
    client.force_login(user)
    response = client.get(reverse("tracking:document_pdf", args=[objection.document.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="privacyreq-x-objection-2026-09-01.pdf"'
    )


def test_a_document_kept_without_its_date_takes_its_cases(client, user, objection):
    document = objection.document
    document.dated = None
    document.save(update_fields=["dated"])
    client.force_login(user)
    response = client.get(reverse("tracking:document_pdf", args=[document.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="privacyreq-x-objection-2026-09-01.pdf"'
    )
