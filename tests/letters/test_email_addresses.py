"""Issue 17, point 9: an email address the user types cannot carry headers into a ``mailto:``
link. Every hostile address below passes Django's ``validate_email``; each way in (the answers
format, the command line, the questionnaire's steps) refuses it, and the links are percent-encoded
throughout."""

import io
import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.html import escape

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.kinds import DocumentKind
from privacyreq.letters.letter_facts import Party
from privacyreq.letters.services import _mailto, answers_validate
from privacyreq.letters.wizard import SESSION_KEY

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"?cc=x@y&bcc=z@y"@example.com',  # a quoted local part, as issue 17 found it
    "dpo?cc=evil@example.com",
    "dpo&bcc=evil@example.com",
    "dpo%0Abcc=evil@example.com",  # a newline once a mail program decodes it
    '"dpo\\ bcc"@example.com',  # an escaped space inside quotes
]

ANSWERS = {
    "platform": "x",
    "country": "IE",
    "full_name": "Zoë Ångström",
    "email": "zoe@example.org",
    "documents": ["objection"],
}
ORGANISATION = {"name": "Acme AI GmbH", "address": "Hauptstraße 1\n10115 Berlin"}


def with_email(key: str, address: str) -> dict:
    if key == "email":
        return {**ANSWERS, "email": address}
    return {
        **ANSWERS,
        "platform": "other",
        "controller": {**ORGANISATION, "email": address},
    }


@pytest.mark.parametrize("key", ["email", "controller.email"])
@pytest.mark.parametrize("address", HOSTILE)
def test_the_answers_format_refuses_the_address_naming_its_key(reference_data, key, address):
    # Ordinary addresses, an apostrophe and a plus included, still pass.
    for ordinary in ["privacy+ai@example.org", "o'brien.dpo@example.ie", "dpo@exämple.org"]:
        answers = answers_validate(raw=with_email(key, ordinary), today=timezone.localdate())
        assert ordinary in (answers.email, answers.controller and answers.controller.email)

    with pytest.raises(AnswersError) as raised:
        answers_validate(raw=with_email(key, address), today=timezone.localdate())
    [(found, message)] = raised.value.problems
    assert found == key
    assert message.startswith(f"{address!r} is not a valid email address")


@pytest.mark.parametrize("key", ["email", "controller.email"])
@pytest.mark.parametrize("address", HOSTILE)
def test_the_command_line_prints_one_line_naming_the_key_and_exits_2(
    tmp_path, reference_data, key, address
):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(with_email(key, address)), encoding="utf-8")
    out = tmp_path / "out"
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draft_letters", str(answers), "--out", str(out), stderr=stderr)
    assert raised.value.returncode == 2
    lines = stderr.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{key}: ") and "is not a valid email address" in lines[0]
    assert not out.exists()


def field_block(page: str, name: str) -> str:
    """The field's own part of the step page: label, input, its error and help text."""
    start = page.index(f'<div id="div_id_{name}"')
    following = page.find('<div id="div_id_', start + 1)
    return page[start : following if following != -1 else len(page)]


def assert_refused_at_the_field(response, address: str, message: str):
    assert response.status_code == 200
    block = field_block(response.content.decode(), "email")
    assert 'aria-invalid="true"' in block
    assert re.search(r'<div id="id_email_error"[^>]*>.*' + re.escape(message), block, re.S)
    # What was typed is kept, so it can be corrected.
    assert f'value="{escape(address)}"' in block


@pytest.mark.parametrize("address", HOSTILE)
def test_the_details_step_refuses_the_users_address_and_keeps_it(client, reference_data, address):
    client.post("/start/platform/", {"platform": "x"})
    client.post("/start/country/", {"country": "IE"})
    response = client.post("/start/details/", {"full_name": "Zoë Ångström", "email": address})
    assert_refused_at_the_field(response, address, "Enter an email address like name@example.com.")
    assert "details" not in client.session.get(SESSION_KEY, {}).get("steps", {})


@pytest.mark.parametrize("address", HOSTILE)
def test_the_organisation_step_refuses_its_address_and_keeps_it(client, reference_data, address):
    client.post("/start/platform/", {"platform": "other"})
    response = client.post("/start/organisation/", {**ORGANISATION, "email": address})
    # Django's own message, which Django translates.
    assert_refused_at_the_field(response, address, "Enter a valid email address.")
    assert "organisation" not in client.session.get(SESSION_KEY, {}).get("steps", {})


# RFC 3986's unreserved characters, or a percent-encoded byte.
ENCODED = re.compile(r"(?:[A-Za-z0-9_.~-]|%[0-9A-F]{2})*")


def mailto_parts(link: str) -> tuple[str, str, str]:
    assert link.startswith("mailto:")
    address, _, query = link.removeprefix("mailto:").partition("?")
    subject, _, body = query.partition("&")
    return address, subject.removeprefix("subject="), body.removeprefix("body=")


@pytest.mark.parametrize("address", ["privacy+ai@example.org", *HOSTILE])
def test_every_part_of_a_mailto_is_percent_encoded_and_round_trips(address):
    # Addresses from the reference data and answers stored before the rule are not validated
    # again: the link itself must not let them add headers.
    controller = Party(name="Acme", address_lines=[], country="DE", email=address)
    subject = "Objection (Art. 21 GDPR) / erasure: account @zoe?&=#"
    body = "Dear Sir or Madam,\r\n\nbcc: evil@example.com\n1/2 & 50% = half?"
    link = _mailto(
        kind=DocumentKind.OBJECTION,
        controller=controller,
        authority=None,
        subject=subject,
        body=body,
    )
    parts = mailto_parts(link)
    for part in parts:
        # Nothing raw but unreserved characters: no ?, &, =, #, /, @, quote or space.
        assert ENCODED.fullmatch(part), part
    assert set(parts[0]) & set('?&="/@ ') == set()
    split = urlsplit(link)
    assert split.scheme == "mailto" and unquote(split.path) == address
    assert parse_qs(split.query, keep_blank_values=True) == {"subject": [subject], "body": [body]}


@pytest.mark.parametrize("address", ["privacy+ai@example.org", *HOSTILE])
def test_the_pages_plain_write_to_links_are_percent_encoded(address):
    # The result page's "By email to …" and the authority's channels link to an address from the
    # reference data (edited in the admin) or typed before the rule: encoded like the letters'.
    from django.template import Context, Template

    rendered = Template('{% load emails %}<a href="{{ address|mailto }}">').render(
        Context({"address": address})
    )
    href = re.search(r'href="([^"]*)"', rendered).group(1)
    assert href.startswith("mailto:")
    assert ENCODED.fullmatch(href.removeprefix("mailto:")), href
    assert unquote(href.removeprefix("mailto:")) == address


def test_the_result_page_links_to_the_controller_through_the_encoded_mailto(client, reference_data):
    from privacyreq.core.sessions import RESULT_KEY

    session = client.session
    answers = with_email("controller", "privacy+ai@example.org")
    session[RESULT_KEY] = {**answers, "sent_by": "email", "date": str(timezone.localdate())}
    session.save()
    page = client.get("/start/result/").content.decode()
    links = re.findall(r'By email to <a href="(mailto:[^"]*)">', page)
    assert links, "the result page offers no email address"
    assert links == ["mailto:privacy%2Bai%40example.org"]
