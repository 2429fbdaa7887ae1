"""Each rule of docs/letter-rules.md, read back from the PDF in every language, in both branches:
the sentence stands in the letter when its answer or reference fact is there, and is absent when
not.

A rule names its sentence by a piece of the English source text; the test finds the whole
sentence in the letters' catalogue and reads its translation with gettext, so what it looks for
in a German PDF is the German sentence the translators wrote, not a guess. A sentence with
placeholders is looked for by its longest fixed part.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polib
import pytest
from django.utils import translation

from privacyreq.letters.choices import LANGUAGES
from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft
from tests.factories import earlier_request
from tests.letters.test_din_5008 import page_texts

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
CATALOGUE = Path("privacyreq/letters/locale/de/LC_MESSAGES/django.po")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# What a page break leaves inside a sentence once the page furniture is gone (page_texts): the
# list markers the extractor collects at the page's end.
MARKERS = re.compile(r"(?m)^\s*(?:•|\d+\.)\s*$")
BASE: dict[str, Any] = {
    "platform": "meta",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "postal_address": "12 Main Street\nDublin 2",
    "documents": ["objection", "erasure", "access", "restriction", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}


@dataclass(frozen=True)
class Rule:
    name: str
    document: str
    # A piece of the English sentence, enough to find it (once) in the catalogue.
    english: str
    # The answers that make the letter say it, and answers that do not (None: said in every
    # letter of its kind).
    said: dict[str, Any]
    not_said: dict[str, Any] | None
    # Values the rule's answers put in the sentence's placeholders.
    values: dict[str, str] = field(default_factory=dict)


RULES = (
    Rule(
        "a chosen special category is named",
        "objection",
        "data concerning my health",
        {"situation": ["sensitive_data"], "sensitive_categories": ["health"]},
        {"situation": ["sensitive_data"]},
    ),
    Rule(
        "not told: information duties alleged",
        "complaint",
        "The controller did not inform me clearly, before using my data",
        {"notice_received": "no"},
        {"notice_received": "yes"},
    ),
    Rule(
        "not told: Article 21(4) alleged",
        "complaint",
        "My right to object to this processing was not explicitly brought to my attention",
        {"notice_received": "no"},
        {"notice_received": "unsure"},
    ),
    Rule(
        "told or unsure: the authority is asked to examine the notice",
        "complaint",
        "I ask you to examine whether the controller\u2019s information about this processing",
        {"notice_received": "yes"},
        {"notice_received": "no"},
    ),
    Rule(
        "not told: the erasure letter says so",
        "erasure",
        "Nor was I told clearly, when my data were collected",
        {"notice_received": "no"},
        {},
    ),
    Rule(
        "what the user found hard, in their words",
        "complaint",
        "What I found hard, in my own words:",
        {"opt_out_difficulty": "Das Formular war versteckt."},
        {},
    ),
    Rule(
        "the profession the user typed",
        "objection",
        "I work as %(profession)s.",
        {"situation": ["professional_secrecy"], "profession": "Rechtsanwältin"},
        {"situation": ["professional_secrecy"]},
        values={"profession": "Rechtsanwältin"},
    ),
    Rule(
        "an objection through the platform's form",
        "objection",
        "I objected to this processing under Article 21(1) GDPR through your objection form.",
        {"opted_out_on": "2025-06-02", "opted_out_how": "form"},
        {"opted_out_on": "2025-06-02", "opted_out_how": "setting"},
    ),
    Rule(
        "an objection before the processing began: was it honoured?",
        "complaint",
        "I ask you to examine whether the controller honoured my objection.",
        {"opted_out_on": "2025-05-20", "opted_out_how": "form"},
        {"opted_out_on": "2025-06-02", "opted_out_how": "form"},
    ),
    Rule(
        "X's undertaking, for EU/EEA residents",
        "objection",
        "undertook permanently to stop processing, for the purpose of training Grok",
        {"platform": "x"},
        {"platform": "x", "country": "GB", "complaint_to": "home"},
    ),
    Rule(
        "the services the user named, with the account",
        "objection",
        "I use %(services)s with the account %(account)s.",
        {"services": ["instagram"], "account": "@aoife"},
        {"account": "@aoife"},
        values={"services": "Instagram", "account": "@aoife"},
    ),
    Rule(
        "a representative mandated under Article 80(1)",
        "complaint",
        "I have mandated %(body)s, a not-for-profit body within the meaning of Article 80(1)",
        {"representative": "Verbraucherzentrale"},
        {},
    ),
    Rule(
        "no other proceedings pending",
        "complaint",
        "No other proceedings concerning this matter are pending before a court",
        {"other_proceedings": "none"},
        {"other_proceedings": "pending"},
    ),
    Rule(
        "other proceedings pending",
        "complaint",
        "Other proceedings concerning the same matter, before a court or another supervisory",
        {"other_proceedings": "pending"},
        {},
    ),
    Rule(
        "published data: 'manifestly made public' read strictly",
        "objection",
        "Nor did I manifestly make these data public within the meaning of Article 9(2)(e)",
        {"situation": ["sensitive_data"], "data": ["posts"]},
        {"situation": ["sensitive_data"], "data": ["ai_chats"]},
    ),
    Rule(
        "AI chats were never made public",
        "objection",
        "My conversations with the AI assistant were never made public",
        {"situation": ["sensitive_data"], "data": ["ai_chats"]},
        {"situation": ["sensitive_data"], "data": ["posts"]},
    ),
    Rule(
        "data provided as a child: Recital 38 in the objection",
        "objection",
        "Children merit specific protection with regard to their personal data, as they may be "
        "less aware of the risks, consequences and safeguards",
        {"situation": ["minor"]},
        {"situation": ["creative_work"]},
    ),
    Rule(
        "data provided as a child: Article 17(1)(f) in so far as consent",
        "erasure",
        "In so far as the data I provided when I was under 18 were collected on the basis of my",
        {"situation": ["minor"]},
        {},
    ),
    Rule(
        "access: the AI Act's public summary of training content",
        "access",
        "for each general-purpose AI model trained with my data, the summary of the content",
        {"platform": "meta"},
        None,
    ),
    Rule(
        "erasure: review, evaluation and backup copies",
        "erasure",
        "The erasure extends to every copy of those data, including copies made for human review",
        {"platform": "meta"},
        None,
    ),
    Rule(
        "Meta: the Cologne ruling distinguished",
        "complaint",
        "The judgment of the Higher Regional Court of Cologne of 23 May 2025 (15 UKl 2/25)",
        {"platform": "meta"},
        {"platform": "linkedin"},
    ),
    Rule(
        "Meta: its notices, where the user was told",
        "complaint",
        "According to the controller\u2019s own announcements, it informed users in the EU/EEA",
        {"platform": "meta", "notice_received": "yes"},
        {"platform": "meta", "notice_received": "no"},
    ),
    Rule(
        "LinkedIn: the authority is asked about Microsoft, not told",
        "complaint",
        "I ask you to establish whether the controller discloses my personal data to its "
        "affiliates, including Microsoft",
        {"platform": "linkedin"},
        {"platform": "meta"},
    ),
    Rule(
        "Google: PaLM 2 only as the subject of the DPC's inquiry",
        "complaint",
        "12 September 2024: the Data Protection Commission opened an inquiry under section 110",
        {"platform": "google"},
        {"platform": "x"},
    ),
    Rule(
        "X: the argument that a private account was a way to object, answered",
        "complaint",
        "Making an account private is not a means of exercising the right to object",
        {"platform": "x"},
        {"platform": "meta"},
    ),
    Rule(
        "a child's interests weigh in the balance",
        "complaint",
        "Some of my data were provided when I was under 18.",
        {"situation": ["minor"]},
        {"situation": ["creative_work"]},
    ),
)


def _reply(*problems: str, **more: Any) -> dict[str, Any]:
    """Answers for a reply to a refused objection, naming ``problems``."""
    return {
        "prior_request": earlier_request(sent_on="2026-03-02"),
        "reply_problems": list(problems),
        **more,
    }


def _reminder(reply: str) -> dict[str, Any]:
    return {"prior_request": earlier_request(sent_on="2026-03-02", reply=reply)}


# Each problem of a reply is its own section, present when ticked and absent when another is.
FOLLOW_UP_RULES = (
    Rule(
        "reply: an ID copy demanded",
        "reply",
        "You asked me for a copy of an identity document before acting on my request.",
        _reply("asked_for_id"),
        _reply("own_form_required"),
    ),
    Rule(
        "reply: its own form required",
        "reply",
        "You told me to make my request again through your own form or portal.",
        _reply("own_form_required"),
        _reply("asked_for_id"),
    ),
    Rule(
        "reply: switching the setting off said to be enough",
        "reply",
        "You replied that switching off a setting is enough.",
        _reply("setting_is_enough"),
        _reply("only_future"),
    ),
    Rule(
        "reply: the objection said to work only from now on",
        "reply",
        "You replied that my objection takes effect only for the future.",
        _reply("only_future"),
        _reply("setting_is_enough"),
    ),
    Rule(
        "reply: data said not removable from a trained model",
        "reply",
        "You replied that my personal data cannot be removed from a model that has already",
        _reply("cannot_remove_from_model"),
        _reply("no_balancing"),
    ),
    Rule(
        "reply: legitimate interests without the balancing",
        "reply",
        "You relied on your legitimate interests without showing how you weighed them",
        _reply("no_balancing"),
        _reply("cannot_remove_from_model"),
    ),
    Rule(
        "reply: an incomplete access answer lists what is missing",
        "reply",
        "the period for which my personal data will be stored or, if that is not possible",
        _reply("incomplete_access", access_missing=["storage_period"]),
        _reply("incomplete_access", access_missing=["copy"]),
    ),
    Rule(
        "reply: answered in another language",
        "reply",
        "You replied in a language other than the one in which I wrote to you.",
        _reply("wrong_language"),
        _reply("late_extension"),
    ),
    Rule(
        "reply: an extension without reasons or too late",
        "reply",
        "Your notice did not meet those conditions, so it did not extend the period.",
        _reply("late_extension"),
        _reply("wrong_language"),
    ),
    Rule(
        "reminder: only an acknowledgment came",
        "reminder",
        "You acknowledged receipt of my request, but I have not received a reply to it.",
        _reminder("acknowledged"),
        _reminder("none"),
    ),
    Rule(
        "reminder: no reply at all",
        "reminder",
        "I have not received a reply.",
        _reminder("none"),
        # Not checked absent: in several languages the acknowledged variant ends with the same
        # words ("… but I have not received a reply to it"), and the rule above covers it.
        None,
    ),
)
RULES = RULES + FOLLOW_UP_RULES


@cache
def _catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def _entry(english: str) -> polib.POEntry:
    found = [e for e in _catalogue() if english in e.msgid and not e.obsolete]
    exact = [e for e in found if e.msgid == english]
    assert len(exact or found) == 1, f"{english!r}: {len(found)} sentences in the catalogue"
    return (exact or found)[0]


def _expected(rule: Rule, language: str) -> str:
    """The longest fixed part of the rule's sentence as the language writes it."""
    entry = _entry(rule.english)
    with translation.override(language):
        if entry.msgid_plural:
            text = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
        elif entry.msgctxt:
            text = translation.pgettext(entry.msgctxt, entry.msgid)
        else:
            text = translation.gettext(entry.msgid)
    if language != "en":
        assert text != entry.msgid, f"{rule.name}: no {language} translation"
    for name, value in rule.values.items():
        text = text.replace(f"%({name})s", value)
    return max(PLACEHOLDER.split(text)[::2], key=len)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _pdf_text(raw: dict[str, Any], document: str) -> str:
    # Only the document the rule is about: drafting the others would only cost time.
    raw = {**raw, "documents": [document]}
    if document != "complaint":
        raw.pop("complaint_to", None)
    else:
        # Each language's sentence is looked for in that language's complaint (left out, the
        # complaint would be in the DPC's language, English).
        raw["complaint_language"] = raw.get("language", "en")
    if document == "complaint" and "prior_request" not in raw:
        # A complaint needs a request behind it: an objection refused, so the complaint is the
        # full one lodged now (a draft or a complaint "now" is tested on its own).
        raw["prior_request"] = earlier_request(sent_on="2026-03-02")
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    found = draft.document(document)
    assert found is not None, document
    pdf = document_render_pdf(document=found)
    # Without the page numbers and the continuation pages' header (DIN 5008 layout), which would
    # split a sentence that runs over a page.
    return " ".join(MARKERS.sub("", page) for page in page_texts(pdf))


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_said_when_answered_and_absent_when_not(reference_data, rule, language):
    expected = _squeeze(_expected(rule, language))
    assert len(expected) >= 8, f"{rule.name}: {expected!r} is too short to look for"
    said = _pdf_text({**BASE, **rule.said, "language": language}, rule.document)
    assert expected in _squeeze(said), f"{rule.name} ({language}): not in the PDF"
    if rule.not_said is None:
        return
    not_said = _pdf_text({**BASE, **rule.not_said, "language": language}, rule.document)
    assert expected not in _squeeze(not_said), f"{rule.name} ({language}): said regardless"
