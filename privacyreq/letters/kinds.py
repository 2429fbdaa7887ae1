"""The kinds of document privacyreq writes, and everything that names them.

One home for each kind: its value (stored in answers, cases and requests), its label, the article
it cites, its subject line, its short name for file names and reminder emails, how a complaint
names it among the requests sent, and how the calendar feed names its deadline. Letters, tracking,
reminders, the calendar and escalation all read it from here, so a new kind is added in one place
(plus its letter template, ``templates/letters/pdf/<kind>.html``).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from privacyreq.letters.instruments import CH_DSG_49, UK_GDPR_77


class DocumentKind(models.TextChoices):
    OBJECTION = "objection", _("Objection to AI training (Art. 21(1) GDPR)")
    ERASURE = "erasure", _("Erasure of data used for training (Art. 17 GDPR)")
    ACCESS = "access", _("Access: what they hold and how it was used (Art. 15 GDPR)")
    RESTRICTION = "restriction", _("Restriction while they decide (Art. 18 GDPR)")
    COMPLAINT = "complaint", _("Complaint to a data protection authority (Art. 77 GDPR)")
    # Follow-ups to a request already sent (issue 16): they need ``prior_request``.
    REMINDER = "reminder", _("Reminder: no answer by the due date (Art. 12(3) GDPR)")
    REPLY = "reply", _("Reply to a deficient answer (Art. 12 GDPR)")


@dataclass(frozen=True)
class KindSpec:
    """What a document kind is called, where."""

    kind: DocumentKind
    # The GDPR provision the document rests on, as cited in text ("Article 21(1)").
    article: str
    # The letter's subject line. A complaint's has "%(controller)s" for the controller's name.
    subject: Promise
    # Without the article, for reminder emails' subject lines (cut short on phones).
    short_title: Promise
    # How a complaint names the request among those sent, as the object of "send"; "" for the
    # complaint itself, which is never a request sent to the controller.
    request_sent: Promise | str
    # The start of the title of this letter as an annex to a complaint ("My objection under
    # Article 21(1) GDPR"), and the complaint's enclosure line for it, with "%(day)s" for its date.
    annex_title: Promise | str
    enclosure: Promise | str
    # A calendar event's title for the organisation's (or authority's) deadline.
    calendar_summary: Promise
    # A calendar event's description: the one-month period, and the extended three months.
    calendar_due: tuple[Promise, Promise]
    # The subject line where the authority takes complaints under another instrument than
    # Article 77 GDPR, keyed by ``instruments`` value (the UK GDPR, a Swiss report); ``subject``
    # for any other.
    subjects: Mapping[str, Promise] = field(default_factory=dict)

    @property
    def value(self) -> str:
        return self.kind.value

    @property
    def label(self) -> str:
        return str(self.kind.label)

    @property
    def short_name(self) -> str:
        """The kind in file names: short, ASCII and unique (its value)."""
        return self.kind.value

    def subject_under(self, instrument: str) -> Promise:
        """The subject line of this document where a complaint is made under ``instrument``."""
        return self.subjects.get(instrument, self.subject)

    def file_name(self, extension: str) -> str:
        """A document's stored file name (and the command line's), e.g. "objection.pdf"."""
        return f"{self.short_name}.{extension}"

    def download_name(self, extension: str, *, organisation: str, day: dt.date) -> str:
        """The name a download is saved under, e.g. "privacyreq-x-objection-2026-11-23.pdf": a
        folder of downloads then says whose letter each is and of when, and sorts by platform.
        ``organisation``: the platform's slug, or the name of an organisation we do not list."""
        return download_name(extension, organisation=organisation, what=self.short_name, day=day)


def download_name(extension: str, *, organisation: str, what: str, day: dt.date) -> str:
    """``privacyreq-<organisation>-<what>-<YYYY-MM-DD>.<extension>``, in ASCII letters, digits and
    hyphens only, so it needs no quoting in a header and no ``filename*``. An organisation whose
    name has no ASCII letters at all is left out rather than named by a placeholder."""
    # Long legal names are cut: the name must stay readable in a file list.
    organisation = slugify(organisation)[:40].strip("-")
    parts = ["privacyreq", organisation, slugify(what), day.isoformat()]
    return "-".join(part for part in parts if part) + f".{extension}"


