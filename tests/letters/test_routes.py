"""Issue 15's routes, side by side: for an Irish, British, Swiss (both routes), Polish and French
resident, with and without an earlier request, every document is drafted and checked for the law
it cites, the authority and how it is addressed, the complaint's timing, and the result page's
advice on how to lodge it. The details of each route are tested in their own modules
(test_uk_law, test_swiss_law, test_authority_channels, test_draft_complaint, test_prior_request)."""

import datetime as dt
import re
from html import unescape

import pytest

from privacyreq.core.sessions import RESULT_KEY
from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate, letters_draft
from privacyreq.reference.models import SupervisoryAuthority

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
DOCUMENTS = ["objection", "erasure", "access", "restriction", "complaint"]
BASE = {
    "platform": "meta",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.org",
    "postal_address": "4 Example Street\nExample Town",
    "documents": DOCUMENTS,
    "other_proceedings": "none",
    # Read in English; each authority's own language is tested in test_complaint_language_default.
    "complaint_language": "en",
    "date": TODAY.isoformat(),
}
# (country, route, authority code, what the complaint is lodged under, what it must not say)
ROUTES = [
    ("IE", "lead", "ie", "complaint under Article 77 GDPR", "UK GDPR"),
    ("GB", "home", "gb", "Article 77 UK GDPR", "Article 77 GDPR"),
    ("CH", "lead", "ie", "complaint under Article 77 GDPR", "Article 49"),
    ("CH", "home", "ch", "Article 49 of the Swiss Federal Act on Data Protection", "Article 77"),
    ("PL", "home", "pl", "complaint under Article 77 GDPR", "UK GDPR"),
    ("FR", "home", "fr", "complaint under Article 77 GDPR", "UK GDPR"),
]
# What the letters to the organisation add to the GDPR for residents of a country.
LETTER_LAW = {"GB": "Data Protection Act 2018", "CH": "FADP"}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def raw_for(country: str, route: str, prior: bool) -> dict:
    raw = {**BASE, "country": country, "complaint_to": route}
    if prior:
        raw["prior_request"] = {
            "document": "objection",
            "sent_on": "2026-09-01",
            "channel": "web_form",
            "reply": "none",
        }
    else:
        raw["sent_by"] = "web_form"
    return raw


@pytest.mark.parametrize("prior", [False, True], ids=["no-earlier-request", "earlier-request"])
@pytest.mark.parametrize(("country", "route", "code", "under", "never"), ROUTES)
def test_each_route_drafts_every_document(
    client, reference_data, country, route, code, under, never, prior
):
    raw = raw_for(country, route, prior)
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    assert [d.kind for d in draft.documents] == DOCUMENTS

    authority = SupervisoryAuthority.objects.get(code=code)
    complaint = flat(draft.document("complaint").text)
    assert under in complaint
    assert never not in complaint
    assert authority.name_in("en") in complaint
    if authority.form_of_address:
        assert authority.form_of_address in complaint
    assert "Signature:" in flat(draft.document("complaint").html)
    # Without an earlier request the complaint waits for the letters' reply date.
    assert ("Draft: send only if no complete answer has come by" in complaint) is not prior

    for kind in ("objection", "erasure", "access", "restriction"):
        letter = flat(draft.document(kind).text)
        if country in LETTER_LAW:
            assert LETTER_LAW[country] in letter, kind
        else:
            assert "Data Protection Act 2018" not in letter and "FADP" not in letter, kind

    # The result page tells how this authority takes complaints, and never offers email where
    # it takes none.
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=raw, today=TODAY).to_json()
    session.save()
    page = client.get("/start/result/").content.decode()
    card = re.search(r'<section class="card[^>]*doc-complaint.*?</section>', page, re.S).group(0)
    advice = flat(unescape(re.sub(r"<[^>]+>", " ", card)))
    if authority.complaint_form_url:
        assert authority.complaint_form_url in card
    if not authority.email_complaints:
        assert "mailto:" not in card
    if authority.postal_address_required:
        assert authority.address_lines[0] in advice


@pytest.mark.parametrize(("country", "route", "code", "under", "never"), ROUTES)
def test_a_complaint_needs_the_senders_postal_address(
    reference_data, country, route, code, under, never
):
    raw = raw_for(country, route, prior=True)
    del raw["postal_address"]
    with pytest.raises(AnswersError) as refused:
        answers_validate(raw=raw, today=TODAY)
    assert "postal_address" in str(refused.value)
