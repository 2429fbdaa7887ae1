"""Every document kind has one spec, and everything that names a kind reads it from there."""

import pytest
from django.template.loader import get_template
from django.utils import translation

from privacyreq.letters.kinds import (
    KINDS,
    REQUEST_KINDS,
    DocumentKind,
    annex_title_start,
    kind_spec,
    request_sent_phrase,
)


def test_every_kind_has_a_spec_and_a_letter_template():
    assert set(KINDS) == set(DocumentKind.values)
    for kind in DocumentKind.values:
        assert kind_spec(kind).value == kind
        assert kind_spec(kind).file_name("pdf") == f"{kind}.pdf"
        get_template(f"letters/pdf/{kind}.html")


def test_each_request_kind_cites_its_article_everywhere_it_is_named():
    assert REQUEST_KINDS == ("objection", "erasure", "access", "restriction")
    for kind in REQUEST_KINDS:
        spec = kind_spec(kind)
        for text in (spec.subject, spec.request_sent, spec.annex_title, spec.enclosure):
            assert f"{spec.article} GDPR" in str(text)


def test_the_complaint_is_never_a_request_sent():
    complaint = kind_spec(DocumentKind.COMPLAINT)
    assert complaint.request_sent == "" and complaint.enclosure == ""
    assert str(complaint.subject) % {"controller": "X Corp"} == (
        "Complaint under Article 77 GDPR against X Corp"
    )


def test_unknown_values_read_as_a_request():
    assert request_sent_phrase("petition") == "my request"
    assert annex_title_start("petition") == "My request"


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("de", "meinen Widerspruch nach Art. 21 Abs. 1 DSGVO"), ("pl", "art. 21 ust. 1 RODO")],
)
def test_phrases_are_read_in_the_active_language(language, phrase):
    with translation.override(language):
        assert phrase in request_sent_phrase("objection")
