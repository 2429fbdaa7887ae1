"""The answers only the follow-ups use (issue 16): what is wrong with the reply
(``reply_problems``), which parts of an access answer are missing (``access_missing``) and the
final period (``final_period_days``), checked with what a follow-up needs. Part of
``answers_parse``, split from ``answers.py`` to keep each module readable."""

from privacyreq.letters.answer_reader import Reader
from privacyreq.letters.answer_types import MAX_FINAL_DAYS, MIN_FINAL_DAYS
from privacyreq.letters.choices import AccessItem, PriorReply, ReplyProblem
from privacyreq.letters.kinds import DocumentKind


def follow_up_read(
    reader: Reader, *, documents: tuple[str, ...], prior: bool
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """``reply_problems``, ``access_missing`` and ``final_period_days``, with what the follow-ups
    need: an earlier request to follow up, a reply to answer (for ``reply``), and no complaint in
    the same go (it waits for the final period the follow-up gives)."""
    reminder = DocumentKind.REMINDER in documents
    reply = DocumentKind.REPLY in documents
    follow_up = reminder or reply
    problems = reader.choices("reply_problems", ReplyProblem, required=False)
    missing = reader.choices("access_missing", AccessItem, required=False)
    if follow_up and not prior:
        reader.fail(
            "prior_request",
            "is required for a reminder or a reply: give the request it follows up (document, "
            "sent_on, channel, reference, reply).",
        )
    if reminder and reply:
        reader.fail(
            "documents",
            "choose either 'reminder' (no answer came) or 'reply' (an answer came, but it is "
            "deficient), not both.",
        )
    if follow_up and DocumentKind.COMPLAINT in documents:
        reader.fail(
            "documents",
            "a complaint waits for the final period a reminder or reply gives: write it after "
            "that period has ended (with prior_request).",
        )
    prior_raw = reader.raw.get("prior_request")
    prior_reply = prior_raw.get("reply", "") if isinstance(prior_raw, dict) else ""
    if isinstance(prior_reply, str):
        if reminder and prior_reply in (PriorReply.PARTIAL, PriorReply.REFUSED):
            reader.fail(
                "prior_request.reply",
                f"is {prior_reply!r}: an answer came, so write a 'reply' to it, not a reminder.",
            )
        if reply and prior_reply == PriorReply.NONE:
            reader.fail(
                "prior_request.reply",
                "is 'none': a reply answers what came back; without an answer, write a 'reminder'.",
            )
    if reply and not problems and "reply_problems" not in {key for key, _ in reader.problems}:
        reader.fail(
            "reply_problems",
            "say what is wrong with the reply when 'reply' is among the documents: any of "
            + ", ".join(ReplyProblem.values)
            + ".",
        )
    elif problems and not reply:
        reader.fail("reply_problems", "is only used when 'reply' is among the documents.")
    incomplete = ReplyProblem.INCOMPLETE_ACCESS in problems
    if incomplete and not missing and "access_missing" not in {key for key, _ in reader.problems}:
        reader.fail(
            "access_missing",
            "say which parts of the access answer are missing (with 'incomplete_access'): any "
            "of " + ", ".join(AccessItem.values) + ".",
        )
    elif missing and not incomplete:
        reader.fail(
            "access_missing", "is only used when 'incomplete_access' is among reply_problems."
        )
    days = reader.raw.get("final_period_days")
    if days is None:
        return problems, missing, 0
    if not follow_up:
        reader.fail("final_period_days", "is only used with a 'reminder' or a 'reply'.")
        return problems, missing, 0
    if isinstance(days, bool) or not isinstance(days, int):
        reader.fail("final_period_days", "must be a whole number of days.")
        return problems, missing, 0
    if not MIN_FINAL_DAYS <= days <= MAX_FINAL_DAYS:
        reader.fail(
            "final_period_days",
            f"must be between {MIN_FINAL_DAYS} and {MAX_FINAL_DAYS} days, not {days}.",
        )
        return problems, missing, 0
    return problems, missing, days
