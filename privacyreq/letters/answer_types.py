"""The answers format's types and limits: the typed, immutable ``Answers`` a letter is written
from, its parts (a controller typed in, an earlier request), the keys of the documented format,
the length and date limits every field is held to, and the error that lists every problem.

Validation (``answers_parse``) and reading stored answers (``answers_from_stored``) are in
``answers.py``; this module is what both produce and what everything else reads.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from privacyreq.letters.kinds import DocumentKind

OTHER = "other"
MAX_SHORT = 200
MAX_ADDRESS = 500
MAX_TEXT = 3000
MAX_ACCOUNT = 100
MAX_DIFFICULTY = 1000
MAX_PROFESSION = 100
MAX_REFERENCE = 100  # a reference number, as tracking keeps one
MAX_EMAIL = 254  # the longest address SMTP can deliver to (RFC 5321)
EARLIEST_DATE = dt.date(2018, 5, 25)  # the GDPR applies from this date
# How far ahead a letter may be dated. Deadlines are counted from that date, and a date near the
# end of the calendar (9999) left no room for them; a year is more than pre-dating a letter needs.
MAX_DAYS_AHEAD = 366
# The final period a follow-up may give, in days: a week at least (time to answer), a month at
# most (the follow-up presses for an answer already due).
MIN_FINAL_DAYS, MAX_FINAL_DAYS = 7, 30


KEYS = (
    "platform",
    "controller",
    "country",
    "region",
    "full_name",
    "email",
    "account",
    "postal_address",
    "services",
    "data",
    "situation",
    "situation_text",
    "sensitive_categories",
    "profession",
    "opted_out_on",
    "opted_out_how",
    "notice_received",
    "opt_out_difficulty",
    "documents",
    "complaint_to",
    "prior_request",
    # Old answer files: the same as a ``prior_request`` with only ``sent_on``.
    "prior_request_sent_on",
    "sent_by",
    "complaint_now",
    "representative",
    "other_proceedings",
    # Follow-ups (``reminder``, ``reply``): what is wrong with the reply, which parts of an access
    # answer are missing, and the final period they give.
    "reply_problems",
    "access_missing",
    "final_period_days",
    "language",
    "complaint_language",
    "date",
)


@dataclass(frozen=True)
class Controller:
    """A controller the user typed in themselves (platform ``other``)."""

    name: str
    address: str
    email: str = ""


@dataclass(frozen=True)
class PriorRequest:
    """A request the user already sent the controller, told in the complaint. Only ``sent_on`` is
    certain (old answer files had nothing else); each other field is "" when not said."""

    sent_on: dt.date
    # Which request: one of ``REQUEST_KINDS``.
    document: str = ""
    # How it went: a ``SendChannel`` value.
    channel: str = ""
    # The controller's or the post office's reference, as typed.
    reference: str = ""
    # What came back: a ``PriorReply`` value.
    reply: str = ""
    # By post, the day it arrived when the user knows it (tracking, a signed receipt); None:
    # assumed ``LETTERS_POST_DAYS`` after ``sent_on``.
    received_on: dt.date | None = None

    def to_json(self) -> dict[str, str]:
        out = {"sent_on": self.sent_on.isoformat()}
        for key in ("document", "channel", "reference", "reply"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.received_on:
            out["received_on"] = self.received_on.isoformat()
        return out


@dataclass(frozen=True)
class Answers:
    platform: str
    country: str
    full_name: str
    email: str
    documents: tuple[str, ...]
    date: dt.date
    controller: Controller | None = None
    region: str = ""
    account: str = ""
    postal_address: str = ""
    # The platform's services the user said they use, by slug, in the platform's order; () when not
    # said. Stored answers may name a service the reference data no longer has: letters name only
    # those that still resolve.
    services: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    situation: tuple[str, ...] = ()
    situation_text: str = ""
    # Which special categories (Article 9(1)) the data reveal, as the user chose them; only with
    # the "sensitive_data" situation. Letters name only these, or none.
    sensitive_categories: tuple[str, ...] = ()
    # The user's profession, as typed, with the "professional_secrecy" situation.
    profession: str = ""
    opted_out_on: dt.date | None = None
    # Whether the platform told the user before it began ("" when not asked: old answer files),
    # and what the user found hard about stopping it, in their own words.
    # How the user stopped it: "setting", "form" or "email" ("" when not said: a setting).
    opted_out_how: str = ""
    notice_received: str = ""
    opt_out_difficulty: str = ""
    complaint_to: str = ""
    prior_request: PriorRequest | None = None
    # How the letters to the organisation will be sent: a ``SendChannel`` value, "" when not said
    # (old answer files: counted as arriving the day they are dated).
    sent_by: str = ""
    # Without an earlier request the complaint is a draft for after the reply date; True when the
    # user chose to complain now, about the failings that need no request alone.
    complaint_now: bool = False
    # A not-for-profit body the user mandated under Article 80(1) to lodge the complaint, as typed.
    representative: str = ""
    # Other proceedings about the same matter: "none", "pending", or "" when not asked (old files).
    other_proceedings: str = ""
    # What is wrong with the organisation's reply (``ReplyProblem`` values), for a ``reply``; with
    # ``incomplete_access``, which parts of the access answer are missing (``AccessItem``).
    reply_problems: tuple[str, ...] = ()
    access_missing: tuple[str, ...] = ()
    # The final period of a follow-up in days; 0: ``LETTERS_FINAL_PERIOD_DAYS``.
    final_period_days: int = 0
    language: str = "en"
    # The complaint may go to an authority in another language than the letters to the platform
    # (a German speaker writes to X in English and to their Land authority in German); "" means
    # the same as ``language``.
    complaint_language: str = ""

    @property
    def prior_request_sent_on(self) -> dt.date | None:
        """When the earlier request went out, if there was one."""
        return self.prior_request.sent_on if self.prior_request else None

    def document_language(self, kind: str) -> str:
        """The language a document of this kind is written in."""
        if kind == DocumentKind.COMPLAINT and self.complaint_language:
            return self.complaint_language
        return self.language

    def to_json(self) -> dict[str, Any]:
        """The inverse of ``answers_parse``: a JSON-ready dict in the documented format."""
        out: dict[str, Any] = {
            "platform": self.platform,
            "country": self.country,
            "full_name": self.full_name,
            "email": self.email,
            "documents": list(self.documents),
            "date": self.date.isoformat(),
            "language": self.language,
        }
        if self.controller:
            out["controller"] = {
                "name": self.controller.name,
                "address": self.controller.address,
                "email": self.controller.email,
            }
        for key in (
            "region",
            "account",
            "notice_received",
            "opt_out_difficulty",
            "profession",
            "opted_out_how",
            "postal_address",
            "situation_text",
            "complaint_to",
            "representative",
            "other_proceedings",
            "sent_by",
        ):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if DocumentKind.COMPLAINT in self.documents:
            # Always said: left out, validating again would put the complaint in its authority's
            # language, not the one chosen (the same as the letters').
            out["complaint_language"] = self.document_language(DocumentKind.COMPLAINT)
        if self.final_period_days:
            out["final_period_days"] = self.final_period_days
        for key in (
            "services",
            "data",
            "situation",
            "sensitive_categories",
            "reply_problems",
            "access_missing",
        ):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        if self.opted_out_on:
            out["opted_out_on"] = self.opted_out_on.isoformat()
        if self.prior_request:
            out["prior_request"] = self.prior_request.to_json()
        if self.complaint_now:
            out["complaint_now"] = True
        return out


@dataclass
class AnswersError(Exception):
    """Every problem found, as (key, message) pairs, so all can be reported at once."""

    problems: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{key}: {message}" for key, message in self.problems)
