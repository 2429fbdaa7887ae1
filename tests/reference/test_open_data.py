"""The catalogue as open data: /data/platforms.json, /data/authorities.json and the CSV files."""

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.http import http_date

from privacyreq.reference import open_data, views
from privacyreq.reference.models import (
    Platform,
    PlatformEntity,
    SupervisoryAuthority,
    TimelineEvent,
)
from privacyreq.reference.services import reference_data_load

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR) / "static" / "open-data"
DOCUMENTS = ["/data/platforms.json", "/data/authorities.json"]
FILES = [*DOCUMENTS, "/data/platforms.csv", "/data/authorities.csv"]


def _check(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """The JSON Schema keywords the open-data schemas use (jsonschema is not installed): every
    violation, with where it is."""
    problems: list[str] = []
    kinds = schema.get("type")
    if kinds is not None:
        python = {
            "object": dict,
            "array": list,
            "string": str,
            "integer": int,
            "boolean": bool,
            "null": type(None),
        }
        allowed = kinds if isinstance(kinds, list) else [kinds]
        ok = any(
            isinstance(value, python[kind]) and not (kind == "integer" and isinstance(value, bool))
            for kind in allowed
        )
        if not ok:
            return [f"{where}: {value!r} is not {kinds}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
        fmt = schema.get("format")
        try:
            if fmt == "date":
                dt.date.fromisoformat(value)
            elif fmt == "date-time":
                dt.datetime.fromisoformat(value)
            elif fmt == "uri" and not re.match(r"https?://", value):
                problems.append(f"{where}: {value!r} is not an address")
        except ValueError:
            problems.append(f"{where}: {value!r} is not a {fmt}")
    if isinstance(value, int) and "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{where}: {value} below {schema['minimum']}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += _check(item, schema["items"], f"{where}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        problems += [
            f"{where}: {key} missing" for key in schema.get("required", []) if key not in value
        ]
        for key, item in value.items():
            if "propertyNames" in schema:
                problems += _check(key, schema["propertyNames"], f"{where} key {key!r}")
            if key in properties:
                problems += _check(item, properties[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: {key} is not in the schema")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += _check(item, schema["additionalProperties"], f"{where}.{key}")
    return problems


def test_the_schema_check_finds_what_it_should():
    schema = json.loads((SCHEMAS / "platforms.schema.json").read_text())
    assert _check({"platforms": [{"slug": "x", "extra": 1}]}, schema)


def test_platforms_json_carries_licence_source_and_the_shipped_shape(client, reference_data):
    response = client.get("/data/platforms.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["schema_version"] == open_data.SCHEMA_VERSION
    assert data["licence"] == "CC-BY-4.0"
    assert data["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["source"] == settings.SITE_URL + "/"
    assert data["schema"].endswith("/static/open-data/platforms.schema.json")
    generated = dt.datetime.fromisoformat(data["generated_at"])
    assert abs(generated - timezone.now()) < dt.timedelta(minutes=1)
    by_slug = {record["slug"]: record for record in data["platforms"]}
    assert set(by_slug) == set(Platform.objects.values_list("slug", flat=True))
    x = by_slug["x"]
    assert x["services"] == [{"slug": "x", "name": "X"}, {"slug": "grok", "name": "Grok"}]
    assert x["lead_authority"] == "ie"
    assert x["ai_summary"].startswith("From 7 May 2024 X started")
    assert x["translations"]["de"]["ai_summary"].startswith("Ab dem 7. Mai 2024")
    undertaking = next(event for event in x["timeline"] if event["date"] == "2024-09-04")
    assert set(undertaking) == {"date", "kind", "summary", "source_url"}
    assert undertaking["kind"] == "event" and undertaking["source_url"].startswith("https://")
    assert by_slug["linkedin"]["entities"]["uk"]["legal_entity"] == "LinkedIn Corporation"


@pytest.mark.parametrize("url", DOCUMENTS)
def test_documents_are_valid_against_their_schemas(client, reference_data, url):
    data = client.get(url).json()
    name = url.rsplit("/", 1)[1].removesuffix(".json")
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    assert _check(data, schema) == []
    assert data[name]


def test_every_model_field_is_published_or_left_out_on_purpose():
    """A field added to the catalogue must be decided on: published (and documented) or not."""
    translated = {
        f"{name}_{code}" for name in open_data.translated_fields() for code, _ in settings.LANGUAGES
    }
    platform = {f.name for f in Platform._meta.concrete_fields} - translated
    assert platform == set(open_data.PLATFORM_FIELDS) | open_data.PLATFORM_UNPUBLISHED
    authority = {f.name for f in SupervisoryAuthority._meta.concrete_fields}
    assert authority == set(open_data.AUTHORITY_FIELDS) | open_data.AUTHORITY_UNPUBLISHED
    entity = {f.name for f in PlatformEntity._meta.concrete_fields}
    assert entity == {*open_data.ENTITY_FIELDS, "id", "platform", "jurisdiction"}
    event = {f.name for f in TimelineEvent._meta.concrete_fields}
    assert event == {"id", "platform", "date", "kind", "summary", "source_url"}
    documented = (Path(settings.BASE_DIR) / "docs" / "open-data.md").read_text()
    for name in {*open_data.PLATFORM_FIELDS, *open_data.AUTHORITY_FIELDS}:
        assert f"`{name}`" in documented, name


def test_an_authoritys_unpublished_notes_stay_in_the_admin(client, reference_data):
    SupervisoryAuthority.objects.filter(code="ie").update(notes="Internal: ask Jane on Monday")
    for url in ("/data/authorities.json", "/data/authorities.csv"):
        body = client.get(url).content.decode()
        assert "Dublin" in body
        assert "Jane" not in body and '"notes"' not in body


def test_a_copy_loads_back_into_the_same_catalogue(client, reference_data):
    platforms = client.get("/data/platforms.json").json()
    authorities = client.get("/data/authorities.json").json()
    Platform.objects.all().delete()
    SupervisoryAuthority.objects.all().delete()
    reference_data_load(authorities=authorities["authorities"], platforms=platforms["platforms"])
    assert client.get("/data/platforms.json").json()["platforms"] == platforms["platforms"]
    again = client.get("/data/authorities.json").json()["authorities"]
    assert again == authorities["authorities"]


def test_the_document_is_the_same_in_every_interface_language(client, reference_data):
    english = client.get("/data/platforms.json")
    german = client.get("/data/platforms.json", HTTP_ACCEPT_LANGUAGE="de")
    x = next(p for p in german.json()["platforms"] if p["slug"] == "x")
    assert x["ai_summary"].startswith("From 7 May 2024 X started")
    assert german["ETag"] == english["ETag"]


def test_csv_has_a_header_and_one_row_per_record(client, reference_data):
    response = client.get("/data/platforms.csv")
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert response["Content-Disposition"] == 'inline; filename="platforms.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == Platform.objects.count()
    x = next(row for row in rows if row["slug"] == "x")
    assert x["services"] == "X | Grok"
    assert x["service_slugs"] == "x | grok"
    assert x["postal_address"].startswith("X Internet Unlimited Company | Attn: Data Protection")
    assert x["lead_authority"] == "ie"
    assert x["ai_summary_de"].startswith("Ab dem 7. Mai 2024")
    assert " | " in x["sources"] and "\n" not in x["sources"]
    assert "2024-09-04: " in x["timeline"]
    linkedin = next(row for row in rows if row["slug"] == "linkedin")
    assert linkedin["entities"].startswith("uk: LinkedIn Corporation, 1000 W. Maude Avenue")

    response = client.get("/data/authorities.csv")
    assert response["Content-Disposition"] == 'inline; filename="authorities.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == SupervisoryAuthority.objects.count()
    belgium = next(row for row in rows if row["code"] == "be")
    assert belgium["languages"] == "nl | fr | de"
    # In key order whatever the database keeps (PostgreSQL's jsonb has none).
    assert belgium["names"] == (
        "fr: Autorité de protection des données | nl: Gegevensbeschermingsautoriteit"
    )
    assert belgium["email_complaints"] in {"true", "false"}
    assert "notes" not in rows[0]


@pytest.mark.parametrize("url", FILES)
def test_anyone_may_fetch_it_and_caches_may_keep_it(client, reference_data, url):
    response = client.get(url, HTTP_ORIGIN="https://other.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "ETag"
    assert response["Cache-Control"] == views.OPEN_DATA_CACHE_CONTROL
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("url", FILES)
def test_an_unchanged_file_is_not_sent_again(client, reference_data, url):
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


@pytest.mark.parametrize("url", FILES)
def test_a_correction_changes_etag_and_last_modified(client, reference_data, url, monkeypatch):
    first = client.get(url)
    Platform.objects.filter(slug="x").update(setting_name="A corrected name")
    SupervisoryAuthority.objects.filter(code="ie").update(short_name="DPC (corrected)")
    # A second later, as a correction in the admin would be.
    later = timezone.now() + dt.timedelta(seconds=2)
    monkeypatch.setattr(views.timezone, "now", lambda: later)
    response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert "corrected" in response.content.decode()
    response = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(later.timestamp())


def test_licence_comes_from_the_settings(client, reference_data, settings):
    settings.OPEN_DATA_LICENCE = "CC0-1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
    data = client.get("/data/authorities.json").json()
    assert data["licence"] == "CC0-1.0"
    assert data["licence_url"] == "https://creativecommons.org/publicdomain/zero/1.0/"


def _settings_import(**env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50, **env}
    for name in ("OPEN_DATA_LICENCE", "OPEN_DATA_LICENCE_URL"):
        if name not in env:
            environ.pop(name, None)
    code = "import privacyreq.settings as s; print(s.OPEN_DATA_LICENCE, s.OPEN_DATA_LICENCE_URL)"
    return subprocess.run(  # noqa: S603 (this interpreter, a fixed program)
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=False
    )


def test_another_licence_needs_its_address():
    refused = _settings_import(OPEN_DATA_LICENCE="CC0-1.0")
    assert refused.returncode != 0 and "OPEN_DATA_LICENCE_URL" in refused.stderr
    url = "https://creativecommons.org/publicdomain/zero/1.0/"
    accepted = _settings_import(OPEN_DATA_LICENCE="CC0-1.0", OPEN_DATA_LICENCE_URL=url)
    assert accepted.stdout.split() == ["CC0-1.0", url], accepted.stderr