# Translators: a calendar event's description: organisation, due date.
_GENERIC_DUE = (
    _(
        "%(controller)s must answer your request by %(due)s: one month from receiving it "
        "(Article 12(3) GDPR)."
    ),
    # Translators: a calendar event's description: organisation, due date.
    _(
        "%(controller)s must answer your request by %(due)s: three months (extended) from "
        "receiving it (Article 12(3) GDPR)."
    ),
)

KINDS: dict[str, KindSpec] = {
    DocumentKind.OBJECTION: KindSpec(
        kind=DocumentKind.OBJECTION,
        article="Article 21(1)",
        subject=_(
            "Objection under Article 21(1) GDPR to the use of my personal data for AI training"
        ),
        # Translators: a document's name without its article reference, in reminder emails
        # ("Objection to AI training — X Corp"); keep it consistent with the document's full name.
        short_title=_("Objection to AI training"),
        # Translators: What the user sent the controller, as the direct object of "send" (in "I
        # sent the controller <this> by email."). Add the possessive your language needs.
        request_sent=pgettext_lazy("requests sent", "my objection under Article 21(1) GDPR"),
        # Translators: The start of the title of an annex to a complaint: one of the user's
        # letters (a date follows).
        annex_title=pgettext_lazy("annex title", "My objection under Article 21(1) GDPR"),
        # Translators: One enclosure of a complaint; %(day)s: the date of the letter.
        enclosure=_("My objection under Article 21(1) GDPR of %(day)s, and proof that I sent it"),
        # Translators: a calendar event's title. %(controller)s is the organisation's name.
        calendar_summary=_("Answer due: Objection — %(controller)s"),
        calendar_due=(
            # Translators: a calendar event's description: organisation, due date.
            _(
                "%(controller)s must answer your objection by %(due)s: one month from receiving "
                "it (Article 12(3) GDPR)."
            ),
            # Translators: a calendar event's description: organisation, due date.
            _(
                "%(controller)s must answer your objection by %(due)s: three months (extended) "
                "from receiving it (Article 12(3) GDPR)."
            ),
        ),
    ),
    DocumentKind.ERASURE: KindSpec(
        kind=DocumentKind.ERASURE,
        article="Article 17",
        subject=_(
            "Request for erasure under Article 17 GDPR of my personal data used for AI training"
        ),
        # Translators: a document's name without its article reference, in reminder emails.
        short_title=_("Erasure of data used for training"),
        request_sent=pgettext_lazy("requests sent", "my request for erasure under Article 17 GDPR"),
        # Translators: The start of the title of an annex to a complaint: one of the user's
        # letters (a date follows).
        annex_title=pgettext_lazy("annex title", "My request for erasure under Article 17 GDPR"),
        # Translators: One enclosure of a complaint; %(day)s: the date of the letter.
        enclosure=_(
            "My request for erasure under Article 17 GDPR of %(day)s, and proof that I sent it"
        ),
        # Translators: a calendar event's title. %(controller)s is the organisation's name.
        calendar_summary=_("Answer due: Erasure — %(controller)s"),
        calendar_due=(
            # Translators: a calendar event's description: organisation, due date.
            _(
                "%(controller)s must answer your erasure request by %(due)s: one month from "
                "receiving it (Article 12(3) GDPR)."
            ),
            # Translators: a calendar event's description: organisation, due date.
            _(
                "%(controller)s must answer your erasure request by %(due)s: three months "
                "(extended) from receiving it (Article 12(3) GDPR)."
            ),
        ),
    ),
    DocumentKind.ACCESS: KindSpec(
        kind=DocumentKind.ACCESS,
        article="Article 15",
        subject=_(
            "Subject access request under Article 15 GDPR, including the use of "
            "my data for AI training"
        ),
        # Translators: a document's name without its article reference, in reminder emails.
        short_title=_("Access: what they hold and how it was used"),
        request_sent=pgettext_lazy(
            "requests sent", "my subject access request under Article 15 GDPR"
        ),
        # Translators: The start of the title of an annex to a complaint: one of the user's
        # letters (a date follows).
        annex_title=pgettext_lazy("annex title", "My subject access request under Article 15 GDPR"),
        # Translators: One enclosure of a complaint; %(day)s: the date of the letter.
        enclosure=_(
            "My subject access request under Article 15 GDPR of %(day)s, and proof that I sent it"
        ),
        # Translators: a calendar event's title. %(controller)s is the organisation's name.
        calendar_summary=_("Answer due: Access — %(controller)s"),
        calendar_due=(
            # Translators: a calendar event's description: organisation, due date.
            _(
                "%(controller)s must answer your access request by %(due)s: one month from "
                "receiving it (Article 12(3) GDPR)."
            ),
            # Translators: a calendar event's description: organisation, due date.
            _(
                "%(controller)s must answer your access request by %(due)s: three months "
                "(extended) from receiving it (Article 12(3) GDPR)."
            ),
        ),
    ),
    DocumentKind.RESTRICTION: KindSpec(
        kind=DocumentKind.RESTRICTION,
        article="Article 18(1)(d)",
        subject=_(
            "Request for restriction of processing under Article 18(1)(d) GDPR pending my objection"
        ),
        # Translators: a document's name without its article reference, in reminder emails.
        short_title=_("Restriction while they decide"),
        request_sent=pgettext_lazy(
            "requests sent",
            "my request for restriction of processing under Article 18(1)(d) GDPR",
        ),
        # Translators: The start of the title of an annex to a complaint: one of the user's
        # letters (a date follows).
        annex_title=pgettext_lazy(
            "annex title", "My request for restriction of processing under Article 18(1)(d) GDPR"
        ),
        # Translators: One enclosure of a complaint; %(day)s: the date of the letter.
        enclosure=_(
            "My request for restriction of processing under Article 18(1)(d) GDPR of %(day)s, "
            "and proof that I sent it"
        ),
        # Translators: a calendar event's title. %(controller)s is the organisation's name.
        calendar_summary=_("Answer due: Restriction — %(controller)s"),
        calendar_due=(
            # Translators: a calendar event's description: organisation, due date.
            _(
                "%(controller)s must answer your restriction request by %(due)s: one month from "
                "receiving it (Article 12(3) GDPR)."
            ),
            # Translators: a calendar event's description: organisation, due date.
            _(
                "%(controller)s must answer your restriction request by %(due)s: three months "
                "(extended) from receiving it (Article 12(3) GDPR)."
            ),
        ),
    ),
    DocumentKind.COMPLAINT: KindSpec(
        kind=DocumentKind.COMPLAINT,
        article="Article 77",
        # Translators: %(controller)s: the company's legal name.
        subject=_("Complaint under Article 77 GDPR against %(controller)s"),
        # Translators: a document's name without its article reference, in reminder emails.
        short_title=_("Complaint to a data protection authority"),
        request_sent="",
        annex_title="",
        enclosure="",
        # Translators: a calendar event's title. %(controller)s is the organisation's name.
        calendar_summary=_("Answer due: Complaint — %(controller)s"),
        calendar_due=_GENERIC_DUE,
        subjects={
            # Translators: subject line of a complaint to the UK's Information Commissioner.
            # "UK GDPR" and "Data Protection Act 2018" are the names of British laws: keep them.
            # %(controller)s: the company's legal name.
            UK_GDPR_77: _(
                "Complaint under Article 77 UK GDPR and section 165 of the Data Protection Act "
                "2018 against %(controller)s"
            ),
            # Translators: subject line of a report to the Swiss data protection commissioner,
            # which takes reports, not complaints: de "Anzeige nach Art. 49 DSG gegen …", fr
            # "Dénonciation selon l'art. 49 LPD contre …", it "Denuncia secondo l'art. 49 LPD
            # contro …". "Federal Act on Data Protection (FADP)": the Swiss law (de
            # "Datenschutzgesetz (DSG)", fr/it "LPD"). %(controller)s: the company's legal name.
            CH_DSG_49: _(
                "Report under Article 49 of the Swiss Federal Act on Data Protection (FADP) "
                "against %(controller)s"
            ),
        },
    ),
    DocumentKind.REMINDER: KindSpec(
        kind=DocumentKind.REMINDER,
        article="Article 12(3)",
        # Translators: subject line of a reminder about an unanswered request under the GDPR.
        subject=_("Reminder: my request under the GDPR has not been answered in time"),
        # Translators: a document's name without its article reference, in reminder emails.
        short_title=_("Reminder: no answer in time"),
        # Translators: What the user sent the controller, as the direct object of "send" (in "I
        # sent the controller <this> by email."). Add the possessive your language needs.
        request_sent=pgettext_lazy("requests sent", "my reminder"),
        # Translators: The start of the title of an annex to a complaint: one of the user's
        # letters (a date follows).
        annex_title=pgettext_lazy("annex title", "My reminder"),
        # Translators: One enclosure of a complaint; %(day)s: the date of the letter.
        enclosure=_("My reminder of %(day)s, and proof that I sent it"),
        # Translators: a calendar event's title. %(controller)s is the organisation's name.
        calendar_summary=_("Final date: Reminder — %(controller)s"),
        calendar_due=(
            # Translators: a calendar event's description: organisation, date.
            _(
                "%(controller)s must answer by %(due)s, the final date your reminder set; after "
                "it, you can complain to the supervisory authority."
            ),
            # Translators: a calendar event's description: organisation, date.
            _(
                "%(controller)s must answer by %(due)s, the final date your reminder set; after "
                "it, you can complain to the supervisory authority."
            ),
        ),
    ),
    DocumentKind.REPLY: KindSpec(
        kind=DocumentKind.REPLY,
        article="Article 12",
        # Translators: subject line of a letter answering an organisation's deficient reply to a
        # request under the GDPR.
        subject=_("Your reply to my request under the GDPR does not meet its requirements"),
        # Translators: a document's name without its article reference, in reminder emails.
        short_title=_("Reply to a deficient answer"),
        # Translators: What the user sent the controller, as the direct object of "send" (in "I
        # sent the controller <this> by email."): a letter answering the controller's reply.
        request_sent=pgettext_lazy("requests sent", "my answer to its reply"),
        # Translators: The start of the title of an annex to a complaint: the user's letter
        # answering the organisation's deficient reply (a date follows).
        annex_title=pgettext_lazy("annex title", "My answer to the controller’s reply"),  # noqa: RUF001
        # Translators: One enclosure of a complaint; %(day)s: the date of the letter.
        enclosure=_(
            "My answer of %(day)s to the controller’s reply, and proof that I sent it"  # noqa: RUF001
        ),
        # Translators: a calendar event's title. %(controller)s is the organisation's name.
        calendar_summary=_("Final date: Reply to a deficient answer — %(controller)s"),
        calendar_due=(
            # Translators: a calendar event's description: organisation, date.
            _(
                "%(controller)s must remedy its answer by %(due)s, the final date your letter "
                "set; after it, you can complain to the supervisory authority."
            ),
            # Translators: a calendar event's description: organisation, date.
            _(
                "%(controller)s must remedy its answer by %(due)s, the final date your letter "
                "set; after it, you can complain to the supervisory authority."
            ),
        ),
    ),
}

