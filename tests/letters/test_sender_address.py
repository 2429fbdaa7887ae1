"""Issue 18: the postal-address hint says "without your name", and a name typed again as the
address's first line is printed once, not twice, in the letter's sender block."""

import pytest
from django.utils import timezone

from privacyreq.letters.letter_context import address_without_name
from privacyreq.letters.services import answers_validate, letters_draft
from tests.factories import x_answers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("Aoife Murphy\n1 Main Street\nDublin 8", ["1 Main Street", "Dublin 8"]),
        ("  aoife   MURPHY \n1 Main Street", ["1 Main Street"]),
        ("1 Main Street\nAoife Murphy", ["1 Main Street", "Aoife Murphy"]),  # only a first line
        ("Aoife Murphy-Byrne\n1 Main Street", ["Aoife Murphy-Byrne", "1 Main Street"]),
        ("", []),
    ],
)
def test_only_a_first_line_repeating_the_name_is_dropped(address, expected):
    assert address_without_name(address, name="Aoife Murphy") == expected


def test_the_letter_prints_the_name_once(reference_data):
    raw = x_answers(postal_address="Aoife Murphy\n1 Main Street\nDublin 8", documents=["objection"])
    draft = letters_draft(answers=answers_validate(raw=raw, today=timezone.localdate()))
    text = draft.document("objection").text
    head = text.split("1 Main Street")[0]
    assert head.count("Aoife Murphy") == 1, head


def test_the_address_hint_says_without_your_name(client, reference_data):
    client.post("/start/platform/", {"platform": "x"})
    client.post("/start/country/", {"country": "IE"})
    page = client.get("/start/details/").content.decode()
    assert "without your name" in page
