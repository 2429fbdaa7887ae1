"""Escalating a tracked request to a complaint: the service, the complaint's story and the views.

Cases and requests are built through the real services from the shipped reference data, and the
PDFs are read back with pypdf, so the tests check what the authority will actually receive. The
bundle is in test_complaint_bundle.py, the complaint's language in test_escalation_language.py.
"""

import datetime as dt
import hashlib
import re

import pytest
from django.urls import reverse

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate
from privacyreq.reference.models import Platform, SupervisoryAuthority
from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.escalation_story import request_history
from privacyreq.tracking.models import StoredDocument
from privacyreq.tracking.services import AUTO_OVERDUE_NOTE, request_record
from privacyreq.tracking.transitions import Outcome, Status, TransitionRefused
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    AFTER_DUE,
    DUE_ON,
    SENT_ON,
    complaint_text,
    escalate,
    flat,
    long_date,
    make_case,
    pdf_text,
    png_bytes,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

REFUSED_ON = dt.date(2026, 12, 10)


@pytest.fixture
def owner(reference_data):
    return UserFactory()


def refused(request, *, outcome=Outcome.REFUSED, on=REFUSED_ON):
    return request_record(
        request=request, status=Status.ANSWERED, on=on, outcome=outcome, actor=None, today=on
    )


# --- The service ---------------------------------------------------------------------------------


def test_overdue_request_escalates_with_an_automatic_overdue_event(owner):
    request = sent(request_of(make_case(owner)))
    assert request.due_on == DUE_ON

    request = escalate(request)

    assert request.status == Status.COMPLAINT_DRAFTED
    assert request.next_due_on is None
    assert request.authority.code == "ie"
    complaint = StoredDocument.objects.get(pk=request.complaint_id, kind="complaint")
    with complaint.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == complaint.sha256
    overdue, drafted = list(request.events.order_by("id"))[-2:]
    assert (overdue.status, overdue.previous_status) == (Status.OVERDUE, Status.SENT)
    assert overdue.happened_on == DUE_ON + dt.timedelta(days=1)
    assert overdue.note == AUTO_OVERDUE_NOTE
    assert overdue.actor is None
    assert (drafted.status, drafted.previous_status) == (Status.COMPLAINT_DRAFTED, Status.OVERDUE)
    assert drafted.happened_on == AFTER_DUE
    assert drafted.actor == owner
    assert drafted.details["complaint_document_id"] == complaint.pk
    assert drafted.details["authority_code"] == "ie"


def test_overdue_complaint_tells_this_requests_story(owner):
    request = escalate(sent(request_of(make_case(owner))))
    text = complaint_text(request)

    assert "Data Protection Commission" in text
    assert "Article 77" in text
    assert "Article 12(3)" in text
    assert (
        f"{long_date(SENT_ON)}: I sent the controller my objection under Article 21(1) GDPR "
        "by email (reference ABC-123)."
    ) in text
    assert (
        f"{long_date(DUE_ON)}: the one-month period for the controller\u2019s reply under "
        "Article 12(3) GDPR ended without a reply."
    ) in text
    assert f"ended on {long_date(DUE_ON)}. By the date of this complaint" in text
    assert f"{long_date(AFTER_DUE)}: I am lodging this complaint." in text
    assert "Request not answered (Article 12(3) and (4) GDPR)" in text
    assert (
        f"Annexes My objection under Article 21(1) GDPR, sent on {long_date(SENT_ON)} by email"
        in text
    )
    # The generic lines of a questionnaire complaint are replaced, not repeated.
    assert "I sent the controller my request concerning this processing" not in text
    assert "Screenshots" not in text


def test_refused_request_escalates_to_the_home_authority(owner):
    case = make_case(owner, country="DE", region="DE-BE", postal_address="Musterstraße 12")
    request = refused(sent(request_of(case)))
    attachment_add(request=request, data=png_bytes(), name="reply.png")

    request = escalate(request, complaint_to="home", today=dt.date(2026, 12, 15))

    berlin = SupervisoryAuthority.objects.get(country="DE", region="DE-BE")
    assert request.authority == berlin
    drafted = request.events.order_by("id").last()
    assert drafted.details["authority_code"] == berlin.code
    assert not request.events.filter(status=Status.OVERDUE).exists()
    text = complaint_text(request)
    assert flat(berlin.name) in text
    assert f"{long_date(REFUSED_ON)}: the controller refused my objection." in text
    assert "The controller refused my request." in text
    assert "Request refused." in text
    assert "ended without a reply" not in text
    assert f"The controller\u2019s reply of {long_date(REFUSED_ON)} (reply.png)" in text
    assert f"2. The controller\u2019s reply of {long_date(REFUSED_ON)}" in request.complaint.text


