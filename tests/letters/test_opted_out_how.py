"""How the user told the platform to stop: only a setting is an objection by automated means
(Art. 21(5)); a form or an email is an Art. 21(1) objection made that day, whose confirmation the
letters ask for; an objection made before training began makes the complaint ask whether it was
honoured."""

import datetime as dt
import re

import pytest

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate, letters_draft
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
META = {
    "platform": "meta",
    "country": "DE",
    "region": "DE-BE",
    "full_name": "Jonas Weber",
    "postal_address": "4 Example Street\nExample Town",
    "email": "jonas@example.de",
    "opted_out_on": "2025-05-20",
    "documents": ["objection", "erasure", "access", "complaint"],
    "complaint_to": "home",
    # The sentences are read in English: the Berlin authority's own language would be German.
    "complaint_language": "en",
    "date": TODAY.isoformat(),
}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def documents(raw):
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    return {d.kind: flat(d.text) for d in draft.documents}


def test_an_objection_form_is_an_article_21_1_objection(reference_data):
    letters = documents({**META, "opted_out_how": "form"})
    objection = letters["objection"]
    assert (
        "On 20 May 2025 I objected to this processing under Article 21(1) GDPR through your "
        "objection form." in objection
    )
    assert "Please confirm that it has been honoured, and from which date." in objection
    assert "automated means" not in objection
    assert "through your objection form" in letters["erasure"]
    assert "automated means" not in letters["erasure"]
    assert "whether my objection of 20 May 2025 has been honoured" in letters["access"]
    assert (
        "20 May 2025: I objected to this processing through the controller"
        in (letters["complaint"])
    )


def test_an_objection_before_training_began_asks_whether_it_was_honoured(reference_data):
    complaint = documents({**META, "opted_out_how": "form"})["complaint"]
    assert (
        "I objected on 20 May 2025, before the controller began this processing on 27 May 2025. "
        "I ask you to examine whether the controller honoured my objection." in complaint
    )
    # In date order: the objection comes before the start of training.
    assert complaint.index("20 May 2025: I objected") < complaint.index("27 May 2025: the")
    later = documents({**META, "opted_out_on": "2025-06-20", "opted_out_how": "form"})
    assert "before the controller began this processing" not in later["complaint"]


def test_an_email_to_x_is_not_a_switched_off_setting(reference_data):
    letters = documents(
        {**META, "platform": "x", "opted_out_on": "2024-08-01", "opted_out_how": "email"}
    )
    for text in letters.values():
        assert "switched off the" not in text
    assert "under Article 21(1) GDPR by email." in letters["objection"]
    assert (
        "1 August 2024: I objected to this processing by email to the controller."
        in (letters["complaint"])
    )


def test_a_setting_is_an_objection_by_automated_means(reference_data):
    for how in ("setting", None):
        raw = {**META, "platform": "x", "opted_out_on": "2024-08-01"}
        if how:
            raw["opted_out_how"] = how
        objection = documents(raw)["objection"]
        assert (
            "On 1 August 2024 I switched off the setting that allowed the use of my data"
            in objection
        )
        assert "by automated means (Article 21(5) GDPR)" in objection


def test_the_answers_format(reference_data):
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**META, "opted_out_how": "letter"}, today=TODAY)
    assert error.value.problems == [
        ("opted_out_how", "'letter' is not a way to opt out; use one of: setting, form, email.")
    ]
    raw = {key: value for key, value in META.items() if key != "opted_out_on"}
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**raw, "opted_out_how": "form"}, today=TODAY)
    assert error.value.problems == [("opted_out_how", "is only used with 'opted_out_on'.")]


def test_the_question(client, reference_data):
    index = [slug for slug, _ in X_JOURNEY].index("switched-off")
    journey = list(X_JOURNEY)
    journey[index] = (
        "switched-off",
        {"opted_out": "yes", "opted_out_on": "2024-08-01", "opted_out_how": "form"},
    )
    walk(client, journey)
    check = client.get("/start/check/").content.decode()
    assert "I sent the platform&#x27;s objection form" in check
    client.post("/start/check/", {"language": "en"})
    text = flat(client.get("/start/result/objection.txt").content.decode())
    assert "through your objection form" in text
    # "No" discards the date and how.
    client.post("/start/switched-off/?change=1", {"opted_out": "no", "opted_out_how": "form"})
    client.post("/start/check/", {"language": "en"})
    text = flat(client.get("/start/result/objection.txt").content.decode())
    assert "objection form" not in text


def test_the_complaint_encloses_the_proof_that_fits_how_the_user_objected(reference_data):
    form = documents({**META, "opted_out_on": "2025-06-20", "opted_out_how": "form"})
    assert (
        "The confirmation of my objection of 20 June 2025 through the controller\u2019s form"
        in form["complaint"]
    )
    assert "Screenshots of the training setting" not in form["complaint"]
    email = documents({**META, "opted_out_on": "2025-06-20", "opted_out_how": "email"})
    assert "My email objecting to this processing, of 20 June 2025" in email["complaint"]
    setting = documents({**META, "opted_out_on": "2025-06-20", "opted_out_how": "setting"})
    assert (
        "Screenshots of the training setting or opt-out page, showing that I used it"
        in (setting["complaint"])
    )
