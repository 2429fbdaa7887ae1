"""What the shipped catalogue says to visitors is written for them: no field names of ours."""

import json
import re

from django.conf import settings

from privacyreq.reference.models import Platform

DATA = settings.BASE_DIR / "privacyreq" / "reference" / "data" / "platforms.json"
# Texts shown on the platform pages as written.
SHOWN = (
    "ai_summary",
    "ai_data_used",
    "steps_web",
    "steps_app",
    "opt_out_notes",
    "history_steps",
    "history_notes",
    "regulator_actions",
)
FIELD_NAMES = {field.name for field in Platform._meta.get_fields()} | {"privacy_form_url"}


def test_no_field_name_of_ours_reaches_a_visitor():
    for platform in json.loads(DATA.read_text(encoding="utf-8")):
        for key in SHOWN:
            words = set(re.findall(r"[a-z]+(?:_[a-z]+)+", platform.get(key, "")))
            assert not words & FIELD_NAMES, (platform["slug"], key, words & FIELD_NAMES)


def test_sources_are_the_pages_themselves_not_proxies():
    # A web proxy's copy is how some pages were read; the page we cite is the original.
    for platform in json.loads(DATA.read_text(encoding="utf-8")):
        urls = set(platform["sources"].split())
        urls |= {event["source_url"] for event in platform.get("timeline", [])}
        urls |= {fact.get("source", "") for fact in (platform.get("facts") or {}).values()}
        for url in urls:
            assert not re.search(r"proxy|gem\.celery", url), (platform["slug"], url)