def test_partly_met_request_says_so(owner):
    request = refused(sent(request_of(make_case(owner))), outcome=Outcome.PARTLY)

    text = complaint_text(escalate(request, today=dt.date(2026, 12, 15)))

    assert "the controller replied, but acted on my objection only in part." in text
    assert "acted on my request only in part" in text
    assert "Request only partly met." in text


def test_history_includes_acknowledgement_and_extension(owner):
    request = sent(request_of(make_case(owner)))
    request_record(
        request=request, status=Status.ACKNOWLEDGED, on=SENT_ON, actor=None, today=SENT_ON
    )
    request_record(request=request, status=Status.EXTENDED, on=DUE_ON, actor=None, today=DUE_ON)
    extended_due = request.due_on
    request = escalate(request, today=extended_due + dt.timedelta(days=3))

    texts = [item.text for item in request_history(request=request)]
    assert "the controller acknowledged receipt of my objection." in texts
    assert any(
        "second sentence of Article 12(3) GDPR, to " + long_date(extended_due) in text
        for text in texts
    )
    assert texts[-1].startswith("the period for the controller\u2019s reply, as extended")
    assert f"ended on {long_date(extended_due)}" in complaint_text(request)


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda r: refused(sent(r), outcome=Outcome.COMPLIED), "complied with this request"),
        (lambda r: r, "Send this request and mark it as sent first"),
        (lambda r: sent(r), f"has until {long_date(DUE_ON)} to answer"),
    ],
    ids=["complied", "draft", "not-yet-due"],
)
def test_requests_that_cannot_be_escalated_are_refused(owner, prepare, message):
    request = prepare(request_of(make_case(owner)))
    status = request.status

    with pytest.raises(TransitionRefused, match=message):
        escalate(request, today=dt.date(2026, 12, 15))

    request.refresh_from_db()
    assert request.status == status
    assert request.complaint is None
    assert not StoredDocument.objects.filter(kind="complaint").exists()


def test_escalating_twice_is_refused(owner):
    request = escalate(sent(request_of(make_case(owner))))

    with pytest.raises(TransitionRefused, match="already been escalated"):
        escalate(request)
    assert StoredDocument.objects.filter(kind="complaint").count() == 1


def test_lead_authority_is_refused_for_a_controller_typed_in(owner):
    case = make_case(
        owner,
        platform="other",
        controller={"name": "Example Ltd", "address": "1 Road\nDublin", "email": "dp@ex.org"},
        account="",
        data=[],
    )
    request = sent(request_of(case))

    with pytest.raises(TransitionRefused, match="authority where you live"):
        escalate(request)


# A saved case is read as it was stored, not checked against today's reference data.


def test_a_case_whose_region_left_the_reference_data_still_escalates(owner):
    case = make_case(owner, country="DE", region="DE-BE", postal_address="Musterstraße 12")
    request = refused(sent(request_of(case)))
    SupervisoryAuthority.objects.filter(country="DE", region="DE-BE").delete()
    # The stored answers no longer pass today's checks: Berlin has no authority of its own now.
    with pytest.raises(AnswersError, match="DE-BE"):
        answers_validate(raw=case.answers, today=dt.date(2026, 12, 15))

    request = escalate(request, complaint_to="home", today=dt.date(2026, 12, 15))

    national = SupervisoryAuthority.objects.get(country="DE", region="")
    assert request.status == Status.COMPLAINT_DRAFTED
    assert request.authority == national
    assert flat(national.name) in complaint_text(request)
    assert (
        f"{long_date(REFUSED_ON)}: the controller refused my objection." in request.complaint.text
    )


def test_a_case_whose_platform_left_the_reference_data_is_refused_with_the_reason(owner):
    request = refused(sent(request_of(make_case(owner))))
    Platform.objects.filter(slug="x").update(slug="x-retired")

    with pytest.raises(
        TransitionRefused, match="The complaint cannot be written: Unknown platform"
    ):
        escalate(request, today=dt.date(2026, 12, 15))

    request.refresh_from_db()
    assert (request.status, request.outcome) == (Status.ANSWERED, Outcome.REFUSED)
    assert request.complaint is None
    assert not StoredDocument.objects.filter(kind="complaint").exists()


