from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.db import models
from django.utils import timezone
from modeltranslation.admin import TranslationAdmin

from privacyreq.reference.models import (
    Platform,
    PlatformEntity,
    PlatformService,
    SupervisoryAuthority,
    TimelineEvent,
)
from privacyreq.reference.selectors import stale_before

# A link typed without its scheme ("www.dsb.gv.at") is taken as https://, not Django's http://.
URLS_ASSUME_HTTPS: Mapping[type[models.Field], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class CheckedFilter(admin.SimpleListFilter):
    """Stale records (last checked more than REFERENCE_STALE_DAYS days ago, which the pages mark
    as possibly out of date) or current ones."""

    title = "checked"
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("stale", "Stale: check again"), ("current", "Current")]

    def queryset(self, request, queryset):
        before = stale_before(today=timezone.localdate())
        if self.value() == "stale":
            return queryset.filter(last_checked__lt=before)
        if self.value() == "current":
            return queryset.filter(last_checked__gte=before)
        return queryset


class PlatformServiceInline(admin.TabularInline):
    """The services users hold accounts on: the questionnaire offers them, answer files name them
    by slug (so changing a slug makes stored answers that use it name no service)."""

    model = PlatformService
    extra = 1
    fields = ["position", "slug", "name"]


class PlatformEntityInline(admin.StackedInline):
    """The controller for users in the UK or Switzerland where the platform's notice names another
    company than its EU one: letters from users living there are addressed to it. Add one only
    with a confirmed postal address."""

    model = PlatformEntity
    extra = 0
    fields = [
        "jurisdiction",
        "legal_entity",
        "postal_address",
        "country",
        "privacy_email",
        "privacy_form_url",
        "sources",
        "last_checked",
    ]
    formfield_overrides = URLS_ASSUME_HTTPS


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

    list_display = [
        "service_name",
        "legal_entity",
        "country",
        "lead_authority",
        "letters_offered",
        "last_checked",
    ]
    list_filter = [CheckedFilter, "letters_offered"]
    # The longest unchecked first: those are the ones to check again.
    ordering = ["last_checked", "position", "service_name"]
    search_fields = ["service_name", "legal_entity", "slug"]
    inlines = [PlatformServiceInline, PlatformEntityInline, TimelineEventInline]
    formfield_overrides = URLS_ASSUME_HTTPS
    fieldsets = [
        (None, {"fields": ["slug", "service_name", "position", "letters_offered"]}),
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
        ("Verification", {"fields": ["sources", "facts", "last_checked"]}),
    ]


@admin.register(SupervisoryAuthority)
class SupervisoryAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country", "region", "instrument", "last_checked"]
    list_filter = [CheckedFilter, "country", "instrument", "signature", "ask_first"]
    # The longest unchecked first: those are the ones to check again.
    ordering = ["last_checked", "country", "region", "name"]
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
