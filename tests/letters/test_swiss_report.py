"""The report to the Swiss commissioner (EDÖB) speaks of itself as a report throughout, never as a
complaint; it names the facts' FADP provisions (Articles 6, 7(3), 19 and 30(2)(b)); and an
organisation acting for the reporter is authorised under no GDPR article (Article 80 GDPR has no
place in a Swiss report). The lead route stays an Article 77 GDPR complaint to the DPC."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft
from tests.factories import earlier_request

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
BASE = {
    "platform": "x",
    "country": "CH",
    "full_name": "Laura Meier",
    "email": "laura@example.ch",
    "postal_address": "Bahnhofstrasse 1\n8001 Zürich",
    "documents": ["objection", "complaint"],
    "complaint_to": "home",
    # Read in English (the EDÖB's own language, for letters in English, would be German).
    "complaint_language": "en",
    "date": TODAY.isoformat(),
}
FADP_FACTS = (
    "Under the FADP, the same facts breach the principles that personal data must be processed "
    "lawfully, in good faith and proportionately"
)
FADP_NOW = (
    "Under the FADP, the same facts breach the controller\u2019s duty to inform me adequately "
    "about the processing of my personal data (Article 19 FADP)"
)


def report(**overrides) -> str:
    raw = {**BASE, **overrides}
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    return re.sub(r"\s+", " ", draft.document("complaint").text)


def complaint_words(text: str) -> list[str]:
    """Where the text calls itself a complaint: every "complaint" but the controller's duty,
    under Article 12(4) GDPR, to tell of the right to lodge one."""
    text = text.replace("my right to lodge a complaint with a supervisory authority", "")
    return re.findall(r"[^.]*\bcomplaint\b[^.]*", text)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="draft after the letters"),
        pytest.param(
            {"documents": ["complaint"], "prior_request": earlier_request(sent_on="2026-09-01")},
            id="after a refused request",
        ),
        pytest.param(
            {
                "documents": ["complaint"],
                "prior_request": earlier_request(sent_on="2026-09-01", reply="none"),
            },
            id="after an unanswered request",
        ),
        pytest.param(
            {"documents": ["complaint"], "notice_received": "no", "complaint_now": True},
            id="now, about failings alone",
        ),
        pytest.param({"representative": "Digitale Gesellschaft"}, id="with a representative"),
    ],
)
def test_the_report_never_calls_itself_a_complaint(reference_data, overrides):
    text = report(**overrides)
    assert text.count("Report under Article 49 of the Swiss Federal Act") == 1
    assert complaint_words(text) == []


def test_the_report_says_it_is_made_today_after_an_earlier_request(reference_data):
    text = report(documents=["complaint"], prior_request=earlier_request(sent_on="2026-09-01"))
    assert "4 December 2026: I am making this report." in text
    assert "I am lodging this complaint" not in text


def test_after_an_unanswered_request_the_period_ended_by_the_date_of_this_report(reference_data):
    text = report(
        documents=["complaint"], prior_request=earlier_request(sent_on="2026-09-01", reply="none")
    )
    assert "By the date of this report, I have not received a reply" in text


def test_a_report_now_concerns_only_the_failings_and_cites_the_fadp_for_them(reference_data):
    text = report(documents=["complaint"], notice_received="no", complaint_now=True)
    assert "This report concerns only the failings set out below" in text
    assert FADP_NOW in text and "(Article 7(3) FADP)" in text
    assert FADP_FACTS not in text


def test_the_fadp_provisions_of_the_facts(reference_data):
    text = report()
    assert FADP_FACTS in text
    assert "(Article 6(1) to (3) FADP)" in text and "(Article 19 FADP)" in text
    # Only a user who stopped the processing is said to have objected, on the date they gave.
    assert (
        "against my express objection"
        not in text.split("What I ask you to do")[0].split("Under the FADP, the same facts")[1]
    )
    objected = report(opted_out_on="2026-10-01")
    assert (
        "Any processing of my personal data for this purpose after 1 October 2026, the date given "
        "above, is processing against my express objection, a breach of personality under "
        "Article 30(2)(b) FADP." in objected
    )


def test_x_background_speaks_of_the_report(reference_data):
    text = report()
    assert "This report concerns the processing of my own personal data for AI training" in text


def test_an_organisation_acting_for_the_reporter_is_authorised_not_mandated(reference_data):
    text = report(representative="Digitale Gesellschaft")
    assert (
        "I have authorised Digitale Gesellschaft to make this report on my behalf and to act for "
        "me in this matter; the authorisation I signed is enclosed." in text
    )
    assert "My signed authorisation for Digitale Gesellschaft" in text
    assert "Article 80" not in text and "mandate" not in text


def test_the_lead_route_stays_a_complaint_with_its_article_80_mandate(reference_data):
    text = report(complaint_to="lead", representative="Digitale Gesellschaft")
    assert "I hereby lodge a complaint under Article 77 GDPR" in text
    assert "within the meaning of Article 80(1) GDPR" in text
    assert "My signed mandate to Digitale Gesellschaft under Article 80(1) GDPR" in text
    assert "Under the FADP, the same facts" not in text
    assert "I am making this report" not in text
