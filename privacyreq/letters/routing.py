"""Which supervisory authority a complaint goes to: the one home of that rule.

Pure: it takes the authorities already read (``letters.selectors.complaint_authorities_read``)
and returns choices, the authority chosen, and refusals as sentences. The questionnaire, answer
validation, drafting, the check and result pages and escalation all ask it.

- The **lead** authority is the platform's (Article 56(1) GDPR: where its main establishment in
  the EU is). A controller the user typed in has no known lead authority: only **home** is offered.
- The **home** authority is where the user lives (Article 77(1) GDPR): the Land's own authority in
  Germany, which supervises private companies there, else the national one.
- When both are the same authority (an Irish resident complaining about an Irish platform) it is
  offered once, as the lead.
- For a **Swiss** resident the lead authority is the route offered first and preselected: the GDPR
  applies to the EU-established controller's processing (Article 3(1) GDPR), so an Article 77
  complaint lies with the lead authority, whereas the Swiss commissioner takes only a report
  under Article 49 FADP, without party status (``instruments.py``). "home" stays open to them.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

A = TypeVar("A")


class ComplaintTo(models.TextChoices):
    LEAD = "lead", _("The lead authority for the platform")
    HOME = "home", _("The authority where I live")


@dataclass(frozen=True)
class Authorities(Generic[A]):
    """The two authorities a complaint may go to, as read for one set of answers."""

    # The platform's lead authority; None for a controller the user entered themselves.
    lead: A | None
    # The authority where the user lives; None when the reference data has none for the country.
    home: A | None


def complaint_options(authorities: Authorities[A]) -> dict[str, A]:
    """The authorities the user may choose between, keyed by ``ComplaintTo``, lead first."""
    options: dict[str, A] = {}
    if authorities.lead is not None:
        options[ComplaintTo.LEAD] = authorities.lead
    if authorities.home is not None and authorities.home != authorities.lead:
        options[ComplaintTo.HOME] = authorities.home
    return options


def complaint_authority(authorities: Authorities[A], complaint_to: str) -> A | None:
    """The authority a complaint ``complaint_to`` goes to; None when there is none to write to."""
    if complaint_to == ComplaintTo.LEAD:
        return authorities.lead
    if complaint_to == ComplaintTo.HOME:
        return authorities.home
    return None


def complaint_to_implied(*, has_lead: bool) -> str:
    """The route taken without asking: "" when the user must choose, "home" when there is no
    lead authority to choose (a controller the user entered themselves)."""
    return "" if has_lead else ComplaintTo.HOME


# Countries whose residents' complaint goes to the lead authority unless they choose otherwise.
_LEAD_BY_DEFAULT = {"CH"}


def complaint_to_default(*, country: str, has_lead: bool) -> str:
    """The route preselected when the user is asked: "lead" for a Swiss resident (when there is a
    lead authority), else "" (the user chooses, nothing preselected)."""
    return ComplaintTo.LEAD if has_lead and country in _LEAD_BY_DEFAULT else ""


def complaint_to_problem(*, complaint_to: str, complaint: bool, has_lead: bool) -> str:
    """Why ``complaint_to`` cannot stand with these answers, as a sentence for the command line's
    "key: message" line; "" when it can."""
    if not complaint:
        return "is only used when 'complaint' is among the documents." if complaint_to else ""
    if complaint_to not in ComplaintTo.values:
        return "choose 'lead' or 'home' for the complaint."
    if complaint_to == ComplaintTo.LEAD and not has_lead:
        return (
            "there is no lead authority for this controller where you live (one you entered "
            "yourself, or the platform's own company for your country): use 'home'."
        )
    return ""


def region_problem(*, country: str, region: str, regions: set[str]) -> str:
    """Why ``region`` does not fit ``country`` ("" when it does). A country whose regions have
    their own authorities (the German Länder) needs one, since it decides the home authority."""
    if regions and not region:
        return f"is required for {country} (e.g. {sorted(regions)[0]})."
    if region and region not in regions:
        return f"{region!r} is not a region of {country or 'that country'} with its own authority."
    return ""
