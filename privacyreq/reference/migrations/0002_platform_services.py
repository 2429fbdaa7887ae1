"""A platform's services become rows of their own (``PlatformService``) instead of a line of text.

The questionnaire asks which of them the user has an account on, and answer files name them by
slug, so each needs a stable slug. The free-text field goes: keeping both would give the same
fact two homes. Existing rows are converted: the shipped platforms get the services the shipped
data lists (as of this migration, frozen here like any migration), any other platform an
administrator added gets one service per comma-separated name of its old text.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

SHIPPED = {
    "x": [("x", "X"), ("grok", "Grok")],
    "meta": [
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("threads", "Threads"),
        ("whatsapp", "WhatsApp"),
        ("meta_ai", "Meta AI"),
    ],
    "linkedin": [("linkedin", "LinkedIn")],
    "google": [("gemini", "Gemini")],
}


def _from_text(text: str) -> list[tuple[str, str]]:
    services: list[tuple[str, str]] = []
    for name in (part.strip() for part in text.split(",")):
        slug = slugify(name).replace("-", "_")[:40]
        if name and slug and slug not in {s for s, _ in services}:
            services.append((slug, name[:100]))
    return services


def services_to_rows(apps, schema_editor):
    Platform = apps.get_model("reference", "Platform")
    PlatformService = apps.get_model("reference", "PlatformService")
    for platform in Platform.objects.all():
        services = SHIPPED.get(platform.slug) or _from_text(platform.services)
        PlatformService.objects.bulk_create(
            PlatformService(platform=platform, slug=slug, name=name, position=position)
            for position, (slug, name) in enumerate(services)
        )


def rows_to_services(apps, schema_editor):
    Platform = apps.get_model("reference", "Platform")
    for platform in Platform.objects.all():
        names = platform.service_list.order_by("position", "id").values_list("name", flat=True)
        platform.services = ", ".join(names)[:200]
        platform.save(update_fields=["services"])


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlatformService",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Used in answer files, e.g. 'instagram'", max_length=40
                    ),
                ),
                (
                    "name",
                    models.CharField(help_text="As users call it, e.g. 'Instagram'", max_length=100),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "platform",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="service_list",
                        to="reference.platform",
                    ),
                ),
            ],
            options={
                "ordering": ["position", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("platform", "slug"), name="one_service_slug_per_platform"
                    )
                ],
            },
        ),
        migrations.RunPython(services_to_rows, rows_to_services),
        migrations.RemoveField(
            model_name="platform",
            name="services",
        ),
    ]
