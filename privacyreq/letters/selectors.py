"""Reads the letters need from the reference data, shaped for the rules in ``routing``."""

from privacyreq.letters.routing import Authorities
from privacyreq.reference.models import Platform, SupervisoryAuthority
from privacyreq.reference.selectors import authority_for_residence, platform_for_letters


def complaint_authorities_read(
    *, platform: Platform | str | None, country: str, region: str = ""
) -> Authorities[SupervisoryAuthority]:
    """The lead authority of ``platform`` (a row, or its slug; None or an unknown slug for a
    controller the user entered) and the home authority for ``country`` and ``region``."""
    if isinstance(platform, str):
        platform = platform_for_letters(slug=platform) if platform else None
    return Authorities(
        lead=platform.lead_authority if platform is not None else None,
        home=authority_for_residence(country=country, region=region) if country else None,
    )


def one_complaint_authority(*, platform: str, country: str, region: str = "") -> bool:
    """Whether the platform's lead authority is also the one where the user lives (an Irish
    resident's complaint about X: the DPC either way). Then there is nothing to choose, and the
    questionnaire does not ask."""
    if not platform or not country:
        return False
    authorities = complaint_authorities_read(platform=platform, country=country, region=region)
    lead, home = authorities.lead, authorities.home
    return lead is not None and home is not None and lead.pk == home.pk
