"""The result page tells how to lodge the complaint the way its authority takes complaints: its
channels in its order, what to do for each, what it requires, and whether it wants the
organisation asked first. No email is offered to an authority that does not take one."""

import datetime as dt
import re
from html import unescape

import pytest

from privacyreq.core.sessions import RESULT_KEY
from privacyreq.letters.services import answers_validate, letters_draft

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
BASE = {
    "platform": "meta",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "postal_address": "4 Quay Street\nGalway",
    "documents": ["objection", "complaint"],
    "complaint_to": "home",
    "prior_request_sent_on": "2026-10-01",
    "date": TODAY.isoformat(),
}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def complaint_card(client, **answers) -> str:
    """The text of the complaint's card on the result page, for these answers."""
    raw = {key: value for key, value in {**BASE, **answers}.items() if value is not None}
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=raw, today=TODAY).to_json()
    session.save()
    page = client.get("/start/result/").content.decode()
    card = re.search(r'<section class="card[^>]*doc-complaint.*?</section>', page, re.S).group(0)
    return card


def words(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_uodo_electronic_inbox_then_post_signed_with_an_address_and_no_email(
    client, reference_data
):
    card = complaint_card(client, country="PL")
    text = words(card)
    inbox = text.index("Through its electronic inbox: https://www.uodo.gov.pl/pl/83/153")
    post = text.index("By post to:")
    assert inbox < post
    assert "Sign the PDF with a qualified electronic signature or a trusted profile" in text
    assert "Print the complaint, sign it by hand" in text
    assert "Moniuszki 1A" in text
    assert "on paper, sign it by hand; sent electronically, it must carry a qualified" in text
    assert "A plain email is not a valid complaint there." in text
    assert "does not examine a complaint without the sender's postal address" in text
    assert "expects you to have raised the matter with the organisation first" in text
    assert "object to the organisation before you complain" in text
    # No email to UODO: not as a channel, not as a ready email.
    assert "mailto:" not in card
    assert "Open in your email program" not in card
    assert "By email" not in text
    assert "complaint form" not in text


def test_dpc_online_form_and_asking_first(client, reference_data):
    card = complaint_card(client, country="IE")
    text = words(card)
    assert "How to lodge it:" in text
    assert "Through its online complaint form: https://forms.dataprotection.ie/contact" in text
    assert "keep the confirmation (save or screenshot it)" in text
    assert "examines a complaint only once you have raised the matter with the organisation" in text
    assert "By post" not in text and "mailto:" not in card
    assert "signed complaint" not in text and "postal address" not in text


def test_an_authority_that_takes_email_gets_a_ready_email(client, reference_data):
    card = complaint_card(client, country="AT")
    text = words(card)
    assert "in the authority's order of preference" in text
    assert text.index("By email to dsb@dsb.gv.at") < text.index("By post to:")
    assert 'href="mailto:dsb%40dsb.gv.at?subject=' in card
    assert "Open in your email program" in card


def test_belgium_wants_it_signed_by_hand(client, reference_data):
    text = words(complaint_card(client, country="BE", language="fr"))
    assert "The authority requires a signed complaint: sign and date it by hand." in text
    assert "qualified electronic signature" not in text


def test_unresearched_authority_says_nothing_it_does_not_know(client, reference_data):
    text = words(complaint_card(client, country="DE", region="DE-HH"))
    assert "Through its online complaint form: https://datenschutz-hamburg.de/beschwerde/" in text
    assert "By post to:" in text
    for claim in ("signed complaint", "postal address", "raised the matter", "By email"):
        assert claim not in text


@pytest.mark.parametrize("country", ["PL", "BG", "LV", "LT", "SK", "IE"])
def test_no_ready_email_for_a_complaint_to_an_authority_without_email_complaints(
    reference_data, country
):
    draft = letters_draft(answers=answers_validate(raw={**BASE, "country": country}, today=TODAY))
    assert draft.document("complaint").mailto == ""
    assert draft.document("objection").mailto.startswith("mailto:")


def test_the_check_page_suggests_the_authoritys_default_language(reference_data):
    from privacyreq.letters.views import _languages_form
    from privacyreq.letters.wizard import Questionnaire

    class Session(dict):
        pass

    session = Session()
    questionnaire = Questionnaire(session)
    for slug, values in {
        "platform": {"platform": "x"},
        "country": {"country": "CH"},
        "details": {"full_name": "Ueli", "email": "u@example.ch", "postal_address": "Bern"},
        "documents": {"documents": ["complaint"]},
        "authority": {"complaint_to": "home"},
    }.items():
        questionnaire.store(slug, values)
    form, code = _languages_form(questionnaire)
    assert code == "ch"
    # The EDÖB lists fr, de and it; a complaint to it is written in German unless chosen.
    assert form.initial["complaint_language"] == "de"


def test_no_ready_email_for_a_draft_complaint(client, reference_data):
    """A draft waits for the reply date and has blanks to fill in: nothing offers to send it now."""
    raw = {key: value for key, value in BASE.items() if key != "prior_request_sent_on"}
    draft = letters_draft(answers=answers_validate(raw={**raw, "country": "AT"}, today=TODAY))
    assert draft.complaint_mode == "draft"
    assert draft.document("complaint").mailto == ""
    assert draft.document("objection").mailto.startswith("mailto:")
    card = complaint_card(client, country="AT", prior_request_sent_on=None)
    assert "Open in your email program" not in card
    # The channel advice still names the address, for when the draft is sent.
    assert "By email to dsb@dsb.gv.at" in words(card)


def result_page(client, **answers) -> str:
    raw = {key: value for key, value in {**BASE, **answers}.items() if value is not None}
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=raw, today=TODAY).to_json()
    session.save()
    return client.get("/start/result/").content.decode()


@pytest.mark.parametrize(
    ("country", "shown"),
    [("IE", True), ("AT", False), ("PL", False), ("FR", True)],
)
def test_the_form_sections_only_for_an_authority_with_an_online_form(
    client, reference_data, country, shown
):
    page = result_page(client, country=country)
    assert ('id="complaint-form-title"' in page) is shown
    assert ("ready for the authority's online form" in unescape(page)) is shown
