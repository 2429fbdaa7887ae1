"""Each platform's complaint says what its own sourced record supports, and nothing another
platform's record says: the regulatory background, the legal-basis and notice parts in
templates/letters/platforms/<slug>/complaint/. Claims no source supports are never made (X's data
'collected', LinkedIn passing data to Microsoft for training, the user's data training PaLM 2)."""

import datetime as dt
import json
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft
from privacyreq.reference.services import DATA_DIR

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
BASE = {
    "country": "IE",
    "full_name": "Aoife Byrne",
    "postal_address": "4 Example Street\nExample Town",
    "email": "aoife@example.ie",
    "documents": ["objection", "erasure", "access", "restriction", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}

# Sentences only each platform's own complaint background says.
BACKGROUND = {
    "x": (
        "applied to the Irish High Court under section 134 of the Irish Data Protection Act 2018",
        "16 February 2026: the Data Protection Commission opened a second inquiry",
    ),
    "meta": (
        "paused its plan to train its AI models on public content shared by adults on Facebook "
        "and Instagram",
        "21 May 2025: the Data Protection Commission published a statement",
        "(Oberlandesgericht Köln, 15 UKl 2/25) refused a consumer association\u2019s application",
    ),
    "linkedin": (
        "7 November 2025: the Data Protection Commission stated that",
        "neither approved this processing nor found it compliant with the GDPR",
    ),
    "google": (
        "into whether the controller carried out a data protection impact assessment (Article 35 "
        "GDPR) before processing the personal data of EU/EEA data subjects to develop its AI "
        "model PaLM 2",
        "2 September 2025: according to the controller",
    ),
}
COLOGNE = "The judgment of the Higher Regional Court of Cologne of 23 May 2025 (15 UKl 2/25)"
META_NOTICE = "from 22 May 2024 and again from 14 April 2025"
MICROSOFT_ASK = (
    "The controller says that its setting governs the training of content-generating AI models by "
    "LinkedIn and its affiliates, a term that includes Microsoft, but it does not say whether "
    "members\u2019 data are disclosed to its affiliates for that purpose.",
    "I ask you to establish whether the controller discloses my personal data to its affiliates, "
    "including Microsoft, to train AI models, and, if so, on what legal basis;",
)
PALM_INQUIRY = BACKGROUND["google"][0]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def documents(platform: str, **answers) -> dict[str, str]:
    raw = {**BASE, "platform": platform, **answers}
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    return {document.kind: flat(document.text) for document in draft.documents}


@pytest.mark.parametrize("platform", sorted(BACKGROUND))
def test_each_complaint_has_its_own_background_and_no_other(reference_data, platform):
    complaint = documents(platform)["complaint"]
    assert "Regulatory background" in complaint
    for slug, sentences in BACKGROUND.items():
        for sentence in sentences:
            assert (sentence in complaint) == (slug == platform), (platform, sentence)


def test_x_processed_not_collected(reference_data):
    letters = documents("x")
    assert "processed between 7 May and 1 August 2024" in letters["complaint"]
    assert "processed between 7 May and 1 August 2024" in letters["objection"]
    for text in letters.values():
        assert "collected between" not in text


def test_x_answers_its_private_account_argument(reference_data):
    complaint = documents("x")["complaint"]
    assert "the controller argued that, when the processing began, users could object by " in (
        complaint
    )
    assert "Making an account private is not a means of exercising the right to object" in (
        complaint
    )
    for platform in ("meta", "linkedin", "google"):
        assert "account private" not in documents(platform)["complaint"]


def test_meta_distinguishes_the_cologne_ruling(reference_data):
    complaint = documents("meta")["complaint"]
    assert COLOGNE in complaint
    assert "It was given in summary proceedings" in complaint
    assert "it concerned the public data of adult users; it did not decide the merits" in complaint
    assert "it does not bind a supervisory authority" in complaint
    # Data from when the user was a child: the ruling did not consider them.
    assert "It did not consider data provided by a person while still a child" not in complaint
    minor = documents("meta", situation=["minor"])["complaint"]
    assert "It did not consider data provided by a person while still a child" in minor
    for platform in ("x", "linkedin", "google"):
        assert "15 UKl 2/25" not in documents(platform)["complaint"]


@pytest.mark.parametrize("notice", ["yes", "unsure"])
def test_meta_and_linkedin_notices_when_the_user_was_told_or_is_unsure(reference_data, notice):
    meta = documents("meta", notice_received=notice)["complaint"]
    assert META_NOTICE in meta
    assert "made its objection form easier to use and gave a longer notice period" in meta
    linkedin = documents("linkedin", notice_received=notice)["complaint"]
    assert "the controller agreed to improve its transparency notices" in linkedin
    assert META_NOTICE not in linkedin


def test_no_notice_part_when_the_user_says_they_were_not_told(reference_data):
    # The user's "no" makes the complaint allege missing information; the record's notices are
    # then not set against the user's word.
    assert META_NOTICE not in documents("meta", notice_received="no")["complaint"]
    linkedin = documents("linkedin", notice_received="no")["complaint"]
    assert "the controller agreed to improve its transparency notices" not in linkedin


def test_linkedin_asks_about_microsoft_and_asserts_nothing(reference_data):
    letters = documents("linkedin")
    complaint = letters.pop("complaint")
    for sentence in MICROSOFT_ASK:
        assert sentence in complaint
        complaint = complaint.replace(sentence, "")
    assert "Microsoft" not in complaint
    for kind, text in letters.items():
        assert "Microsoft" not in text, kind
        assert "affiliates" not in text, kind


def test_google_never_says_the_users_data_trained_palm_2(reference_data):
    letters = documents("google")
    complaint = letters.pop("complaint")
    assert PALM_INQUIRY in complaint
    assert "I do not know whether my personal data were among those processed to develop" in (
        complaint
    )
    assert "PaLM" not in complaint.replace(PALM_INQUIRY, "")
    for kind, text in letters.items():
        assert "PaLM" not in text, kind
    assert "in particular Gemini" in letters["access"]


def test_every_shipped_platform_record_is_sourced():
    platforms = json.loads((DATA_DIR / "platforms.json").read_text(encoding="utf-8"))
    for platform in platforms:
        sources = platform["sources"].split()
        assert sources and all(url.startswith("https://") for url in sources), platform["slug"]
        assert dt.date.fromisoformat(platform["last_checked"]), platform["slug"]
        for event in platform.get("timeline", []):
            assert event["source_url"].startswith("https://"), (platform["slug"], event["date"])
