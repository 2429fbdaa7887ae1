"""How a complaint tells of a request the user sent: one home for the sentences, used by the
questionnaire's complaints (an earlier request, or the draft for after the letters' reply date) and
by a tracked request's escalation (``tracking.escalation_story``). Each sentence is whole, so
translators can order it; all are written in the active language (the complaint's)."""

import datetime as dt
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from privacyreq.letters.answer_phrases import ACCESS_ITEMS
from privacyreq.letters.choices import ReplyProblem, SendChannel
from privacyreq.letters.kinds import DocumentKind, request_sent_phrase


def request_sent_text(
    *,
    kind: str,
    channel: str,
    reference: str = "",
    received: dt.date | None = None,
    assumed: bool = False,
) -> str:
    """ "I sent the controller my objection ... by email (reference ...)." for the dated list of
    events. ``received`` is a posted letter's arrival when it is not the sending day, ``assumed``
    when the user did not know it (it is then said to be an assumption); each combination of
    channel, reference and arrival is its own sentence."""
    values = {"request": request_sent_phrase(kind), "reference": reference}
    if channel == SendChannel.POST and received and assumed:
        values["received"] = date_format(received, "DATE_FORMAT")
        if reference:
            # Translators: In a complaint's dated list of events, after "<date>: ". %(request)s:
            # e.g. "my objection under Article 21(1) GDPR"; %(reference)s: a reference number;
            # %(received)s: a date the writer assumes, having no proof of delivery.
            text = _(
                "I sent the controller %(request)s by post (reference %(reference)s); having no "
                "proof of delivery, I assume that it reached the controller on %(received)s."
            )
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(received)s: a date the writer assumes.
            text = _(
                "I sent the controller %(request)s by post; having no proof of delivery, I "
                "assume that it reached the controller on %(received)s."
            )
    elif channel == SendChannel.POST and received:
        # Without proof of delivery the tool assumes a few days in the post; "on or about"
        # stays true either way.
        values["received"] = date_format(received, "DATE_FORMAT")
        if reference:
            # Translators: In a complaint's dated list of events, after "<date>: ". %(request)s:
            # e.g. "my objection under Article 21(1) GDPR"; %(reference)s: a reference number the
            # user noted (e.g. of the registered letter); %(received)s: a date.
            text = _(
                "I sent the controller %(request)s by post (reference %(reference)s); it reached "
                "the controller on or about %(received)s."
            )
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(received)s: a date.
            text = _(
                "I sent the controller %(request)s by post; it reached the controller on or "
                "about %(received)s."
            )
    elif channel == SendChannel.EMAIL:
        if reference:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(reference)s: a reference number the user noted.
            text = _("I sent the controller %(request)s by email (reference %(reference)s).")
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR".
            text = _("I sent the controller %(request)s by email.")
    elif channel == SendChannel.WEB_FORM:
        if reference:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(reference)s: a reference number the user noted.
            text = _(
                "I sent the controller %(request)s through the controller’s web form "  # noqa: RUF001
                "(reference %(reference)s)."
            )
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR".
            text = _("I sent the controller %(request)s through the controller’s web form.")  # noqa: RUF001
    elif channel == SendChannel.POST:
        if reference:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(reference)s: a reference number the user noted.
            text = _("I sent the controller %(request)s by post (reference %(reference)s).")
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR".
            text = _("I sent the controller %(request)s by post.")
    elif reference:
        # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
        # Article 21(1) GDPR"; %(reference)s: a reference number the user noted.
        text = _("I sent the controller %(request)s (reference %(reference)s).")
    else:
        # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
        # Article 21(1) GDPR".
        text = _("I sent the controller %(request)s.")
    return text % values


def acknowledged_text(*, kind: str) -> str:
    """The controller acknowledged the request, as a clause after "<date>: "."""
    if kind == DocumentKind.OBJECTION:
        # Translators: In a complaint's dated list of events, after "<date>: ".
        return _("the controller acknowledged receipt of my objection.")
    return _("the controller acknowledged receipt of my request.")


def extended_text(*, due: dt.date | None) -> str:
    """The controller extended its period (Art. 12(3), second sentence), as a clause."""
    if due:
        # Translators: In a complaint's dated list of events, after "<date>: ". %(day)s: the
        # new date by which the controller must reply.
        return _(
            "the controller informed me that it was extending the period for its reply by "
            "two further months under the second sentence of Article 12(3) GDPR, to %(day)s."
        ) % {"day": date_format(due, "DATE_FORMAT")}
    return _(
        "the controller informed me that it was extending the period for its reply by "
        "two further months under the second sentence of Article 12(3) GDPR."
    )


