"""The catalogue as open data: /data/platforms.json, /data/authorities.json and their CSV twins.

Pure builders, from rows to a dict or CSV text; the views (views.py) query, add the caching
headers and serve. docs/open-data.md documents every field, and the JSON Schemas in
static/open-data/ describe the JSON documents.

A JSON record has the shape of a record in the shipped data files (reference/data/*.json), so a
copy can be loaded back with ``reference_data_load`` and a correction sent as a change to them:
translated texts are given in English under their own name plus ``translations`` ({"de":
{"ai_summary": "…"}}). Only what the pages publish is here: the catalogue holds no personal data
(controllers, authorities, their functional addresses), and an authority's ``notes``, which no
page shows, stay in the admin.
"""

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from privacyreq.reference.models import Platform, SupervisoryAuthority

# Raised when a published field is added, renamed or removed, so that consumers can tell.
SCHEMA_VERSION = "1.2"
# Joins the values of a multi-valued field in a CSV cell.
SEPARATOR = " | "

# The published fields, in the shipped data file's order. ``services``, ``entities``,
# ``translations`` and ``timeline`` are added to a platform's record beside them.
PLATFORM_FIELDS = (
    "slug",
    "service_name",
    "legal_entity",
    "former_names",
    "postal_address",
    "country",
    "privacy_email",
    "privacy_form_url",
    "lead_authority",
    "ai_summary",
    "ai_data_used",
    "ai_model_name",
    "ai_recipient",
    "ai_switched_on",
    "legal_basis_claimed",
    "regulator_actions",
    "setting_name",
    "setting_path",
    "setting_url",
    "steps_web",
    "steps_app",
    "opt_out_notes",
    "history_steps",
    "history_notes",
    "sources",
    "last_checked",
    "position",
    # 1.1: whether letters are offered, and each fact's source and status.
    "letters_offered",
    "facts",
)
AUTHORITY_FIELDS = (
    "code",
    "name",
    "short_name",
    "names",
    "country",
    "region",
    "postal_address",
    "email",
    "website",
    "complaint_form_url",
    "languages",
    "instrument",
    "complaint_language",
    "form_of_address",
    "channels",
    "electronic_inbox_url",
    "email_complaints",
    "postal_address_required",
    "signature",
    "ask_first",
    "ask_first_note",
    "sources",
    "last_checked",
)
# A platform's controller for another jurisdiction (PlatformEntity), under ``entities``.
ENTITY_FIELDS = (
    "legal_entity",
    "postal_address",
    "country",
    "privacy_email",
    "privacy_form_url",
    "sources",
    "last_checked",
)
# Model fields deliberately left out (tests check that every field is one or the other).
AUTHORITY_UNPUBLISHED = frozenset({"id", "notes"})
PLATFORM_UNPUBLISHED = frozenset({"id"})

# Fields holding one value a line (addresses, steps, sources) or a comma-separated list: a list
# in a CSV cell, joined with SEPARATOR.
_LINE_FIELDS = frozenset({"postal_address", "steps_web", "steps_app", "history_steps", "sources"})
_COMMA_FIELDS = frozenset({"languages", "channels"})


@dataclass(frozen=True)
class Publication:
    """What every JSON document says about itself."""

    licence: str
    licence_url: str
    source: str
    schema_url: str
    generated_at: dt.datetime


def _value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def translated_fields() -> list[str]:
    """The platform fields with a column per language (translation.py)."""
    return list(translator.get_options_for_model(Platform).get_field_names())


def _other_languages() -> list[str]:
    default = mt_settings.DEFAULT_LANGUAGE
    return [code for code in mt_settings.AVAILABLE_LANGUAGES if code != default]


def platform_record(platform: Platform) -> dict[str, Any]:
    """A platform as in the shipped data file. Translated fields are read from their own columns,
    never through the active language, so the document is the same whoever asks."""
    registered = translated_fields()
    record: dict[str, Any] = {}
    for name in PLATFORM_FIELDS:
        if name == "lead_authority":
            lead = platform.lead_authority
            record[name] = lead.code if lead is not None else None
        elif name in registered:
            column = build_localized_fieldname(name, mt_settings.DEFAULT_LANGUAGE)
            record[name] = getattr(platform, column) or ""
        else:
            record[name] = _value(getattr(platform, name))
    translations: dict[str, dict[str, str]] = {}
    for code in _other_languages():
        texts = {
            name: text
            for name in registered
            if (text := getattr(platform, build_localized_fieldname(name, code)) or "")
        }
        if texts:
            translations[code] = texts
    record["translations"] = translations
    record["services"] = [
        {"slug": service.slug, "name": service.name} for service in platform.service_list.all()
    ]
    # As the shipped file has them: by jurisdiction ("uk", "ch"), only where the controller there
    # is another company than the EU/EEA one.
    record["entities"] = {
        entity.jurisdiction: {name: _value(getattr(entity, name)) for name in ENTITY_FIELDS}
        for entity in platform.entities.all()
    }
    record["timeline"] = [
        {
            "date": event.date.isoformat(),
            "kind": event.kind,
            "summary": event.summary,
            "source_url": event.source_url,
        }
        for event in platform.timeline.all()
    ]
    return record


