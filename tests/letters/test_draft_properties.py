"""Any answers, straight into the pipeline that ``draft_letters`` and the result page share.

For every input, ``answers_validate`` either refuses it with ``AnswersError`` naming the keys at
fault, or ``letters_draft`` writes every document, and each one says what the user typed (cleaned
of control characters, whitespace folded as HTML folds it). Nothing in between may raise.
"""

import datetime as dt
import re

import pytest
from hypothesis import Phase, event, example, given, settings
from hypothesis import strategies as st

from privacyreq.letters.answers import (
    KEYS,
    MAX_ACCOUNT,
    MAX_ADDRESS,
    MAX_EMAIL,
    MAX_SHORT,
    MAX_TEXT,
    AnswersError,
)
from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft
from tests.factories import x_answers
from tests.letters.test_din_5008 import page_texts
from tests.properties import (
    PRINTABLE,
    any_text,
    date_strings,
    flat,
    pdftotext,
    squeeze,
    typed,
    visible_text,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
ALL_DOCUMENTS = ["objection", "erasure", "access", "restriction", "complaint"]
FREE_TEXT = {
    "full_name": MAX_SHORT,
    "account": MAX_ACCOUNT,
    "postal_address": MAX_ADDRESS,
    "situation_text": MAX_TEXT,
}
dates = st.one_of(st.none(), st.dates().map(dt.date.isoformat), date_strings)
# Scripts send JSON: any type where text is expected.
wrong_types = st.one_of(
    st.integers(), st.floats(), st.booleans(), st.lists(st.integers()), st.none()
)


PERTURBABLE = (
    *FREE_TEXT,
    "controller",
    "email",
    "controller.email",
    "date",
    "opted_out_on",
    "prior_request_sent_on",
    "type",
)


@st.composite
def raw_answers(draw) -> dict:
    """Free text is any visible text in any script; one to three answers (free text included)
    are anything at all, the rest valid, so that most examples get as far as ``letters_draft``."""
    wild = draw(st.sets(st.sampled_from(PERTURBABLE), min_size=1, max_size=3))
    documents = draw(st.lists(st.sampled_from(ALL_DOCUMENTS), min_size=1, unique=True))
    platform = draw(st.sampled_from(["x", "other"]))
    raw = x_answers(platform=platform, documents=documents, date=TODAY.isoformat())
    if "complaint" in documents:
        raw["complaint_to"] = (
            "home" if platform == "other" else draw(st.sampled_from(["lead", "home"]))
        )
    for key, limit in FREE_TEXT.items():
        raw[key] = draw(st.one_of(any_text(limit), visible_text) if key in wild else visible_text)
    raw["situation"] = draw(st.sampled_from([[], ["other"], ["minor", "other"]]))
    if platform == "other":
        raw["controller"] = {
            "name": draw(any_text(MAX_SHORT) if "controller" in wild else visible_text),
            "address": draw(any_text(MAX_ADDRESS) if "controller" in wild else visible_text),
            "email": draw(any_text(MAX_EMAIL)) if "controller.email" in wild else "dpo@acme.test",
        }
    if "email" in wild:
        raw["email"] = draw(any_text(MAX_EMAIL))
    for key in ("date", "opted_out_on", "prior_request_sent_on"):
        if key in wild:
            raw[key] = draw(dates)
    if "type" in wild:
        raw[draw(st.sampled_from(KEYS))] = draw(wrong_types)
    return raw


def check_documents_say_what_was_typed(raw: dict, answers, draft):
    for key in FREE_TEXT:
        value = raw.get(key)
        assert getattr(answers, key) == (typed(value) if isinstance(value, str) else ""), key
    assert [d.kind for d in draft.documents] == list(answers.documents)
    for document in draft.documents:
        text = flat(document.text)
        assert flat(answers.full_name) in text, document.kind
        assert flat(answers.postal_address) in text, document.kind
        assert flat(answers.account) in text, document.kind
        if document.kind != "access":  # access asks for no reasons
            assert flat(answers.situation_text) in text, document.kind
        if answers.controller:
            assert flat(answers.controller.name) in text, document.kind
        assert document.subject and document.email_body.strip()


@settings(max_examples=100)
@given(raw=raw_answers())
# The end of the calendar: deadlines counted from here would fall after 9999.
@example(
    raw=x_answers(date="9999-12-31", documents=["objection", "complaint"], complaint_to="lead")
)
@example(raw=x_answers(date="9999-12-31", opted_out_on="9999-12-30", documents=["access"]))
def test_any_answers_are_refused_clearly_or_written_into_every_document(reference_data, raw):
    try:
        answers = answers_validate(raw=raw, today=TODAY)
    except AnswersError as error:
        event("refused: " + ",".join(sorted({k for k, _ in error.problems})))
        assert error.problems
        for key, message in error.problems:
            assert key.split(".")[0] in {*KEYS, *raw}, key
            assert message.strip(), key
        return
    event("written")
    draft = letters_draft(answers=answers)
    check_documents_say_what_was_typed(raw, answers, draft)


def words_past_the_margin(data: bytes) -> list[str]:
    """Words that end beyond the right margin (2 cm, where the letterhead ends; the text's is
    4.4 cm) of an A4 page, as poppler lays them out."""
    layout = pdftotext(data, "-bbox")
    right_margin = 595.28 - 56.69
    return [
        word
        for x_max, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)</word>', layout)
        if float(x_max) > right_margin + 1
    ]


# No shrinking: each example renders a PDF, and shrinking a long text takes minutes. A failure is
# reported as found.
@settings(max_examples=8, phases=[Phase.explicit, Phase.generate])
@given(
    name=st.text(PRINTABLE, min_size=1, max_size=MAX_SHORT).filter(str.strip),
    account=st.text(PRINTABLE, max_size=MAX_ACCOUNT),
    situation=st.one_of(
        st.text(PRINTABLE, max_size=MAX_TEXT),
        st.builds(
            lambda word, n: (word * n)[:MAX_TEXT],
            st.text(PRINTABLE.replace(" ", "")),
            st.integers(1, 500),
        ),
    ),
)
def test_any_printable_text_is_in_the_pdf_and_stays_on_the_page(
    reference_data, name, account, situation
):
    raw = x_answers(
        full_name=name,
        account=account,
        situation=["other"] if situation.strip() else [],
        situation_text=situation,
        documents=["objection"],
        date=TODAY.isoformat(),
    )
    answers = answers_validate(raw=raw, today=TODAY)
    data = document_render_pdf(document=letters_draft(answers=answers).documents[0])
    # Without the page furniture (DIN 5008 layout), which splits text that runs over a page.
    text = squeeze(" ".join(page_texts(data)))
    for value in (answers.full_name, answers.account, answers.situation_text):
        assert squeeze(value) in text
    assert words_past_the_margin(data) == []
