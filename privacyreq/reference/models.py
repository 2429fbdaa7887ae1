"""Reference data: the platforms (controllers) letters go to and the authorities complaints go to.

Shipped as data (``reference/data/*.json``), loaded by ``load_reference_data`` and corrected by an
administrator in the Django admin without a deploy. Every record carries its sources and the date
somebody last checked it, because the user must be able to verify before sending.
"""

from django.db import models


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SupervisoryAuthority(models.Model):
    code = models.SlugField(
        max_length=20,
        unique=True,
        help_text="e.g. 'ie' for a national authority, 'de-be' for a Land",
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    region = models.CharField(
        max_length=6, blank=True, help_text="ISO 3166-2 (e.g. DE-BE) for a regional authority"
    )
    postal_address = models.TextField(help_text="One line per address line, country last")
    email = models.EmailField(blank=True)
    website = models.URLField()
    complaint_form_url = models.URLField(blank=True)
    languages = models.CharField(
        max_length=40, help_text="ISO 639-1 codes accepted for complaints, comma-separated"
    )
    notes = models.TextField(blank=True)
    sources = models.TextField(help_text="One URL per line")
    last_checked = models.DateField()

    class Meta:
        ordering = ["country", "region", "name"]
        verbose_name_plural = "supervisory authorities"
        constraints = [
            models.UniqueConstraint(fields=["country", "region"], name="one_authority_per_area"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_lines(self) -> list[str]:
        return _lines(self.postal_address)

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def source_list(self) -> list[str]:
        return _lines(self.sources)


class Platform(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    service_name = models.CharField(max_length=100, help_text="What users call it, e.g. 'X'")
    legal_entity = models.CharField(max_length=200, help_text="The EU/EEA controller")
    former_names = models.CharField(max_length=300, blank=True)
    postal_address = models.TextField(help_text="One line per address line, country last")
    country = models.CharField(max_length=2, help_text="Country of establishment (ISO 3166-1)")
    privacy_email = models.EmailField(blank=True)
    privacy_form_url = models.URLField(
        blank=True, help_text="Web form for data-protection requests"
    )
    lead_authority = models.ForeignKey(
        SupervisoryAuthority, on_delete=models.PROTECT, related_name="lead_for"
    )

    # What was switched on.
    ai_summary = models.TextField(help_text="One paragraph: what happened, in plain language")
    ai_data_used = models.TextField(help_text="What of the user's data is used for training")
    ai_model_name = models.CharField(max_length=100, blank=True, help_text="e.g. 'Grok'")
    ai_recipient = models.CharField(
        max_length=200, blank=True, help_text="Third party receiving the data, e.g. 'xAI'"
    )
    ai_switched_on = models.DateField(null=True, blank=True)
    legal_basis_claimed = models.CharField(max_length=200, blank=True)
    regulator_actions = models.TextField(blank=True)

    # How to switch it off.
    setting_name = models.CharField(max_length=200, blank=True)
    setting_path = models.CharField(max_length=300, blank=True)
    setting_url = models.URLField(blank=True)
    steps_web = models.TextField(blank=True, help_text="One step per line")
    steps_app = models.TextField(blank=True, help_text="One step per line")
    opt_out_notes = models.TextField(blank=True)

    # Deleting the AI assistant's history, where there is one.
    history_steps = models.TextField(blank=True, help_text="One step per line")
    history_notes = models.TextField(blank=True)

    sources = models.TextField(help_text="One URL per line")
    last_checked = models.DateField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "service_name"]

    def __str__(self) -> str:
        return self.service_name

    @property
    def address_lines(self) -> list[str]:
        return _lines(self.postal_address)

    @property
    def steps_web_list(self) -> list[str]:
        return _lines(self.steps_web)

    @property
    def steps_app_list(self) -> list[str]:
        return _lines(self.steps_app)

    @property
    def history_steps_list(self) -> list[str]:
        return _lines(self.history_steps)

    @property
    def source_list(self) -> list[str]:
        return _lines(self.sources)

    @property
    def service_names(self) -> list[str]:
        """The names of the services users hold an account on, in the platform's order (one query,
        or none when ``service_list`` was prefetched)."""
        return [service.name for service in self.service_list.all()]


class PlatformService(models.Model):
    """A service of a platform a user can hold an account on (Facebook, Instagram, …).

    The questionnaire asks which of them the user uses when there are two or more, and the letters
    name the ones chosen; the complaint names them all as what the controller provides. Names are
    proper names and are never translated.
    """

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="service_list")
    slug = models.SlugField(max_length=40, help_text="Used in answer files, e.g. 'instagram'")
    name = models.CharField(max_length=100, help_text="As users call it, e.g. 'Instagram'")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "slug"], name="one_service_slug_per_platform"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TimelineEvent(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="timeline")
    date = models.DateField()
    summary = models.TextField()
    source_url = models.URLField()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.summary[:60]}"
