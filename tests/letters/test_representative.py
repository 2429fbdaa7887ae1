"""A representative under Article 80(1) GDPR (``representative``): asked only with a complaint,
after the earlier request; when given, the complaint says the user mandated that not-for-profit
body and lists the signed mandate among the enclosures; absent when not given."""

import datetime as dt
import re

import pytest

from privacyreq.letters.answers import MAX_SHORT, AnswersError
from privacyreq.letters.services import (
    answers_validate,
    complaint_form_render,
    document_render_pdf,
    letters_draft,
)
from tests.letters.test_din_5008 import page_texts
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
RAW = {
    "platform": "x",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "postal_address": "4 Example Street\nExample Town",
    "email": "aoife@example.ie",
    "documents": ["objection", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}
BODY = "noyb - European Center for Digital Rights"
MANDATE = (
    f"I have mandated {BODY}, a not-for-profit body within the meaning of Article 80(1) GDPR, to "
    "lodge this complaint on my behalf and to represent me in this matter; the mandate I signed "
    "is enclosed."
)
ENCLOSURE = f"My signed mandate to {BODY} under Article 80(1) GDPR"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def draft_of(raw):
    return letters_draft(answers=answers_validate(raw=raw, today=TODAY))


def test_the_complaint_names_the_mandate_and_encloses_it(reference_data):
    draft = draft_of({**RAW, "representative": BODY})
    complaint = draft.document("complaint")
    # Without the page furniture and the list markers drawn at a page's end, which would split
    # a sentence that runs over a page.
    pages = page_texts(document_render_pdf(document=complaint))
    text = squeeze(" ".join(re.sub(r"(?m)^\s*(?:•|\d+\.)\s*$", "", page) for page in pages))
    assert squeeze(MANDATE) in text
    assert squeeze(ENCLOSURE) in text
    # The statement stands in "About me", the mandate among what is uploaded with the form.
    form = complaint_form_render(draft=draft)
    about, annexes = form.split('id="form-about-you"')[1], form.split('id="form-annexes"')[1]
    assert squeeze(MANDATE) in squeeze(re.sub(r"<[^>]+>", " ", about.split("</div>")[0]))
    assert squeeze(ENCLOSURE) in squeeze(re.sub(r"<[^>]+>", " ", annexes.split("</div>")[0]))
    # Letters to the organisation do not mention it.
    assert BODY not in draft.document("objection").text


def test_absent_when_not_given(reference_data):
    complaint = draft_of(RAW).document("complaint").text
    assert "Article 80(1)" not in complaint and "mandate" not in complaint


def test_only_with_a_complaint_and_within_its_limit(reference_data):
    no_complaint = {**RAW, "documents": ["objection"], "representative": BODY}
    del no_complaint["complaint_to"]
    with pytest.raises(AnswersError) as error:
        answers_validate(raw=no_complaint, today=TODAY)
    assert error.value.problems == [
        ("representative", "is only used when 'complaint' is among the documents.")
    ]
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**RAW, "representative": "x" * (MAX_SHORT + 1)}, today=TODAY)
    assert error.value.problems[0][0] == "representative"
    answers = answers_validate(raw={**RAW, "representative": f"  {BODY}\n"}, today=TODAY)
    assert answers.representative == BODY and answers.to_json()["representative"] == BODY


def test_the_question_follows_the_earlier_request_only_with_a_complaint(client, reference_data):
    walk(client, X_JOURNEY[:-2])  # everything before the documents and how they go
    walk(
        client,
        [
            ("documents", {"documents": ["objection", "complaint"]}),
            ("sent-by", {"sent_by": "email"}),
            ("authority", {"complaint_to": "lead"}),
        ],
    )
    response = client.post("/start/earlier-request/", {"prior_request": "no"})
    # (Not told beforehand, with a letter: first whether to complain now; a draft for later.)
    assert response["Location"] == "/start/complaint-timing/"
    response = client.post("/start/complaint-timing/", {"complaint_now": "no"})
    assert response["Location"] == "/start/representative/"
    page = client.get("/start/representative/").content.decode()
    assert "Article 80(1) GDPR" in page and "mandate you signed" in page
    response = client.post("/start/representative/", {"representative": BODY})
    assert response["Location"] == "/start/other-proceedings/"
    client.post("/start/other-proceedings/", {"other_proceedings": "none"})
    check = client.get("/start/check/").content.decode()
    assert "Organisation acting for you" in check and BODY in check
    assert 'href="/start/representative/?change=1"' in check
    client.post("/start/check/")
    complaint = client.get("/start/result/complaint.txt").content.decode()
    assert squeeze(MANDATE) in squeeze(complaint)

    # Unticking the complaint: the question no longer applies, and its answer is dropped.
    client.post("/start/documents/?change=1", {"documents": ["objection"]})
    assert client.get("/start/representative/")["Location"] == "/start/check/"
    client.post("/start/check/")
    assert client.get("/start/result/").context["draft"].answers.representative == ""
