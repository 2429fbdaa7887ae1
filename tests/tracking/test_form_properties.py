"""Anything posted to the tracking forms by a logged-in owner, through the test client.

Mark as sent, record what happened, notes, attachments and escalation each either take the input
(a redirect, the text kept as typed once cleaned, and shown escaped on the request page) or show
the error summary and the messages at the fields, keeping what was typed. Never a server error,
on SQLite or PostgreSQL (which refuses a NUL in text).

Hypothesis runs many examples inside one test, and one database transaction: each example makes
its own request row, so no example sees another's changes.
"""

import datetime as dt
import functools
import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import Phase, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from privacyreq.deadlines import response_due
from privacyreq.letters.answers import MAX_ACCOUNT, MAX_ADDRESS, MAX_SHORT
from privacyreq.letters.forms import ControllerForm
from privacyreq.letters.pdf import html_to_pdf
from privacyreq.letters.services import answers_validate
from privacyreq.tracking.forms import (
    MAX_ATTACHMENT_NOTE,
    MAX_NOTE,
    MAX_REFERENCE,
    AttachmentForm,
    MarkSentForm,
    RecordForm,
)
from privacyreq.tracking.models import Attachment, Case, Request
from privacyreq.tracking.services import case_create
from privacyreq.tracking.transitions import Channel, Outcome, Status
from tests.factories import CaseFactory, RequestFactory, UserFactory, earlier_request, x_answers
from tests.properties import (
    PRINTABLE,
    any_text,
    assert_error_page,
    assert_text_fields_checked,
    choice_or_junk,
    date_parts,
    date_parts_between,
    form_data,
    mixed,
    poppler_text,
    shown,
    squeeze,
    typed,
    visible_text,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
SENT_ON = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def owner(reference_data):
    return UserFactory()


@pytest.fixture
def case(owner):
    # The shipped X platform (loaded by reference_data) and an Irish user: the DPC is both the
    # lead and the home authority, so escalation offers "lead" alone.
    return CaseFactory(owner=owner)


def new_request(case, status: str = Status.DRAFT, **fields) -> Request:
    if status != Status.DRAFT:
        due = response_due(SENT_ON, country="IE")
        fields = {
            "channel": Channel.EMAIL,
            "sent_on": SENT_ON,
            "received_on": SENT_ON,
            "due_on": due,
            "next_due_on": due,
            **fields,
        }
    return RequestFactory(case=case, status=status, **fields)


past_dates = date_parts_between(SENT_ON, TODAY)


mark_sent_posts = mixed(
    {
        "sent_on": date_parts,
        "channel": choice_or_junk(Channel.values),
        "received_on": date_parts,
        "reference": any_text(MAX_REFERENCE),
        "note": any_text(MAX_NOTE),
    },
    {
        "sent_on": past_dates,
        "channel": st.sampled_from(Channel.values),
        "received_on": st.just(("", "", "")),
        "reference": st.text(max_size=40),
        "note": st.text(max_size=80),
    },
)


@settings(max_examples=40)
@given(posted=mark_sent_posts)
def test_mark_sent_takes_anything_or_says_what_is_wrong(client, owner, case, posted):
    item = new_request(case)
    client.force_login(owner)
    response = client.post(reverse("tracking:mark_sent", args=[item.pk]), form_data(posted))
    event(f"mark sent: {response.status_code}")
    item.refresh_from_db()
    fields = {"reference": (MAX_REFERENCE, False), "note": (MAX_NOTE, False)}
    if response.status_code == 200:
        form = response.context["form"]
        assert_error_page(response, form, posted)
        assert_text_fields_checked(fields, posted, form.errors, None)
        assert item.status == Status.DRAFT
        return
    assert response.status_code == 302
    event_row = item.events.get(status=Status.SENT)
    assert_text_fields_checked(
        fields, posted, {}, {"reference": item.reference, "note": event_row.note}
    )
    page = client.get(reverse("tracking:request", args=[item.pk])).content.decode()
    assert escape(item.reference) in page and shown(event_row.note) in page


record_posts = mixed(
    {
        "status": choice_or_junk(Status.values),
        "on": date_parts,
        "outcome": choice_or_junk(Outcome.values),
        "reference": any_text(MAX_REFERENCE),
        "note": any_text(MAX_NOTE),
    },
    {
        "status": st.sampled_from([Status.ACKNOWLEDGED, Status.ANSWERED, Status.CLOSED]),
        "on": past_dates,
        "outcome": st.sampled_from(Outcome.values),
        "reference": st.text(max_size=40),
        "note": st.text(max_size=80),
    },
)


@settings(max_examples=40)
@given(posted=record_posts)
def test_record_takes_anything_or_says_what_is_wrong(client, owner, case, posted):
    item = new_request(case, Status.SENT)
    client.force_login(owner)
    response = client.post(reverse("tracking:record", args=[item.pk]), form_data(posted))
    event(f"record: {response.status_code}")
    item.refresh_from_db()
    fields = {"reference": (MAX_REFERENCE, False), "note": (MAX_NOTE, False)}
    if response.status_code == 200:
        form = response.context["form"]
        assert_error_page(response, form, posted)
        assert_text_fields_checked(fields, posted, form.errors, None)
        assert item.status == Status.SENT
        return
    assert response.status_code == 302
    assert item.status == posted["status"]
    event_row = item.events.get(status=item.status)
    reference = event_row.details.get("reference", typed(posted.get("reference", "")))
    assert_text_fields_checked(fields, posted, {}, {"reference": reference, "note": event_row.note})
    page = client.get(reverse("tracking:request", args=[item.pk])).content.decode()
    assert shown(event_row.note) in page


@settings(max_examples=30)
@given(text=st.one_of(any_text(MAX_NOTE), visible_text))
def test_a_note_is_kept_as_typed_or_refused_with_a_message(client, owner, case, text):
    item = new_request(case)
    client.force_login(owner)
    response = client.post(reverse("tracking:note", args=[item.pk]), {"text": text})
    event(f"note: {response.status_code}")
    fields = {"text": (MAX_NOTE, True)}
    if response.status_code == 400:
        form = response.context["note_form"]
        assert_error_page(response, form, {"text": text}, status=400)
        assert_text_fields_checked(fields, {"text": text}, form.errors, None)
        assert not item.notes.exists()
        return
    assert response.status_code == 302
    note = item.notes.get()
    assert_text_fields_checked(fields, {"text": text}, {}, {"text": note.text})
    page = client.get(reverse("tracking:request", args=[item.pk])).content.decode()
    assert shown(note.text) in page


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


PNG = png()
# Any file name a client can send; quotes and line breaks would end the test client's own header.
file_names = st.text(
    st.characters(exclude_characters='"\r\n', exclude_categories=("Cs",)), max_size=300
).map(lambda stem: f"{stem}.png")


@settings(max_examples=30)
@given(note=st.one_of(any_text(MAX_ATTACHMENT_NOTE), st.text(max_size=40)), name=file_names)
def test_an_attachment_note_and_name_are_kept_or_refused(client, owner, case, note, name):
    item = new_request(case)
    client.force_login(owner)
    upload = io.BytesIO(PNG)
    upload.name = name
    response = client.post(
        reverse("tracking:attach", args=[item.pk]), {"file": upload, "note": note}
    )
    event(f"attach: {response.status_code}")
    fields = {"note": (MAX_ATTACHMENT_NOTE, False)}
    if response.status_code == 400:
        form = response.context["attachment_form"]
        assert_error_page(response, form, {"note": note}, status=400)
        assert_text_fields_checked(fields, {"note": note}, form.errors, None)
        assert not item.attachments.exists()
        return
    assert response.status_code == 302
    attachment = item.attachments.get()
    assert_text_fields_checked(fields, {"note": note}, {}, {"note": attachment.note})
    assert attachment.original_name.endswith(".png")
    assert attachment.original_name.isprintable()
    page = client.get(reverse("tracking:request", args=[item.pk])).content.decode()
    assert escape(attachment.note) in page and escape(attachment.original_name) in page
    download = client.get(reverse("tracking:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG


@settings(max_examples=25)
@given(choice=st.one_of(any_text(20), st.lists(any_text(10), max_size=3)))
def test_escalation_refuses_any_other_choice_with_a_message(client, owner, case, choice):
    item = new_request(case, Status.ANSWERED, outcome=Outcome.REFUSED)
    client.force_login(owner)
    response = client.post(reverse("tracking:escalate", args=[item.pk]), {"complaint_to": choice})
    if response.status_code == 302:  # a draw that happened to name an authority
        event("escalated")
        return
    form = response.context["form"]
    posted = {"complaint_to": choice} if isinstance(choice, str) else {}
    assert_error_page(response, form, posted, status=400)
    assert "complaint_to" in form.errors
    item.refresh_from_db()
    assert item.status == Status.ANSWERED and item.complaint is None


@functools.cache
def letter_pdf() -> bytes:
    return html_to_pdf(
        '<!doctype html><html lang="en"><title>Letter</title><p>I object.</p></html>'
    )


printable_or_any = st.one_of(st.text(PRINTABLE, min_size=1, max_size=60), any_text(60))


# Each example renders the complaint and its annex covers, so few of them, and no shrinking (a
# failure is reported as found).
@settings(max_examples=3, phases=[Phase.explicit, Phase.generate])
@given(reference=printable_or_any, attachment_note=printable_or_any)
def test_whatever_reference_and_attachment_note_were_accepted_reach_the_complaint_bundle(
    client, owner, case, reference, attachment_note
):
    item = new_request(case, document__pdf__data=letter_pdf())
    client.force_login(owner)
    today = TODAY.isoformat()
    posts = [
        ("mark_sent", {"sent_on": today, "channel": "email", "reference": reference}),
        ("record", {"status": "answered", "on": today, "outcome": "refused"}),
        ("attach", {"file": io.BytesIO(letter_pdf()), "note": attachment_note}),
        ("escalate", {"complaint_to": "lead"}),  # an Irish user: the DPC is both
    ]
    posts[2][1]["file"].name = "reply.pdf"
    for name, data in posts:
        response = client.post(reverse(f"tracking:{name}", args=[item.pk]), data)
        if response.status_code != 302:  # a reference or note the form refused, with a message
            assert name in ("mark_sent", "attach"), (name, response.context["form"].errors)
            assert "There is a problem" in response.content.decode()
            return
    bundle = client.get(reverse("tracking:bundle", args=[item.pk]))
    assert bundle.status_code == 200
    text = squeeze(poppler_text(b"".join(bundle.streaming_content)))
    for value in (typed(reference), typed(attachment_note)):
        if set(value) <= set(PRINTABLE):  # the characters our fonts draw
            assert squeeze(value) in text


def test_every_text_field_fits_its_column():
    """A form never accepts more than its column holds: PostgreSQL refuses it, SQLite does not."""
    pairs = [
        (MarkSentForm.base_fields["reference"], Request._meta.get_field("reference")),
        (RecordForm.base_fields["reference"], Request._meta.get_field("reference")),
        (AttachmentForm.base_fields["note"], Attachment._meta.get_field("note")),
        (ControllerForm.base_fields["name"], Case._meta.get_field("controller_name")),
    ]
    for form_field, column in pairs:
        assert form_field.max_length is not None
        assert form_field.max_length <= column.max_length, column


def test_the_longest_answers_fit_the_stored_documents(owner):
    """The longest organisation name and account handle the forms accept, in the longest subject
    (the complaint's), saved through the service on whichever database runs the tests."""
    raw = x_answers(
        platform="other",
        controller={"name": "N" * MAX_SHORT, "address": "A" * MAX_ADDRESS},
        account="@" + "h" * (MAX_ACCOUNT - 1),
        documents=["complaint"],
        prior_request=earlier_request(),
        complaint_to="home",
        date=TODAY.isoformat(),
    )
    answers = answers_validate(raw=raw, today=TODAY)
    case = case_create(owner=owner, answers=answers)
    document = case.documents.get()
    assert document.subject.endswith(f"({answers.account})")
    assert case.controller_name == "N" * MAX_SHORT