# --- The views -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The views' "today": after the due date of a request sent on ``SENT_ON``."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: AFTER_DUE)


@pytest.fixture
def overdue_request(owner):
    return sent(request_of(make_case(owner, country="DE", region="DE-BE")))


def test_escalate_page_offers_lead_and_home_authority(client, owner, overdue_request):
    client.force_login(owner)

    response = client.get(reverse("tracking:escalate", args=[overdue_request.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "What will happen" in html
    assert 'type="radio"' in html
    assert "Data Protection Commission" in html
    assert "Berliner Beauftragte" in html


def test_escalate_without_a_choice_shows_the_error_summary(client, owner, overdue_request):
    client.force_login(owner)

    response = client.post(reverse("tracking:escalate", args=[overdue_request.pk]), {})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_complaint_to_0"' in html
    assert html.count("Choose the authority the complaint goes to.") == 2  # summary and field
    overdue_request.refresh_from_db()
    assert overdue_request.status == Status.SENT


def test_escalate_drafts_the_complaint_and_redirects(client, owner, overdue_request):
    client.force_login(owner)
    url = reverse("tracking:escalate", args=[overdue_request.pk])

    response = client.post(url, {"complaint_to": "home"})

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:request", args=[overdue_request.pk])
    overdue_request.refresh_from_db()
    assert overdue_request.status == Status.COMPLAINT_DRAFTED
    assert overdue_request.authority.region == "DE-BE"

    bundle = client.get(reverse("tracking:bundle", args=[overdue_request.pk]))
    assert bundle.status_code == 200
    assert bundle["Content-Type"] == "application/pdf"
    assert bundle["Cache-Control"] == "no-store, private"
    assert f'filename="complaint-bundle-{overdue_request.pk}.pdf"' in bundle["Content-Disposition"]
    assert "Annex 1" in pdf_text(b"".join(bundle.streaming_content))


def test_a_request_that_cannot_be_escalated_shows_why(client, owner):
    request = request_of(make_case(owner))
    client.force_login(owner)
    url = reverse("tracking:escalate", args=[request.pk])

    page = client.get(url)
    posted = client.post(url, {"complaint_to": "lead"})

    assert page.status_code == 200
    assert "Send this request and mark it as sent first" in page.content.decode()
    # No form in the page's content (the footer's language switcher is one).
    main = page.content.decode().split("</header>")[1].split("<footer")[0]
    assert "<form" not in main
    assert posted.status_code == 400
    request.refresh_from_db()
    assert request.status == Status.DRAFT


def test_only_the_home_authority_for_a_controller_typed_in(client, owner):
    case = make_case(
        owner,
        platform="other",
        controller={"name": "Example Ltd", "address": "1 Road\nDublin", "email": "dp@ex.org"},
        country="DE",
        region="DE-BE",
    )
    request = sent(request_of(case))
    client.force_login(owner)

    html = client.get(reverse("tracking:escalate", args=[request.pk])).content.decode()

    assert 'value="home"' in html
    assert 'value="lead"' not in html


def test_bundle_is_404_without_a_complaint(client, owner, overdue_request):
    client.force_login(owner)

    response = client.get(reverse("tracking:bundle", args=[overdue_request.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["tracking:escalate", "tracking:bundle"])
def test_another_users_request_is_not_found(client, overdue_request, name):
    escalate(overdue_request)
    client.force_login(UserFactory())

    assert client.get(reverse(name, args=[overdue_request.pk])).status_code == 404
    if name == "tracking:escalate":
        response = client.post(reverse(name, args=[overdue_request.pk]), {"complaint_to": "lead"})
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["tracking:escalate", "tracking:bundle"])
def test_anonymous_users_are_sent_to_log_in(client, overdue_request, name):
    url = reverse(name, args=[overdue_request.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_single_authority_is_chosen_already(client, owner):
    """An Irish resident's home authority is the lead one: the only choice comes selected."""
    item = sent(request_of(make_case(owner, country="IE")))
    client.force_login(owner)

    html = client.get(reverse("tracking:escalate", args=[item.pk])).content.decode()

    assert html.count('type="radio"') == 1
    assert re.search(r'<input type="radio"[^>]*value="lead"[^>]*checked', html)
