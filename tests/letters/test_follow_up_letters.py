"""The follow-up letters (issue 16): a reminder when no answer came by the due date, and a reply
to a deficient answer with one section per problem, from the answers format and the command line.
Every problem's section in every language is in tests/i18n/test_rules_in_every_language.py."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.choices import AccessItem, ReplyProblem
from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft
from tests.factories import earlier_request, x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def flat(text: str) -> str:
    # The page footer ("Page 1 of 2") can fall inside a sentence; it is not part of it.
    return " ".join(re.sub(r"Page \d+ of \d+", " ", text).split())


def draft_text(raw: dict, kind: str) -> str:
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    document = draft.document(kind)
    assert document is not None
    pdf = document_render_pdf(document=document)
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def problems(raw: dict) -> dict[str, str]:
    with pytest.raises(AnswersError) as raised:
        answers_validate(raw=raw, today=TODAY)
    return dict(raised.value.problems)


def reply_answers(*reply_problems: str, **overrides) -> dict:
    return x_answers(
        **{
            "documents": ["reply"],
            "date": TODAY.isoformat(),
            "prior_request": earlier_request(sent_on="2026-10-01", reply="refused"),
            "reply_problems": list(reply_problems),
            **overrides,
        }
    )


def reminder_answers(**overrides) -> dict:
    prior = overrides.pop("prior_request", earlier_request(sent_on="2026-10-01", reply="none"))
    return x_answers(
        documents=["reminder"], date=TODAY.isoformat(), prior_request=prior, **overrides
    )


# --- The reminder ---------------------------------------------------------------------------------


def test_reminder_names_the_request_its_date_channel_reference_and_the_period_that_ended(
    reference_data,
):
    prior = {**earlier_request(sent_on="2026-10-01", reply="none"), "reference": "CASE-77"}
    text = draft_text(reminder_answers(prior_request=prior), "reminder")
    assert "On 1 October 2026 I sent you my objection under Article 21(1) GDPR." in text
    assert "I sent it by email. Its reference is CASE-77." in text
    # One month from 1 October is 1 November, a Sunday: the period ended on Monday 2 November.
    assert "within one month of receipt, that is, by 2 November 2026." in text
    assert "I have not received a reply." in text
    assert "Article 12(4) GDPR" in text


def test_reminder_gives_a_final_period_of_14_days_by_default(reference_data):
    text = draft_text(reminder_answers(), "reminder")
    assert "within 14 days of this letter, by 18 December 2026 at the latest" in text
    assert "I will lodge a complaint with the competent supervisory authority" in text
    assert "enclosing my request and this reminder" in text


def test_final_period_is_configurable_in_the_answers_and_the_settings(reference_data, settings):
    text = draft_text(reminder_answers(final_period_days=21), "reminder")
    assert "within 21 days of this letter, by 28 December 2026" in text
    settings.LETTERS_FINAL_PERIOD_DAYS = 10
    # 14 December 2026 is a Monday.
    assert "within 10 days of this letter, by 14 December 2026" in draft_text(
        reminder_answers(), "reminder"
    )


def test_reminder_after_an_extension_counts_three_months(reference_data):
    prior = earlier_request(sent_on="2026-08-03", reply="extension")
    text = draft_text(reminder_answers(prior_request=prior), "reminder")
    assert "You told me that you were extending the period for your reply" in text
    assert "That extended period ended on 3 November 2026." in text


def test_reminder_by_post_counts_from_the_arrival_given(reference_data):
    prior = {
        "sent_on": "2026-10-01",
        "document": "access",
        "channel": "post",
        "received_on": "2026-10-09",
        "reply": "acknowledged",
    }
    text = draft_text(reminder_answers(prior_request=prior), "reminder")
    assert "I sent it by post." in text
    assert "that is, by 9 November 2026." in text
    assert "You acknowledged receipt of my request, but I have not received a reply" in text


def test_a_reminder_before_the_reply_date_is_refused(reference_data):
    prior = earlier_request(sent_on="2026-11-20", reply="none")
    found = problems(reminder_answers(prior_request=prior))
    assert "a reminder is for after that date" in found["prior_request.sent_on"]


def test_a_reminder_after_an_answer_is_refused(reference_data):
    found = problems(reminder_answers(prior_request=earlier_request(reply="refused")))
    assert "write a 'reply' to it" in found["prior_request.reply"]


# --- The reply to a deficient answer --------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "section", "law"),
    [
        ("asked_for_id", "Identification", "paragraphs 72–74"),  # noqa: RUF001
        ("own_form_required", "The form of my request", "Article 12(2) GDPR"),
        ("setting_is_enough", "Switching off a setting is not enough", "Article 17(1)(c)"),
        ("only_future", "Data already used", "Article 4(2) GDPR"),
        ("cannot_remove_from_model", "My data in trained models", "Opinion 28/2024"),
        ("no_balancing", "Your legitimate interests", "Recital 69 GDPR"),
        ("wrong_language", "The language of your reply", "Article 12(1) GDPR"),
        ("late_extension", "The extension of the period", "Article 12(3) GDPR"),
    ],
)
def test_each_problem_is_a_section_with_its_law(reference_data, problem, section, law):
    text = draft_text(reply_answers(problem), "reply")
    assert f"{section} " in text and law in text
    others = [p for p in ReplyProblem.values if p not in (problem, "incomplete_access")]
    other_text = draft_text(reply_answers(*others), "reply")
    assert law not in other_text or problem in ("setting_is_enough", "own_form_required")


def test_an_id_demand_is_answered_once_not_twice(reference_data):
    text = draft_text(reply_answers("asked_for_id"), "reply")
    # The identification section replaces the general sentence on ID copies.
    assert text.count("asking for a copy of an identity document is disproportionate") == 1


def test_an_incomplete_access_answer_lists_exactly_the_missing_parts(reference_data):
    missing = ["recipients", "copy", "models_trained"]
    text = draft_text(reply_answers("incomplete_access", access_missing=missing), "reply")
    assert "What your answer to my access request left out" in text
    assert "named as such and not only by category (Article 15(1)(c) GDPR" in text
    assert "(Article 15(3) GDPR; judgment of 4 May 2023" in text
    assert "which models and versions" in text
    assert "Article 15(1)(d)" not in text and "Article 15(1)(a)" not in text


def test_late_extension_states_when_the_month_really_ended(reference_data):
    prior = earlier_request(sent_on="2026-09-01", reply="extension")
    text = draft_text(reply_answers("late_extension", prior_request=prior), "reply")
    assert "The period for your reply therefore ended on 1 October 2026." in text


def test_every_problem_at_once_in_order(reference_data):
    everything = [p for p in ReplyProblem.values]
    text = draft_text(reply_answers(*everything, access_missing=list(AccessItem.values)), "reply")
    headings = [
        "Identification You asked",
        "The form of my request",
        "Switching off a setting is not enough",
        "Data already used",
        "My data in trained models",
        "Your legitimate interests",
        "What your answer to my access request left out",
        "The language of your reply",
        "The extension of the period",
        "Final period",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "enclosing my request, your reply and this letter" in text


# --- What the answers format refuses ----------------------------------------------------------


def test_follow_ups_need_an_earlier_request(reference_data):
    raw = x_answers(documents=["reminder"], date=TODAY.isoformat())
    assert "is required for a reminder or a reply" in problems(raw)["prior_request"]


def test_a_reply_needs_its_problems_and_incomplete_access_its_parts(reference_data):
    assert "say what is wrong with the reply" in problems(reply_answers())["reply_problems"]
    found = problems(reply_answers("incomplete_access"))
    assert "say which parts of the access answer are missing" in found["access_missing"]
    found = problems(reply_answers("asked_for_id", access_missing=["copy"]))
    assert "only used when 'incomplete_access'" in found["access_missing"]


def test_follow_up_keys_without_a_follow_up_are_refused(reference_data):
    raw = x_answers(
        date=TODAY.isoformat(),
        reply_problems=["asked_for_id"],
        final_period_days=14,
    )
    found = problems(raw)
    assert "only used when 'reply'" in found["reply_problems"]
    assert "only used with a 'reminder' or a 'reply'" in found["final_period_days"]


def test_impossible_combinations_are_refused(reference_data):
    both = reply_answers("asked_for_id", documents=["reminder", "reply"])
    assert "not both" in problems(both)["documents"]
    with_complaint = reply_answers("asked_for_id", documents=["reply", "complaint"])
    assert "a complaint waits for the final period" in problems(with_complaint)["documents"]
    nothing_came = reply_answers(
        "asked_for_id", prior_request=earlier_request(sent_on="2026-10-01", reply="none")
    )
    assert "write a 'reminder'" in problems(nothing_came)["prior_request.reply"]
    for days in (3, 31, "14", True):
        found = problems(reminder_answers(final_period_days=days))
        assert "final_period_days" in found


def test_command_line_names_every_key_one_line_each_and_exits_2(tmp_path, reference_data):
    raw = x_answers(
        documents=["reply"],
        date=TODAY.isoformat(),
        reply_problems=["incomplete_access", "rudeness"],
        final_period_days=99,
    )
    answers = tmp_path / "reply.json"
    answers.write_text(json.dumps(raw))
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draft_letters", str(answers), "--out", str(tmp_path / "out"), stderr=stderr)
    assert raised.value.returncode == 2
    lines = stderr.getvalue().strip().splitlines()
    keys = [line.split(":", 1)[0] for line in lines]
    assert {"prior_request", "reply_problems", "final_period_days"} <= set(keys)
    assert len(keys) == len(set(keys))
    assert not (tmp_path / "out").exists()


def test_command_line_writes_the_reply(tmp_path, reference_data):
    answers = tmp_path / "reply.json"
    answers.write_text(json.dumps(reply_answers("asked_for_id", "no_balancing")))
    out = tmp_path / "out"
    call_command("draft_letters", str(answers), "--out", str(out), stdout=io.StringIO())
    assert sorted(p.name for p in out.iterdir()) == ["reply.pdf", "reply.txt"]
    text = (out / "reply.txt").read_text(encoding="utf-8")
    assert "You asked me for a copy of an identity document" in text
    assert "You relied on your legitimate interests" in text


def test_stored_answers_keep_the_follow_up_keys(reference_data):
    from privacyreq.letters.answers import answers_from_stored

    answers = answers_validate(
        raw=reply_answers("incomplete_access", access_missing=["copy"]), today=TODAY
    )
    again = answers_from_stored(answers.to_json())
    assert again.reply_problems == ("incomplete_access",)
    assert again.access_missing == ("copy",)
