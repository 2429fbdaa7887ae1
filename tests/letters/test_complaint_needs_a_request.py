"""A complaint needs the organisation to have been asked first (DPC, ICO, CNIL, UODO…): chosen with
no letter and no earlier request, it can only be a complaint now about the failings that need no
request (not told beforehand, stopping it made hard). Otherwise the answers format and the command
line refuse it, naming ``documents``, and the questionnaire says so next to the earlier-request
question, keeping what was chosen."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate, letters_draft
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
BASE = {
    "platform": "x",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "postal_address": "4 Quay Street\nGalway",
    "documents": ["complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}
REFUSED = (
    "documents: a complaint needs the organisation to have been asked first: add a letter to it "
    "(objection, erasure, access or restriction), give the earlier request (prior_request), or "
    "set complaint_now to complain about failings that need no request (with notice_received "
    "'no' or opt_out_difficulty)."
)
ASK_FIRST = "Authorities expect you to ask the organisation before you complain."
BEFORE_NOTICE = X_JOURNEY[:7]  # up to "switched-off"


def test_a_complaint_with_nothing_asked_is_refused_naming_documents(reference_data):
    with pytest.raises(AnswersError) as raised:
        answers_validate(raw=BASE, today=TODAY)
    assert [f"{key}: {message}" for key, message in raised.value.problems] == [REFUSED]


def test_the_command_line_prints_one_line_and_exits_2(tmp_path, reference_data):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(BASE), encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draft_letters", str(answers), "--out", str(tmp_path / "out"), stderr=stderr)
    assert raised.value.returncode == 2
    assert stderr.getvalue().strip().splitlines() == [REFUSED]


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({"documents": ["objection", "complaint"]}, id="with a letter: a draft"),
        pytest.param(
            {"prior_request": {"sent_on": "2026-09-01", "reply": "refused"}}, id="earlier request"
        ),
        pytest.param({"notice_received": "no", "complaint_now": True}, id="now, not told"),
    ],
)
def test_a_complaint_with_something_behind_it_is_accepted(reference_data, extra):
    text = letters_draft(answers=answers_validate(raw={**BASE, **extra}, today=TODAY))
    complaint = re.sub(r"\s+", " ", text.document("complaint").text)
    assert "I have not made a request to the controller" not in complaint


def test_a_complaint_now_says_what_it_is_about(reference_data):
    raw = {**BASE, "opt_out_difficulty": "The switch was hidden.", "complaint_now": True}
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    assert draft.complaint_mode == "now"
    assert "This complaint concerns only the failings set out below" in re.sub(
        r"\s+", " ", draft.document("complaint").text
    )


def _to_earlier_request(client, notice: str) -> None:
    walk(
        client,
        [
            *BEFORE_NOTICE,
            ("notice", {"notice_received": notice}),
            ("documents", {"documents": ["complaint"]}),
            ("authority", {"complaint_to": "lead"}),
        ],
    )


def test_the_questionnaire_refuses_no_earlier_request_without_a_letter_or_a_failing(
    client, reference_data
):
    _to_earlier_request(client, "yes")
    page = client.post("/start/earlier-request/", {"prior_request": "no"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html and html.count(ASK_FIRST) >= 2
    # What the user chose stays chosen.
    assert re.search(r'value="no"[^>]*checked|checked[^>]*value="no"', html)
    # Going back and choosing a letter as well makes the same answer acceptable.
    client.post("/start/documents/", {"documents": ["objection", "complaint"]})
    client.post("/start/sent-by/", {"sent_by": "email"})
    response = client.post("/start/earlier-request/", {"prior_request": "no"})
    assert response.status_code == 302


def test_with_a_failing_the_complaint_alone_goes_now(client, reference_data):
    _to_earlier_request(client, "no")
    response = client.post("/start/earlier-request/", {"prior_request": "no"})
    assert response["Location"] == "/start/representative/"  # no "when to complain": only now
    walk(client, [("representative", {}), ("other-proceedings", {"other_proceedings": "none"})])
    check = client.get("/start/check/").content.decode()
    assert "When to complain" in check and "Now, about those failings alone" in check
    assert client.post("/start/check/")["Location"] == "/start/result/"
    result = client.get("/start/result/").content.decode()
    assert "The complaint, now" in result
    assert "You have not asked the organisation anything" in result
    complaint = client.get("/start/result/complaint.txt").content.decode()
    assert "This complaint concerns only the failings set out below" in re.sub(
        r"\s+", " ", complaint
    )
