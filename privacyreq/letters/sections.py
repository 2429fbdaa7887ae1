"""The questionnaire's four parts, for the progress each question page shows ("Part 2 of 4").

Kept apart from the step engine (``wizard.py``): which part a step is in is how the page presents
it, not whether it is asked.
"""

from django.utils.translation import gettext_lazy as _

from privacyreq.letters.choices import StrOrPromise

# The questionnaire in four parts, so the progress it shows never changes along the way: how many
# questions apply depends on the answers (a German Land, a complaint's questions), how many parts
# there are does not. The last part is skipped when no complaint is chosen.
SECTIONS: tuple[tuple[StrOrPromise, tuple[str, ...]], ...] = (
    (_("You and the platform"), ("platform", "organisation", "country", "region", "details")),
    (
        _("Your data and your situation"),
        ("services", "data", "situation", "sensitive", "profession", "switched-off", "notice"),
    ),
    (_("What to send"), ("documents", "sent-by", "postal-address")),
    (
        _("The complaint"),
        (
            "authority",
            "earlier-request",
            "earlier-request-details",
            "complaint-timing",
            "representative",
            "other-proceedings",
        ),
    ),
)


def section_of(slug: str) -> tuple[int, StrOrPromise]:
    """The part (counted from 1) a step belongs to, and its title."""
    for number, (title, slugs) in enumerate(SECTIONS, start=1):
        if slug in slugs:
            return number, title
    raise KeyError(slug)
