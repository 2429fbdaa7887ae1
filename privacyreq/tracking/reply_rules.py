"""Rules about what the user records of a reply, and about the dates a letter can be sent: pure,
no ORM, no clock. The services ask them before writing, so the refusal is the sentence the user
reads."""

import datetime as dt

from django.utils.translation import gettext as _

from privacyreq.letters.choices import AccessItem, ReplyProblem
from privacyreq.tracking.transitions import Status, TransitionRefused


class SentBeforeDated(TransitionRefused):
    """The sending date is before the date the letter bears; the page offers to re-date it."""

    def __init__(self, message: str, *, dated: dt.date):
        super().__init__(message)
        self.dated = dated


# What a reply can be said to get wrong, by the state it leaves the request in: an answer that
# did not comply, an acknowledgment (that asked for an ID copy, say), or an extension.
PROBLEM_STATUSES = {Status.ANSWERED, Status.ACKNOWLEDGED, Status.EXTENDED}


def reply_problems_check(
    *, status: str, outcome: str, problems: list[str], access_missing: list[str]
) -> None:
    """Raise ``TransitionRefused`` unless the problems recorded with a reply fit it."""
    if not problems and not access_missing:
        return
    unknown = [p for p in problems if p not in ReplyProblem.values]
    unknown += [a for a in access_missing if a not in AccessItem.values]
    if unknown:
        raise TransitionRefused(_("Choose the problems from the list."))
    if status not in PROBLEM_STATUSES:
        raise TransitionRefused(
            _(
                "Problems with a reply are recorded with the reply: an answer, an "
                "acknowledgment or an extension."
            )
        )
    if status == Status.ANSWERED and outcome == "complied":
        raise TransitionRefused(
            _(
                "You said the organisation did what you asked; choose “partly” or “refused” "
                "if its reply has problems."
            )
        )
    if ReplyProblem.INCOMPLETE_ACCESS in problems and not access_missing:
        raise TransitionRefused(_("Say which parts of the access answer are missing."))
    if access_missing and ReplyProblem.INCOMPLETE_ACCESS not in problems:
        raise TransitionRefused(
            _("Tick “left out things I asked for” to list the missing parts of an access answer.")
        )
