from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from privacyreq.reference.models import (
    Platform,
    PlatformService,
    SupervisoryAuthority,
    TimelineEvent,
)

# A link typed without its scheme ("www.dsb.gv.at") is taken as https://, not Django's http://.
URLS_ASSUME_HTTPS: Mapping[type[models.Field], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class PlatformServiceInline(admin.TabularInline):
    """The services users hold accounts on: the questionnaire offers them, answer files name them
    by slug (so changing a slug makes stored answers that use it name no service)."""

    model = PlatformService
    extra = 1
    fields = ["position", "slug", "name"]


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 1
    fields = ["date", "kind", "summary", "source_url"]
    formfield_overrides = URLS_ASSUME_HTTPS


@admin.register(Platform)
class PlatformAdmin(TranslationAdmin):
    """A translated field (``translation.py``) shows one box per language in its place, English
    first and required; an empty box shows English on the pages in that language. The plain
    TranslationAdmin: its tabbed variants load scripts from outside, which the site's content
    security policy refuses."""

    list_display = ["service_name", "legal_entity", "country", "lead_authority", "last_checked"]
    search_fields = ["service_name", "legal_entity", "slug"]
    inlines = [PlatformServiceInline, TimelineEventInline]
    formfield_overrides = URLS_ASSUME_HTTPS
    fieldsets = [
        (None, {"fields": ["slug", "service_name", "position"]}),
        (
            "Controller",
            {
                "fields": [
                    "legal_entity",
                    "former_names",
                    "postal_address",
                    "country",
                    "privacy_email",
                    "privacy_form_url",
                    "lead_authority",
                ]
            },
        ),
        (
            "AI training",
            {
                "fields": [
                    "ai_summary",
                    "ai_data_used",
                    "ai_model_name",
                    "ai_recipient",
                    "ai_switched_on",
                    "legal_basis_claimed",
                    "regulator_actions",
                ]
            },
        ),
        (
            "Switching it off",
            {
                "fields": [
                    "setting_name",
                    "setting_path",
                    "setting_url",
                    "steps_web",
                    "steps_app",
                    "opt_out_notes",
                    "history_steps",
                    "history_notes",
                ]
            },
        ),
        ("Verification", {"fields": ["sources", "last_checked"]}),
    ]


@admin.register(SupervisoryAuthority)
class SupervisoryAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country", "region", "instrument", "last_checked"]
    list_filter = ["country", "instrument", "signature", "ask_first"]
    search_fields = ["name", "short_name", "code"]
    formfield_overrides = URLS_ASSUME_HTTPS
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "names", "country", "region"]}),
        ("Contact", {"fields": ["postal_address", "email", "website"]}),
        (
            # What the result page tells the user and what the complaint must carry.
            "Complaint procedure",
            {
                "fields": [
                    "instrument",
                    "languages",
                    "complaint_language",
                    "form_of_address",
                    "channels",
                    "complaint_form_url",
                    "electronic_inbox_url",
                    "email_complaints",
                    "postal_address_required",
                    "signature",
                    "ask_first",
                    "ask_first_note",
                    "notes",
                ]
            },
        ),
        ("Verification", {"fields": ["sources", "last_checked"]}),
    ]
