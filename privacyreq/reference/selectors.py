import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Model, QuerySet
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname, resolution_order

from privacyreq.reference.models import Platform, PlatformService, SupervisoryAuthority


@dataclass(frozen=True)
class TranslatedText:
    """A reference text and the language it is in: the page's ``lang`` attribute names the
    language shown, which is English wherever a translation is missing."""

    text: str
    language: str


def translated_text(*, instance: Model, field: str, language: str) -> TranslatedText:
    """A translated field (``translation.py``) in ``language`` where it has a translation, else
    in the fallback language (English).

    For the pages only: the letters never read a registered field, and choose their reference
    wording by the letter's language, not the interface's.
    """
    if language not in mt_settings.AVAILABLE_LANGUAGES:
        language = language.split("-")[0]
    for code in resolution_order(language):
        text = getattr(instance, build_localized_fieldname(field, code), None)
        if text:
            return TranslatedText(text=text, language=code)
    return TranslatedText(text="", language=mt_settings.DEFAULT_LANGUAGE)


def platform_list() -> QuerySet[Platform]:
    return (
        Platform.objects.select_related("lead_authority")
        .prefetch_related("service_list")
        .order_by("position", "service_name")
    )


def platform_choices() -> list[tuple[str, str]]:
    """The platform question's options, each named with the services people know it by ("Meta
    (Facebook, Instagram, …)"): someone looking for Instagram finds it. The company the letters
    go to depends on where the user lives, which is asked next, so it is not named here.
    Platforms letters are not offered for are left out (their pages say why)."""
    platforms = list(
        Platform.objects.filter(letters_offered=True)
        .order_by("position", "service_name")
        .values_list("pk", "slug", "service_name")
    )
    services: dict[int, list[str]] = {}
    rows = PlatformService.objects.filter(platform__in=[pk for pk, _slug, _name in platforms])
    for platform_id, name in rows.order_by("position", "id").values_list("platform_id", "name"):
        services.setdefault(platform_id, []).append(name)
    choices = []
    for pk, slug, name in platforms:
        known = services.get(pk, [])
        choices.append(
            (slug, f"{name} ({', '.join(known)})" if known != [name] and known else name)
        )
    return choices


def platform_names(*, slug: str) -> dict[str, str] | None:
    """A platform's service name and its lead authority's name, for pages that only name them."""
    row = (
        Platform.objects.filter(slug=slug)
        .values_list("service_name", "lead_authority__name")
        .first()
    )
    if row is None:
        return None
    service_name, lead_name = row
    return {"service_name": service_name, "lead_authority__name": lead_name}


def platform_get(*, slug: str) -> Platform | None:
    return (
        (
            Platform.objects.select_related("lead_authority").prefetch_related(
                "timeline", "service_list", "entities"
            )
        )
        .filter(slug=slug)
        .first()
    )


def platform_for_letters(*, slug: str) -> Platform | None:
    """A platform, its lead authority, its services and its controllers for other jurisdictions,
    without the timeline only its own page shows."""
    return (
        Platform.objects.select_related("lead_authority")
        .prefetch_related("service_list", "entities")
        .filter(slug=slug)
        .first()
    )


def platforms_without_letters() -> set[str]:
    """The slugs of platforms letters are not offered for: answers naming one are refused."""
    return set(Platform.objects.filter(letters_offered=False).values_list("slug", flat=True))


def platform_slugs() -> set[str]:
    return set(Platform.objects.values_list("slug", flat=True))


def platform_services(*, slug: str) -> list[tuple[str, str]]:
    """A platform's services as (slug, name), in its order: the services question's options."""
    rows = PlatformService.objects.filter(platform__slug=slug).order_by("position", "id")
    return list(rows.values_list("slug", "name"))


def platform_service_slugs() -> dict[str, list[str]]:
    """Every platform's service slugs, in its order, by platform slug (platforms without
    services included, with none): what answer files may name under ``services``."""
    services: dict[str, list[str]] = {slug: [] for slug in platform_slugs()}
    rows = PlatformService.objects.order_by("position", "id").values_list("platform__slug", "slug")
    for platform, service in rows:
        services.setdefault(platform, []).append(service)
    return services


def authority_for_residence(*, country: str, region: str = "") -> SupervisoryAuthority | None:
    """The authority a resident complains to: the regional one where it exists (German Länder
    supervise private companies), otherwise the national one."""
    # One query: the regional row sorts before the national one ("" is the smallest region).
    return (
        SupervisoryAuthority.objects.filter(country=country, region__in={region, ""})
        .order_by("-region")
        .first()
    )


def country_regions() -> dict[str, set[str]]:
    """Regions with their own authority, by country: there a resident must name the region."""
    regions: dict[str, set[str]] = {}
    rows = SupervisoryAuthority.objects.exclude(region="").values_list("country", "region")
    for country, region in rows:
        regions.setdefault(country, set()).add(region)
    return regions


def stale_before(*, today: dt.date, days: int | None = None) -> dt.date:
    """The first date a record checked on is still current: one last checked before it is more
    than ``days`` (default ``REFERENCE_STALE_DAYS``) days old and may be out of date."""
    return today - dt.timedelta(days=settings.REFERENCE_STALE_DAYS if days is None else days)


def record_is_stale(*, last_checked: dt.date, today: dt.date, days: int | None = None) -> bool:
    """Whether a platform or authority last checked on ``last_checked`` may be out of date."""
    return last_checked < stale_before(today=today, days=days)


def catalogue_platforms() -> QuerySet[Platform]:
    """Every platform with what the open data publishes of it: its authority, services,
    controllers for other jurisdictions and timeline."""
    return (
        Platform.objects.select_related("lead_authority")
        .prefetch_related("service_list", "entities", "timeline")
        .order_by("position", "service_name")
    )


def catalogue_authorities() -> QuerySet[SupervisoryAuthority]:
    # By code: a stable order for people who compare one download with the next.
    return SupervisoryAuthority.objects.order_by("code")