def authority_record(authority: SupervisoryAuthority) -> dict[str, Any]:
    """An authority as in the shipped data file, without its unpublished ``notes``."""
    return {name: _value(getattr(authority, name)) for name in AUTHORITY_FIELDS}


def document(*, name: str, records: list[dict[str, Any]], meta: Publication) -> dict[str, Any]:
    """The JSON document: what it is and under which licence, then the records under ``name``
    ("platforms" or "authorities")."""
    generated_at = meta.generated_at.astimezone(dt.UTC).replace(microsecond=0)
    return {
        "schema_version": SCHEMA_VERSION,
        "schema": meta.schema_url,
        "source": meta.source,
        "licence": meta.licence,
        "licence_url": meta.licence_url,
        "generated_at": generated_at.isoformat().replace("+00:00", "Z"),
        name: records,
    }


def json_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def content_fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of a document without ``generated_at``: the same records, licence and source give
    the same fingerprint, whenever they are generated (a weak ETag: the bytes differ by that
    time stamp only)."""
    stable = {key: value for key, value in data.items() if key != "generated_at"}
    text = json.dumps(stable, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name in _LINE_FIELDS:
        return SEPARATOR.join(_lines(value))
    if name in _COMMA_FIELDS:
        return SEPARATOR.join(part.strip() for part in value.split(",") if part.strip())
    if name == "facts":
        # Nested objects in one cell: JSON, as readable as any flattening and exact.
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if isinstance(value, dict):
        # Sorted: PostgreSQL's jsonb keeps no key order, and the file must not change with it.
        return SEPARATOR.join(f"{key}: {text}" for key, text in sorted(value.items()))
    return str(value)


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    # RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _entities_cell(entities: dict[str, dict[str, Any]]) -> str:
    # "uk: LinkedIn Corporation, 1000 W. Maude Avenue, …, United States"; the rest is in the JSON.
    cells = []
    for jurisdiction, entity in entities.items():
        name, lines = entity["legal_entity"], _lines(entity["postal_address"])
        lines = lines[1:] if lines and lines[0] == name else lines
        cells.append(f"{jurisdiction}: {', '.join([name, *lines])}")
    return SEPARATOR.join(cells)


def _timeline_cell(events: list[dict[str, str]]) -> str:
    # "2024-05-07: what happened (https://source)"; an announced start says so after the date.
    return SEPARATOR.join(
        f"{event['date']}{' (training starts)' if event['kind'] == 'training_starts' else ''}: "
        f"{event['summary']} ({event['source_url']})"
        for event in events
    )


def platforms_csv(records: list[dict[str, Any]]) -> str:
    """One row per platform record (``platform_record``): translated texts in a column per
    language (``ai_summary_de`` …), services, steps, sources and timeline joined with SEPARATOR."""
    languages = _other_languages()
    registered = translated_fields()
    header: list[str] = []
    for name in PLATFORM_FIELDS:
        header.append(name)
        if name == "service_name":
            header += ["services", "service_slugs"]
        if name in registered:
            header += [build_localized_fieldname(name, code) for code in languages]
    header += ["entities", "timeline"]

    def row(record: dict[str, Any]) -> list[str]:
        cells: list[str] = []
        for name in PLATFORM_FIELDS:
            cells.append(_cell(name, record[name]))
            if name == "service_name":
                cells.append(SEPARATOR.join(s["name"] for s in record["services"]))
                cells.append(SEPARATOR.join(s["slug"] for s in record["services"]))
            if name in registered:
                cells += [record["translations"].get(code, {}).get(name, "") for code in languages]
        cells.append(_entities_cell(record["entities"]))
        cells.append(_timeline_cell(record["timeline"]))
        return cells

    return _csv(header, (row(record) for record in records))


def authorities_csv(records: list[dict[str, Any]]) -> str:
    """One row per authority record (``authority_record``): languages, channels, address lines
    and sources joined with SEPARATOR, official names as "de: Name | fr: Nom"."""
    header = list(AUTHORITY_FIELDS)
    return _csv(header, ([_cell(name, record[name]) for name in header] for record in records))
