from django.contrib import admin

from privacyreq.reference.models import Platform, SupervisoryAuthority, TimelineEvent


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 1


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["service_name", "legal_entity", "country", "lead_authority", "last_checked"]
    search_fields = ["service_name", "legal_entity", "slug"]
    inlines = [TimelineEventInline]
    fieldsets = [
        (None, {"fields": ["slug", "service_name", "services", "position"]}),
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
    list_display = ["name", "short_name", "country", "region", "last_checked"]
    list_filter = ["country"]
    search_fields = ["name", "short_name", "code"]