# The follow-ups: letters about a request already sent (``prior_request``), never a first request.
FOLLOW_UP_KINDS: tuple[str, ...] = (DocumentKind.REMINDER, DocumentKind.REPLY)
# The requests a complaint can tell the authority were sent, in the order letters list them; an
# earlier request (``prior_request.document``) is one of these. Follow-ups are not requests of
# their own: they press for the answer to one.
REQUEST_KINDS: tuple[str, ...] = tuple(
    k for k, spec in KINDS.items() if spec.request_sent and k not in FOLLOW_UP_KINDS
)
# Every letter to the organisation: the requests and their follow-ups.
LETTER_KINDS: tuple[str, ...] = REQUEST_KINDS + FOLLOW_UP_KINDS
# What the questionnaire offers: the first letters and the complaint. Follow-ups are written from
# a tracked request, or from an answers file that gives the earlier request.
QUESTIONNAIRE_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k not in FOLLOW_UP_KINDS)


def kind_spec(kind: str) -> KindSpec:
    """The spec of a stored kind value; ``KeyError`` for a value no kind has."""
    return KINDS[kind]


def annex_title_start(kind: str) -> str:
    """The start of an annex's title for a letter of this kind; "My request" for a value no longer
    known."""
    spec = KINDS.get(kind)
    if spec is None or not spec.annex_title:
        return str(pgettext_lazy("annex title", "My request"))
    return str(spec.annex_title)


def request_sent_phrase(kind: str) -> str:
    """How a complaint names a request it tells of ("my objection under Article 21(1) GDPR");
    "my request" for a value no longer known, as tracking may hold one."""
    spec = KINDS.get(kind)
    if spec is None or not spec.request_sent:
        return str(pgettext_lazy("requests sent", "my request"))
    return str(spec.request_sent)
