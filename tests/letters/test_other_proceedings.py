"""Other proceedings about the same matter (``other_proceedings``): asked with a complaint, after
the representative, and required there; "none" and "pending" each give the complaint its own
declaration, before the consent to share it; an answer file without the key gives neither."""

import datetime as dt
import re

import pytest

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import (
    answers_validate,
    complaint_form_render,
    document_render_pdf,
    letters_draft,
)
from tests.letters.test_wizard import X_JOURNEY, walk
from tests.properties import pdf_text

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
NONE = (
    "No other proceedings concerning this matter are pending before a court or another "
    "supervisory authority."
)
PENDING = (
    "Other proceedings concerning the same matter, before a court or another supervisory "
    "authority, are pending; I will provide details on request."
)
CONSENT = "I agree that you may share this complaint"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def complaint_pdf(raw) -> str:
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    return squeeze(pdf_text(document_render_pdf(document=draft.document("complaint"))))


def form_section(raw, section: str) -> str:
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    form = complaint_form_render(draft=draft)
    return squeeze(re.sub(r"<[^>]+>", " ", form.split(f'id="{section}"')[1].split("</div>")[0]))


def test_none_pending(reference_data):
    text = complaint_pdf({**RAW, "other_proceedings": "none"})
    assert squeeze(NONE) in text and squeeze(PENDING) not in text
    # Near the end: after the asks, before the consent to share the complaint.
    assert text.index("Keepmeinformed") < text.index(squeeze(NONE)) < text.index(squeeze(CONSENT))
    assert squeeze(NONE) in form_section({**RAW, "other_proceedings": "none"}, "form-what-you-want")


def test_pending(reference_data):
    text = complaint_pdf({**RAW, "other_proceedings": "pending"})
    assert squeeze(PENDING) in text and squeeze(NONE) not in text
    assert squeeze(PENDING) in form_section(
        {**RAW, "other_proceedings": "pending"}, "form-what-you-want"
    )


def test_not_said_in_an_old_answer_file(reference_data):
    text = complaint_pdf(RAW)
    assert squeeze(NONE) not in text and squeeze(PENDING) not in text
    assert "arepending" not in text and "Nootherproceedings" not in text


def test_only_known_answers_and_only_with_a_complaint(reference_data):
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**RAW, "other_proceedings": "maybe"}, today=TODAY)
    assert error.value.problems == [
        ("other_proceedings", "'maybe' is not an answer; use one of: none, pending.")
    ]
    with pytest.raises(AnswersError) as error:
        answers_validate(
            raw={
                **RAW,
                "documents": ["objection"],
                "complaint_to": "",
                "other_proceedings": "none",
            },
            today=TODAY,
        )
    assert error.value.problems == [
        ("other_proceedings", "is only used when 'complaint' is among the documents.")
    ]
    answers = answers_validate(raw={**RAW, "other_proceedings": "pending"}, today=TODAY)
    assert answers.to_json()["other_proceedings"] == "pending"


def test_the_question_needs_an_answer(client, reference_data):
    walk(client, X_JOURNEY[:-2])  # everything before the documents and how they go
    walk(
        client,
        [
            ("documents", {"documents": ["complaint"]}),
            ("authority", {"complaint_to": "lead"}),
            ("earlier-request", {"prior_request": "no"}),
            ("representative", {}),
        ],
    )
    response = client.post("/start/other-proceedings/", {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and page.count("Choose one answer.") >= 2
    response = client.post("/start/other-proceedings/", {"other_proceedings": "pending"})
    assert response["Location"] == "/start/check/"
    check = client.get("/start/check/").content.decode()
    assert "Other proceedings" in check and "Change other proceedings" in check
    assert "Yes, a court case or another complaint about this is under way" in check
    client.post("/start/check/")
    complaint = client.get("/start/result/complaint.txt").content.decode()
    assert squeeze(PENDING) in squeeze(complaint)
