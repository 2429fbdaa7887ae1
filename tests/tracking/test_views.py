"""Tracking pages: saving results, the dashboard, recording what happened, files, and isolation
between users."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from privacyreq.core.sessions import RESULT_KEY, TRACKED_KEY
from privacyreq.letters.services import answers_validate
from privacyreq.tracking import attachments, services
from privacyreq.tracking.models import Attachment, Case, Request
from privacyreq.tracking.transitions import Status
from tests.factories import RequestFactory, UserFactory, x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def case(reference_data, user):
    # Dated before the sending dates the tests record: a letter is never sent before its date.
    answers = answers_validate(raw=x_answers(date="2026-09-01"), today=TODAY)
    return services.case_create(owner=user, answers=answers)


@pytest.fixture
def objection(case):
    return case.requests.get(kind="objection")


def with_results(client):
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=x_answers(), today=TODAY).to_json()
    session.save()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


# Saving the results of the questionnaire


def test_result_page_offers_anonymous_visitors_an_account_that_returns_here(client, reference_data):
    with_results(client)
    page = client.get(reverse("letters:result")).content.decode()
    assert "Track these requests" in page
    assert reverse("account_signup") + "?next=/start/result/%23track" in page
    assert reverse("account_login") + "?next=/start/result/%23track" in page


def test_saving_results_stores_the_case_once(client, reference_data, user):
    with_results(client)
    client.force_login(user)
    page = client.get(reverse("letters:result")).content.decode()
    assert "Save and track these requests" in page

    response = client.post(reverse("tracking:track"))
    assert response.status_code == 302 and response.url == reverse("tracking:dashboard")
    case = Case.objects.get(owner=user)
    assert sorted(case.requests.values_list("kind", flat=True)) == [
        "access",
        "erasure",
        "objection",
    ]
    client.post(reverse("tracking:track"))
    assert Case.objects.count() == 1
    page = client.get(reverse("letters:result")).content.decode()
    assert "These letters are saved in your account" in page
    # The letters themselves stay available in the session.
    assert client.get(reverse("letters:download", args=["objection", "pdf"])).status_code == 200


def test_a_case_of_another_user_in_the_session_is_not_shown_as_saved(client, case):
    with_results(client)
    session = client.session
    session[TRACKED_KEY] = case.pk
    session.save()
    client.force_login(UserFactory())

    page = client.get(reverse("letters:result")).content.decode()

    assert "Save and track these requests" in page
    assert "These letters are saved in your account" not in page


def test_saving_beyond_the_case_limit_is_refused_with_a_message(
    client, reference_data, user, settings
):
    settings.TRACKING_MAX_CASES = 1
    with_results(client)
    client.force_login(user)
    client.post(reverse("tracking:track"))
    # Other letters: the same ones saved again are the case already saved (test_double_submit).
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=x_answers(date="2026-11-03"), today=TODAY).to_json()
    del session[TRACKED_KEY]
    session.save()

    response = client.post(reverse("tracking:track"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("letters:result")
    assert "You already track 1 case, the most one account can keep" in response.content.decode()
    assert Case.objects.filter(owner=user).count() == 1


def test_saving_without_results_goes_back_to_the_questions(client, user):
    client.force_login(user)
    response = client.post(reverse("tracking:track"))
    assert response.url == reverse("letters:start")
    assert not Case.objects.exists()


def test_saving_requires_login(client, reference_data):
    with_results(client)
    response = client.post(reverse("tracking:track"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not Case.objects.exists()


# Dashboard


def test_dashboard_lists_overdue_first_with_next_actions(client, case, user, objection):
    erasure = case.requests.get(kind="erasure")
    services.request_mark_sent(
        request=objection, sent_on=dt.date(2026, 10, 1), channel="email", actor=user, today=TODAY
    )
    services.request_mark_sent(
        request=erasure, sent_on=dt.date(2026, 11, 20), channel="email", actor=user, today=TODAY
    )
    client.force_login(user)
    page = client.get(reverse("tracking:dashboard")).content.decode()
    first_overdue = page.index("Objection to AI training")
    assert first_overdue < page.index("Erasure of data") < page.index("Access: what they hold")
    assert "table-danger" in page
    assert "Overdue by 21 days" in page  # due 2 November 2026 (1 November is a Sunday)
    assert "21 Dec 2026" in page and "28 days left" in page
    # An overdue request's next step is a reminder (escalating stays open on its page).
    assert "Write a reminder" in page
    assert reverse("tracking:request", args=[objection.pk]) in page
    assert reverse("tracking:mark_sent", args=[case.requests.get(kind="access").pk]) in page


def test_dashboard_queries_do_not_grow_with_requests(client, user, reference_data):
    client.force_login(user)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("tracking:dashboard")).status_code == 200
        return len(queries)

    RequestFactory.create_batch(3, case__owner=user)
    few = count_queries()
    RequestFactory.create_batch(40, case__owner=user, status=Status.SENT, next_due_on=TODAY)
    assert count_queries() == few


def test_dashboard_is_paginated(client, user, settings):
    settings.TRACKING_PAGE_SIZE = 5
    RequestFactory.create_batch(7, case__owner=user)
    client.force_login(user)
    page = client.get(reverse("tracking:dashboard")).content.decode()
    assert "Page 1 of 2" in page
    second = client.get(reverse("tracking:dashboard") + "?page=2").content.decode()
    assert "Page 2 of 2" in second
    assert client.get(reverse("tracking:dashboard") + "?page=x").status_code == 200


def test_dashboard_shows_only_my_requests(client, user, case):
    client.force_login(UserFactory())
    page = client.get(reverse("tracking:dashboard")).content.decode()
    assert "You have not saved any letters yet" in page


# Recording what happened


def test_mark_sent_form_errors_keep_what_was_typed(client, user, objection):
    client.force_login(user)
    url = reverse("tracking:mark_sent", args=[objection.pk])
    sent_on = {"sent_on_day": "20", "sent_on_month": "11", "sent_on_year": "2026"}
    response = client.post(url, {**sent_on, "reference": "REF-7"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "<title>Error:" in page
    assert "Choose how you sent it" in page
    assert 'value="REF-7"' in page
    assert all(f'name="{name}" value="{typed}"' in page for name, typed in sent_on.items())
    objection.refresh_from_db()
    assert objection.status == Status.DRAFT


def test_mark_sent_records_the_due_date(client, user, objection):
    client.force_login(user)
    url = reverse("tracking:mark_sent", args=[objection.pk])
    response = client.post(url, {"sent_on": "2026-11-20", "channel": "email"}, follow=True)
    objection.refresh_from_db()
    assert objection.status == Status.SENT
    assert objection.due_on == dt.date(2026, 12, 21)  # 20 December 2026 is a Sunday
    assert "The answer is due by 21 December 2026" in response.content.decode()


def test_mark_sent_refuses_a_future_date(client, user, objection):
    client.force_login(user)
    url = reverse("tracking:mark_sent", args=[objection.pk])
    page = client.post(url, {"sent_on": "2026-11-30", "channel": "email"}).content.decode()
    assert "cannot be in the future" in page


def test_record_shows_refused_transitions_as_errors(client, user, objection):
    services.request_mark_sent(
        request=objection, sent_on=dt.date(2026, 10, 1), channel="email", actor=user, today=TODAY
    )
    client.force_login(user)
    url = reverse("tracking:record", args=[objection.pk])
    response = client.post(url, {"status": "extended", "on": "2026-11-20", "note": "late"})
    page = response.content.decode()
    assert "only counts if the organisation told you within one month" in page
    assert "late</textarea>" in page
    objection.refresh_from_db()
    assert objection.status == Status.SENT


def test_record_answered_needs_an_outcome(client, user, objection):
    services.request_mark_sent(
        request=objection, sent_on=dt.date(2026, 11, 2), channel="email", actor=user, today=TODAY
    )
    client.force_login(user)
    url = reverse("tracking:record", args=[objection.pk])
    page = client.post(url, {"status": "answered", "on": "2026-11-20"}).content.decode()
    assert "Say whether they complied" in page
    client.post(url, {"status": "answered", "on": "2026-11-20", "outcome": "refused"})
    objection.refresh_from_db()
    assert (objection.status, objection.outcome) == (Status.ANSWERED, "refused")


def test_record_offers_only_possible_changes(client, user, objection):
    client.force_login(user)
    page = client.get(reverse("tracking:record", args=[objection.pk])).content.decode()
    assert 'value="closed"' in page and 'value="answered"' not in page


def test_request_page_shows_history_and_documents(client, user, objection):
    services.request_mark_sent(
        request=objection,
        sent_on=dt.date(2026, 11, 2),
        channel="web_form",
        reference="X-42",
        actor=user,
        today=TODAY,
    )
    client.force_login(user)
    page = client.get(reverse("tracking:request", args=[objection.pk])).content.decode()
    assert "Status: Sent" in page
    assert "reference X-42" in page
    assert "by web form" in page and "answer due 2 December 2026" in page
    assert "Wednesday 2 December 2026" in page
    assert objection.document.sha256 in page
    assert reverse("tracking:request_ics", args=[objection.pk]) in page


def test_notes(client, user, objection):
    client.force_login(user)
    url = reverse("tracking:note", args=[objection.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    client.post(url, {"text": "Phoned them."})
    assert list(objection.notes.values_list("text", flat=True)) == ["Phoned them."]


# Attachments


def test_attach_an_image_and_download_it(client, user, objection):
    client.force_login(user)
    data = png_bytes()
    upload = io.BytesIO(data)
    upload.name = "their reply.png"
    response = client.post(
        reverse("tracking:attach", args=[objection.pk]), {"file": upload, "note": "Reply"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.size) == ("image/png", len(data))
    download = client.get(reverse("tracking:attachment", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == data
    assert download["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("reply.pdf", b"hello, not a pdf", "Attach a PDF, PNG or JPEG file, or an email saved"),
        ("reply.pdf", b"%PDF-1.7 broken", "cannot be read"),
        ("reply.html", b"<html><script>alert(1)</script></html>", "Attach a PDF, PNG or JPEG"),
    ],
)
def test_attachments_are_checked_by_content(client, user, objection, name, data, message):
    client.force_login(user)
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post(reverse("tracking:attach", args=[objection.pk]), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachments_are_size_limited(client, user, objection, settings):
    settings.TRACKING_UPLOAD_MAX_BYTES = 2000
    client.force_login(user)
    upload = io.BytesIO(b"%PDF-" + b"0" * 5000)
    upload.name = "big.pdf"
    response = client.post(reverse("tracking:attach", args=[objection.pk]), {"file": upload})
    assert "larger than" in response.content.decode()
    assert not Attachment.objects.exists()


def test_stored_pdf_downloads_byte_for_byte(client, user, objection):
    client.force_login(user)
    response = client.get(reverse("tracking:document_pdf", args=[objection.document.pk]))
    assert b"".join(response.streaming_content) == objection.document.pdf.open("rb").read()


def test_stored_pdf_revalidates_by_its_sha256(client, user, objection):
    client.force_login(user)
    url = reverse("tracking:document_pdf", args=[objection.document.pk])
    response = client.get(url)
    data = b"".join(response.streaming_content)
    assert response["ETag"] == f'"{objection.document.sha256}"'
    assert objection.document.sha256 == hashlib.sha256(data).hexdigest()
    # Kept only by the browser, and only to ask again; never by a shared cache.
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]

    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]
    assert again["Cache-Control"] == "private, no-cache"

    stale = client.get(url, HTTP_IF_NONE_MATCH=f'"{"0" * 64}"')
    assert stale.status_code == 200
    assert b"".join(stale.streaming_content) == data


def test_stored_pdf_etag_is_no_key_to_another_users_document(client, objection):
    client.force_login(UserFactory())
    url = reverse("tracking:document_pdf", args=[objection.document.pk])

    response = client.get(url, HTTP_IF_NONE_MATCH=f'"{objection.document.sha256}"')

    assert response.status_code == 404


# Isolation


def owned_urls(request: Request) -> list[tuple[str, str]]:
    attachment = attachments.attachment_add(request=request, data=png_bytes(), name="r.png")
    return [
        ("get", reverse("tracking:request", args=[request.pk])),
        ("get", reverse("tracking:mark_sent", args=[request.pk])),
        ("post", reverse("tracking:mark_sent", args=[request.pk])),
        ("get", reverse("tracking:record", args=[request.pk])),
        ("post", reverse("tracking:record", args=[request.pk])),
        ("post", reverse("tracking:attach", args=[request.pk])),
        ("post", reverse("tracking:note", args=[request.pk])),
        ("get", reverse("tracking:escalate", args=[request.pk])),
        ("post", reverse("tracking:escalate", args=[request.pk])),
        ("get", reverse("tracking:bundle", args=[request.pk])),
        ("get", reverse("tracking:request_ics", args=[request.pk])),
        ("get", reverse("tracking:document_pdf", args=[request.document.pk])),
        ("get", reverse("tracking:attachment", args=[attachment.pk])),
    ]


def test_another_users_objects_answer_404(client, objection):
    urls = owned_urls(objection)
    client.force_login(UserFactory())
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    objection.refresh_from_db()
    assert objection.status == Status.DRAFT
    assert objection.notes.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client, objection):
    for method, url in [*owned_urls(objection), ("get", reverse("tracking:dashboard"))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_new_results_from_the_questionnaire_can_be_saved_again(client, reference_data, user):
    from tests.letters.test_wizard import X_JOURNEY, walk

    client.force_login(user)
    walk(client, X_JOURNEY)
    client.post(reverse("letters:check"))
    client.post(reverse("tracking:track"))
    assert "These letters are saved" in client.get(reverse("letters:result")).content.decode()

    client.post("/start/documents/?change=1", {"documents": ["access"]})
    client.post(reverse("letters:check"))
    assert "Save and track" in client.get(reverse("letters:result")).content.decode()
    client.post(reverse("tracking:track"))
    assert Case.objects.filter(owner=user).count() == 2


def test_escalating_is_offered_as_the_next_step_not_as_a_danger(client, user, objection):
    # Issue 18: complaining is the normal next step after a refusal, not a destructive action.
    services.request_mark_sent(
        request=objection, sent_on=dt.date(2026, 11, 2), channel="email", actor=user, today=TODAY
    )
    services.request_record(
        request=objection,
        status=Status.ANSWERED,
        outcome="refused",
        on=dt.date(2026, 11, 20),
        actor=user,
        today=TODAY,
    )
    client.force_login(user)
    page = client.get(reverse("tracking:dashboard")).content.decode()
    link = re.search(
        rf'<a class="([^"]*)" href="{reverse("tracking:escalate", args=[objection.pk])}"', page
    )
    assert link, "no escalate action on the dashboard"
    assert "btn-primary" in link.group(1) and "btn-danger" not in link.group(1)
