import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from privacyreq.reference.models import (
    Platform,
    PlatformEntity,
    PlatformService,
    SupervisoryAuthority,
    TimelineEvent,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _dates(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    out = dict(record)
    for key in keys:
        if out.get(key):
            out[key] = dt.date.fromisoformat(out[key])
    return out


@transaction.atomic
def reference_data_load(
    *, authorities: list[dict[str, Any]], platforms: list[dict[str, Any]], update: bool = False
) -> LoadResult:
    """Create the shipped records that are missing.

    Existing records are left alone unless ``update`` is set, because an administrator may have
    corrected them in the admin since; running this twice changes nothing.
    """
    result = LoadResult()
    for record in authorities:
        fields = _dates(record, "last_checked")
        code = fields.pop("code")
        _upsert(SupervisoryAuthority, {"code": code}, fields, update=update, result=result)

    by_code = {a.code: a for a in SupervisoryAuthority.objects.all()}
    for record in platforms:
        fields = _dates(record, "last_checked", "ai_switched_on")
        slug = fields.pop("slug")
        timeline = fields.pop("timeline", [])
        services = fields.pop("services", [])
        entities = fields.pop("entities", {})
        fields["lead_authority"] = _lead(slug, fields.get("lead_authority"), by_code)
        fields.update(_translated_fields(slug, fields, fields.pop("translations", {})))
        # In English: modeltranslation saves a registered field's own column from the active
        # language, and that column should hold the English original whoever runs the loader.
        with translation.override(mt_settings.DEFAULT_LANGUAGE):
            platform, written = _upsert(
                Platform, {"slug": slug}, fields, update=update, result=result
            )
        if written:
            platform.timeline.all().delete()
            events = [TimelineEvent(platform=platform, **_dates(e, "date")) for e in timeline]
            for event in events:
                event.full_clean(exclude=["platform"])
            TimelineEvent.objects.bulk_create(events)
            platform.service_list.all().delete()
            rows = [
                PlatformService(platform=platform, position=position, **service)
                for position, service in enumerate(services)
            ]
            for row in rows:
                row.full_clean(exclude=["platform"])
            _unique_slugs(slug, rows)
            PlatformService.objects.bulk_create(rows)
            _entities_replace(platform, entities)
    return result


def _lead(
    slug: str, code: str | None, by_code: dict[str, SupervisoryAuthority]
) -> SupervisoryAuthority | None:
    """The platform's lead authority by code; none (null) where no source confirms one."""
    if code is None:
        return None
    if code not in by_code:
        raise ValidationError(f"Platform {slug!r} names an unknown lead authority {code!r}.")
    return by_code[code]


def _translated_fields(
    slug: str, fields: dict[str, Any], translations: dict[str, dict[str, str]]
) -> dict[str, str | None]:
    """Each registered field's column per language: the record's own value is the English one,
    ``translations`` ({"de": {"ai_summary": "…"}}) gives the others, and a language it leaves out
    is emptied, so that on ``--update`` the shipped file decides (the pages then show English)."""
    registered = translator.get_options_for_model(Platform).get_field_names()
    default = mt_settings.DEFAULT_LANGUAGE
    others = [code for code in mt_settings.AVAILABLE_LANGUAGES if code != default]
    unknown: list[str] = []
    for code, texts in translations.items():
        if code not in others:
            unknown.append(code)
        else:
            unknown += [f"{code}.{name}" for name in texts if name not in registered]
    if unknown:
        raise ValidationError(
            f"Platform {slug!r} has translations of unknown languages or fields: "
            f"{', '.join(unknown)} (languages: {', '.join(others)}; fields: "
            f"{', '.join(registered)})."
        )
    out: dict[str, str | None] = {}
    for name in registered:
        out[build_localized_fieldname(name, default)] = fields.get(name) or ""
        for code in others:
            text = (translations.get(code, {}).get(name) or "").strip()
            out[build_localized_fieldname(name, code)] = text or None
    return out


def _entities_replace(platform: Platform, entities: dict[str, dict[str, Any]]) -> None:
    """The platform's controllers for other jurisdictions, as the shipped file has them
    (``"entities": {"uk": {…}}``): keyed by jurisdiction, so the file cannot name one twice,
    and replaced like the services, so a second load never duplicates one."""
    platform.entities.all().delete()
    rows = [
        PlatformEntity(
            platform=platform, jurisdiction=jurisdiction, **_dates(fields, "last_checked")
        )
        for jurisdiction, fields in entities.items()
    ]
    for row in rows:
        row.full_clean(exclude=["platform"])
    PlatformEntity.objects.bulk_create(rows)


def _unique_slugs(platform: str, rows: list[PlatformService]) -> None:
    # Checked here rather than left to the database, so a duplicate in the shipped file is
    # reported like every other invalid value (the command turns it into a readable error).
    slugs = [row.slug for row in rows]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise ValidationError(
            f"Platform {platform!r} lists the service slug(s) {', '.join(duplicates)} twice."
        )


def _upsert(model, lookup, fields, *, update: bool, result: LoadResult):
    instance = model.objects.filter(**lookup).first()
    if instance is not None and not update:
        result.unchanged += 1
        return instance, False
    if instance is None:
        instance = model(**lookup)
        result.created += 1
    else:
        result.updated += 1
    for key, value in fields.items():
        setattr(instance, key, value)
    instance.full_clean()
    instance.save()
    return instance, True
