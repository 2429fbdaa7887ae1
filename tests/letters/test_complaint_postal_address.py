"""Every complaint carries the sender's postal address and a signature line: the answers format and
the command line refuse a complaint without ``postal_address``, the questionnaire asks for it when
the details left it empty, and the complaint ends with the lines to sign on that its authority
requires. The complaint to UODO is addressed as UODO names itself."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from privacyreq.letters.answers import AnswersError, answers_from_stored
from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft
from privacyreq.letters.wizard import SESSION_KEY
from tests.factories import earlier_request
from tests.letters.test_wizard import walk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
ADDRESS = "ul. Długa 5\n00-238 Warszawa"
BASE = {
    "platform": "meta",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "postal_address": "4 Quay Street\nGalway",
    "documents": ["complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
    # A complaint needs a request behind it: here an objection the controller refused.
    "prior_request": earlier_request(sent_on="2026-10-01"),
}
REQUIRED = (
    "postal_address: is required for a complaint: authorities need the complainant's postal "
    "address, and some leave a complaint without one unexamined."
)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def draft(raw):
    return letters_draft(answers=answers_validate(raw=raw, today=TODAY))


def pdf_text(document) -> str:
    reader = PdfReader(io.BytesIO(document_render_pdf(document=document)))
    return flat(" ".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize("missing", [None, "", "  \n "])
def test_a_complaint_without_a_postal_address_is_refused_naming_the_key(reference_data, missing):
    raw = {key: value for key, value in BASE.items() if key != "postal_address"}
    if missing is not None:
        raw["postal_address"] = missing
    with pytest.raises(AnswersError) as error:
        answers_validate(raw=raw, today=TODAY)
    assert [f"{key}: {message}" for key, message in error.value.problems] == [REQUIRED]


def test_letters_without_a_complaint_need_no_postal_address(reference_data):
    raw = {
        key: value for key, value in BASE.items() if key not in ("postal_address", "complaint_to")
    }
    answers = answers_validate(raw={**raw, "documents": ["objection"]}, today=TODAY)
    assert answers.postal_address == ""


def test_the_command_line_prints_one_line_and_exits_2(tmp_path, reference_data):
    answers = tmp_path / "answers.json"
    raw = {key: value for key, value in BASE.items() if key != "postal_address"}
    answers.write_text(json.dumps(raw), encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draft_letters", str(answers), "--out", str(tmp_path / "out"), stderr=stderr)
    assert raised.value.returncode == 2
    assert stderr.getvalue().strip().splitlines() == [REQUIRED]
    assert not (tmp_path / "out").exists()


def test_a_stored_case_without_an_address_stays_readable():
    raw = {key: value for key, value in BASE.items() if key != "postal_address"}
    assert answers_from_stored(raw).postal_address == ""


def test_the_complaint_gives_the_address_and_a_signature_line(reference_data):
    complaint = draft(BASE).document("complaint")
    text = pdf_text(complaint)
    assert "Postal address: 4 Quay Street, Galway" in text
    assert "Signature:" in text
    # The DPC asks for no handwritten signature: no place and date to fill in.
    assert "Place and date:" not in text
    # Not in the text that goes into an online form or an email.
    assert "Signature:" not in complaint.email_body


def test_uodo_is_addressed_as_it_names_itself_and_asks_for_a_signature(reference_data):
    raw = {
        **BASE,
        "country": "PL",
        "postal_address": ADDRESS,
        "complaint_to": "home",
        "language": "pl",
    }
    complaint = draft(raw).document("complaint")
    assert complaint.recipient.name == "Prezes Urzędu Ochrony Danych Osobowych"
    html = flat(complaint.html)
    assert "<p>Prezes Urzędu Ochrony Danych Osobowych,</p>" in html
    assert "Dear Sir or Madam" not in html and "Szanown" not in html
    # In English too, the salutation is UODO's own form of address, a name never translated;
    # the recipient's name stays the English one, since UODO has no official English name here.
    english = draft({**raw, "language": "en", "complaint_language": "en"}).document("complaint")
    assert "<p>Prezes Urzędu Ochrony Danych Osobowych,</p>" in flat(english.html)
    assert (
        english.recipient.name == "Personal Data Protection Office (Urząd Ochrony Danych Osobowych)"
    )
    text = pdf_text(english)
    assert "Place and date:" in text and "Signature:" in text
    assert (
        "On paper, signed by hand. Sent electronically, signed with a qualified electronic "
        "signature or a trusted profile." in text
    )


def test_belgium_asks_for_place_and_date_and_a_signature(reference_data):
    raw = {**BASE, "country": "BE", "complaint_to": "home", "language": "fr"}
    complaint = draft(raw).document("complaint")
    assert complaint.recipient.name == "Autorité de protection des données"
    lines = re.search(r'<div class="signature-lines">(.*?)</div>', complaint.html, re.S).group(1)
    assert lines.count("blank-line") == 2
    assert "qualified electronic signature" not in complaint.html


def test_the_edoeb_is_named_in_the_complaints_language(reference_data):
    raw = {**BASE, "country": "CH", "complaint_to": "home", "language": "fr"}
    complaint = draft(raw).document("complaint")
    assert complaint.recipient.name.startswith("Préposé fédéral à la protection des données")
    german = draft({**raw, "language": "de"}).document("complaint")
    assert german.recipient.name.startswith("Eidgenössischer Datenschutz- und")


# --- the questionnaire ---------------------------------------------------------------------

BEFORE_DOCUMENTS = [
    ("platform", {"platform": "x"}),
    ("country", {"country": "IE"}),
    ("details", {"full_name": "Zoë Ångström", "email": "zoe@example.org"}),
    ("services", {"services": ["x"]}),
    ("data", {"data": ["posts"]}),
    ("situation", {}),
    ("switched-off", {"opted_out": "no"}),
    ("notice", {"notice_received": "no"}),
]


def test_the_questionnaire_asks_for_the_address_when_a_complaint_needs_it(client, reference_data):
    walk(client, BEFORE_DOCUMENTS)
    response = client.post("/start/documents/", {"documents": ["complaint"]})
    assert response["Location"] == "/start/postal-address/"
    page = client.post("/start/postal-address/", {"postal_address": "  "})
    assert page.status_code == 200
    assert "Enter your postal address." in page.content.decode()
    response = client.post("/start/postal-address/", {"postal_address": "1 Quay Street\r\nGalway"})
    assert response.status_code == 302
    steps = client.session[SESSION_KEY]["steps"]
    assert steps["postal-address"] == {"postal_address": "1 Quay Street\nGalway"}
    # The details' own answers were not touched.
    assert steps["details"]["full_name"] == "Zoë Ångström"


def test_an_address_given_in_the_details_is_not_asked_again(client, reference_data):
    journey = [
        (slug, {**data, "postal_address": "1 Quay Street\nGalway"} if slug == "details" else data)
        for slug, data in BEFORE_DOCUMENTS
    ]
    walk(client, journey)
    response = client.post("/start/documents/", {"documents": ["complaint"]})
    assert response["Location"] != "/start/postal-address/"
    assert client.get("/start/postal-address/")["Location"] != "/start/postal-address/"


def test_no_complaint_no_address_step(client, reference_data):
    walk(client, BEFORE_DOCUMENTS)
    client.post("/start/documents/", {"documents": ["objection"]})
    assert client.get("/start/postal-address/").status_code == 302
    assert "postal-address" not in client.session[SESSION_KEY]["steps"]


def test_the_check_page_links_the_address_to_where_it_was_given(client, reference_data):
    walk(client, BEFORE_DOCUMENTS)
    client.post("/start/documents/", {"documents": ["complaint"]})
    client.post("/start/postal-address/", {"postal_address": "1 Quay Street\nGalway"})
    # Answer whatever the complaint still asks, then look at the check page.
    for _ in range(10):
        location = client.get("/start/")["Location"]
        if location == "/start/check/":
            break
        slug = location.strip("/").split("/")[-1]
        answers = {
            "authority": {"complaint_to": "lead"},
            "earlier-request": {"prior_request": "no"},
            "representative": {},
            "other-proceedings": {"other_proceedings": "none"},
            "complaint-timing": {"complaint_timing": "later"},
        }
        client.post(location, answers.get(slug, {}))
    page = client.get("/start/check/").content.decode()
    assert "1 Quay Street" in page
    assert 'href="/start/postal-address/?change=1"' in page
