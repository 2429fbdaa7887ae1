"""Reads the letters need from the reference data, shaped for the rules in ``routing``."""

from privacyreq.letters.instruments import regime_for
from privacyreq.letters.routing import Authorities, ComplaintTo
from privacyreq.reference.facts import letter_fact
from privacyreq.reference.models import Platform, PlatformEntity, SupervisoryAuthority
from privacyreq.reference.selectors import authority_for_residence, platform_for_letters


def platform_entity(platform: Platform, *, country: str) -> PlatformEntity | None:
    """The platform's controller for users living in ``country`` where it is not the EU/EEA one
    (LinkedIn Corporation for UK members); None where the platform's own record is. The
    jurisdiction is the letters' regime (``instruments.regime_for``), so the law cited and the
    company written to follow from the one rule. Reads the prefetched ``entities``
    (``platform_for_letters``)."""
    jurisdiction = regime_for(country)
    return next((e for e in platform.entities.all() if e.jurisdiction == jurisdiction), None)


def platforms_with_own_controllers() -> dict[str, set[str]]:
    """Each platform's jurisdictions ("uk", "ch") with a controller of its own, for answers
    validation (``answers_parse``'s ``own_controllers``)."""
    regimes: dict[str, set[str]] = {}
    for slug, jurisdiction in PlatformEntity.objects.values_list("platform__slug", "jurisdiction"):
        regimes.setdefault(slug, set()).add(jurisdiction)
    return regimes


def complaint_authorities_read(
    *, platform: Platform | str | None, country: str, region: str = ""
) -> Authorities[SupervisoryAuthority]:
    """The lead authority of ``platform`` (a row, or its slug; None or an unknown slug for a
    controller the user entered) and the home authority for ``country`` and ``region``.

    A user whose controller is the platform's company for their jurisdiction (a UK LinkedIn
    member's is LinkedIn Corporation, in the US) has no lead authority: the one-stop shop of
    Article 56 GDPR concerns the EU controller's processing, not that company's. Only the
    authority where they live is offered."""
    if isinstance(platform, str):
        platform = platform_for_letters(slug=platform) if platform else None
    lead = letter_fact(platform, "lead_authority") if platform is not None else None
    if platform is not None and platform_entity(platform, country=country) is not None:
        lead = None
    return Authorities(
        lead=lead,
        home=authority_for_residence(country=country, region=region) if country else None,
    )


def only_complaint_route(*, platform: str, country: str, region: str = "") -> str:
    """The route a complaint takes when there is nothing to choose, so the questionnaire does not
    ask: "lead" when the platform's lead authority is also the one where the user lives (an Irish
    resident's complaint about X), "home" when there is no lead authority for this user (a UK
    LinkedIn member); "" when the user chooses."""
    if not platform or not country:
        return ""
    authorities = complaint_authorities_read(platform=platform, country=country, region=region)
    lead, home = authorities.lead, authorities.home
    if lead is None:
        return ComplaintTo.HOME if home is not None else ""
    if home is not None and lead.pk == home.pk:
        return ComplaintTo.LEAD
    return ""