def period_ended_text(*, extended: bool) -> str:
    """The period for the reply ended without one, as a clause after the date it ended."""
    if extended:
        # Translators: In a complaint's dated list of events, after "<date>: " (the date the
        # period ended).
        return _(
            "the period for the controller’s reply, as extended under the second "  # noqa: RUF001
            "sentence of Article 12(3) GDPR, ended without a reply."
        )
    return _(
        "the one-month period for the controller’s reply under Article 12(3) GDPR "  # noqa: RUF001
        "ended without a reply."
    )


def final_period_ended_text(*, kind: str) -> str:
    """The final period a follow-up gave ended without a complete reply, as a clause after the
    date it ended."""
    if kind == DocumentKind.REMINDER:
        # Translators: In a complaint's dated list of events, after "<date>: " (the date the
        # period ended).
        return _("the final period set in my reminder ended without a reply.")
    # Translators: In a complaint's dated list of events, after "<date>: " (the date the period
    # ended): the writer had answered the controller's deficient reply.
    return _(
        "the final period set in my answer to the controller’s reply ended without a "  # noqa: RUF001
        "complete reply."
    )


def outcome_text(*, outcome: str, kind: str) -> str:
    """What the controller's answer did ("refused", "partly", "complied"), as a clause."""
    objection = kind == DocumentKind.OBJECTION
    texts = {
        # Translators: In a complaint's dated list of events, after "<date>: ".
        ("refused", True): _("the controller refused my objection."),
        ("refused", False): _("the controller refused my request."),
        ("partly", True): _("the controller replied, but acted on my objection only in part."),
        ("partly", False): _("the controller replied, but acted on my request only in part."),
        ("complied", True): _("the controller replied that it had complied with my objection."),
        ("complied", False): _("the controller replied that it had complied with my request."),
    }
    return texts[outcome, objection]


def reply_problem_text(*, problem: str, access_missing: Sequence[str] = ()) -> str:
    """What was wrong with the controller's reply, as the user recorded it, as a clause after
    "<date>: " in a complaint's list of events; each names the provision it fails."""
    if problem == ReplyProblem.INCOMPLETE_ACCESS:
        items = "; ".join(str(ACCESS_ITEMS[a]) for a in access_missing if a in ACCESS_ITEMS)
        # Translators: In a complaint's dated list of events, after "<date>: ". %(items)s: the
        # missing parts, separated by semicolons, each with its provision.
        return _(
            "the controller’s answer to my access request left out the following: %(items)s."  # noqa: RUF001
        ) % {"items": items}
    texts: dict[str, str] = {
        # Translators: In a complaint's dated list of events, after "<date>: ".
        ReplyProblem.ASKED_FOR_ID: _(
            "the controller asked me for a copy of an identity document before acting on my "
            "request, although my account identifies me (Articles 11(2), 12(2) and 12(6) GDPR)."
        ),
        # Translators: In a complaint's dated list of events, after "<date>: ".
        ReplyProblem.OWN_FORM_REQUIRED: _(
            "the controller told me to make my request again through its own form or portal, "
            "although the GDPR requires no particular form (Article 12(2) GDPR)."
        ),
        # Translators: In a complaint's dated list of events, after "<date>: ".
        ReplyProblem.SETTING_IS_ENOUGH: _(
            "the controller replied that switching off a setting was enough (Articles 17(1)(c) "
            "and 21(1) GDPR)."
        ),
        # Translators: In a complaint's dated list of events, after "<date>: ".
        ReplyProblem.ONLY_FUTURE: _(
            "the controller replied that my objection would take effect only for the future "
            "(Articles 17(1)(c) and 21(1) GDPR)."
        ),
        # Translators: In a complaint's dated list of events, after "<date>: ". "Opinion
        # 28/2024": the European Data Protection Board's opinion on AI models.
        ReplyProblem.CANNOT_REMOVE_FROM_MODEL: _(
            "the controller replied that my data could not be removed from a model already "
            "trained (Articles 17 and 21 GDPR; EDPB Opinion 28/2024)."
        ),
        # Translators: In a complaint's dated list of events, after "<date>: ". The words of
        # Article 21(1) GDPR in your language's version.
        ReplyProblem.NO_BALANCING: _(
            "the controller relied on its legitimate interests without demonstrating compelling "
            "legitimate grounds which override my interests, rights and freedoms (Article 21(1) "
            "GDPR)."
        ),
        # Translators: In a complaint's dated list of events, after "<date>: ".
        ReplyProblem.WRONG_LANGUAGE: _(
            "the controller replied in a language other than the one in which I wrote "
            "(Article 12(1) GDPR)."
        ),
        # Translators: In a complaint's dated list of events, after "<date>: ".
        ReplyProblem.LATE_EXTENSION: _(
            "the controller extended the period for its reply without giving reasons, or told "
            "me of the extension only after the first month had ended (Article 12(3) GDPR)."
        ),
    }
    return str(texts[problem])
