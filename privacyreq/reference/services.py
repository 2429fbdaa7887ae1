import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from privacyreq.reference.models import Platform, SupervisoryAuthority, TimelineEvent

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
        fields["lead_authority"] = by_code[fields["lead_authority"]]
        platform, written = _upsert(Platform, {"slug": slug}, fields, update=update, result=result)
        if written:
            platform.timeline.all().delete()
            events = [TimelineEvent(platform=platform, **_dates(e, "date")) for e in timeline]
            for event in events:
                event.full_clean(exclude=["platform"])
            TimelineEvent.objects.bulk_create(events)
    return result


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
