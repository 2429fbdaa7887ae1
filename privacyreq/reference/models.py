"""Reference data: the platforms (controllers) letters go to and the authorities complaints go to.

Shipped as data (``reference/data/*.json``), loaded by ``load_reference_data`` and corrected by an
administrator in the Django admin without a deploy. Every record carries its sources and the date
somebody last checked it, because the user must be able to verify before sending.
"""

from django.core.exceptions import ValidationError
from django.db import models
from modeltranslation.manager import MultilingualManager

# Re-exported: the provenance of a platform's facts is part of its record.
from privacyreq.reference.provenance import FACT_FIELDS, FactStatus, validate_facts

__all__ = ["FACT_FIELDS", "FactStatus", "validate_facts"]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Instrument(models.TextChoices):
    """What an authority takes a complaint under: it decides the law a complaint to it cites."""

    GDPR_77 = "gdpr_77", "Art. 77 GDPR"
    UK_GDPR_77 = "uk_gdpr_77", "Art. 77 UK GDPR and s.165 DPA 2018"
    # Not a complaint: a report (Anzeige) that may open an investigation; the reporter is no party.
    CH_DSG_49 = "ch_dsg_49", "report under Art. 49 DSG"


class Channel(models.TextChoices):
    ONLINE_FORM = "online_form", "Online form (complaint_form_url)"
    ELECTRONIC_INBOX = "electronic_inbox", "Electronic inbox, signed (electronic_inbox_url)"
    EMAIL = "email", "Email (email), only with email_complaints"
    POST = "post", "Post (postal_address)"


class Signature(models.TextChoices):
    NONE = "none", "None asked"
    HANDWRITTEN = "handwritten", "Handwritten (signed and dated)"
    QUALIFIED_OR_TRUSTED = (
        "qualified_or_trusted",
        "Electronic: qualified signature or trusted profile; on paper handwritten",
    )


class AskFirst(models.TextChoices):
    """Whether the authority wants the organisation asked before a complaint: "required" when it
    says it will not examine a complaint otherwise, "expected" when it asks for it."""

    REQUIRED = "required", "Required"
    EXPECTED = "expected", "Expected"
    NOT_STATED = "not_stated", "Not stated"


def validate_channels(value: str) -> None:
    codes = [code.strip() for code in value.split(",")]
    unknown = [code for code in codes if code not in Channel.values]
    if unknown:
        raise ValidationError(
            f"Unknown channel(s) {', '.join(map(repr, unknown))}; "
            f"use any of: {', '.join(Channel.values)}, comma-separated."
        )
    if len(set(codes)) != len(codes):
        raise ValidationError("Name each channel once.")


def validate_names(value) -> None:
    ok = isinstance(value, dict) and all(
        isinstance(code, str) and 2 <= len(code) <= 5 and isinstance(name, str) and name.strip()
        for code, name in value.items()
    )
    if not ok:
        raise ValidationError(
            'Give an object of language codes and names, e.g. {"de": "Eidgenössischer …"}.'
        )


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

    # How a complaint must be made, from the authority's own rules (docs/research/
    # authority-procedures.md): the result page and the complaint follow it, so a complaint is
    # never made in a form the authority would refuse.
    instrument = models.CharField(
        max_length=20, choices=Instrument.choices, default=Instrument.GDPR_77
    )
    complaint_language = models.CharField(
        max_length=5,
        blank=True,
        help_text="ISO 639-1 code of the language a complaint to it is written in by default, one "
        "of 'languages'; empty: the first of them",
    )
    names = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_names],
        help_text='Official names by language, e.g. {"de": "…", "fr": "…"}; letters in one of '
        "these languages use it, others 'name'",
    )
    form_of_address = models.CharField(
        max_length=200,
        blank=True,
        help_text="The complaint's salutation, in the authority's own words (e.g. 'Prezes Urzędu "
        "Ochrony Danych Osobowych'); empty: the usual 'Dear Sir or Madam'",
    )
    channels = models.CharField(
        max_length=80,
        default=Channel.POST,
        validators=[validate_channels],
        help_text="Ways it takes complaints, in order of preference, comma-separated: "
        + ", ".join(Channel.values),
    )
    electronic_inbox_url = models.URLField(
        blank=True, help_text="Where a signed electronic complaint is sent (e.g. UODO's ESP)"
    )
    email_complaints = models.BooleanField(
        default=False, help_text="A plain email is accepted as a complaint"
    )
    postal_address_required = models.BooleanField(
        default=False, help_text="It refuses or leaves unexamined a complaint without one"
    )
    signature = models.CharField(max_length=20, choices=Signature.choices, default=Signature.NONE)
    ask_first = models.CharField(
        max_length=12, choices=AskFirst.choices, default=AskFirst.NOT_STATED
    )
    ask_first_note = models.CharField(
        max_length=300, blank=True, help_text="What it says about it, in short, for the result page"
    )

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

    @property
    def channel_list(self) -> list[str]:
        """Its channels in order of preference; email only where a plain email is a complaint."""
        codes = [code.strip() for code in self.channels.split(",") if code.strip()]
        return [c for c in codes if c != Channel.EMAIL or (self.email_complaints and self.email)]

    @property
    def default_language(self) -> str:
        """The language a complaint to it is written in unless the user chooses another."""
        languages = self.language_list
        return self.complaint_language or (languages[0] if languages else "")

    @property
    def takes_gdpr_complaints(self) -> bool:
        """A complaint under Article 77 of the GDPR (not the UK GDPR, not a Swiss report)."""
        return self.instrument == Instrument.GDPR_77

    def name_in(self, language: str) -> str:
        """Its official name in ``language`` where it has one, else ``name``; a name, never
        translated."""
        return (self.names or {}).get(language) or self.name

    def clean(self) -> None:
        problems: dict[str, str] = {}
        if self.complaint_language and self.complaint_language not in self.language_list:
            problems["complaint_language"] = "Must be one of its languages."
        codes = [code.strip() for code in (self.channels or "").split(",")]
        needs = {
            Channel.ONLINE_FORM: ("complaint_form_url", self.complaint_form_url),
            Channel.ELECTRONIC_INBOX: ("electronic_inbox_url", self.electronic_inbox_url),
            Channel.EMAIL: ("email", self.email),
        }
        for channel, (field, value) in needs.items():
            if channel in codes and not value:
                problems[field] = f"Required with the channel '{channel}'."
        if Channel.EMAIL in codes and not self.email_complaints:
            problems["email_complaints"] = "The channel 'email' needs email complaints accepted."
        if problems:
            raise ValidationError(problems)


class Platform(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    service_name = models.CharField(max_length=100, help_text="What users call it, e.g. 'X'")
    legal_entity = models.CharField(
        max_length=200, blank=True, help_text="The EU/EEA controller (required with letters)"
    )
    former_names = models.CharField(max_length=300, blank=True)
    postal_address = models.TextField(
        blank=True, help_text="One line per address line, country last (required with letters)"
    )
    country = models.CharField(
        max_length=2, blank=True, help_text="Country of establishment (ISO 3166-1)"
    )
    privacy_email = models.EmailField(blank=True)
    privacy_form_url = models.URLField(
        blank=True, help_text="Web form for data-protection requests"
    )
    # Empty where no source confirms one (a controller without an EU main establishment, such as
    # Snap): a complaint then goes only to the authority where the user lives.
    lead_authority = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        related_name="lead_for",
        null=True,
        blank=True,
    )
    letters_offered = models.BooleanField(
        default=True,
        help_text="Off until a source confirms the controller's name and its postal address: the "
        "questionnaire does not offer it and its page says why",
    )
    facts = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_facts],
        help_text='Where each fact comes from: {"field": {"source": "https://…", "status": '
        '"confirmed" | "reported" | "not_confirmed", "note": "…"}}; letters leave out a '
        '"not_confirmed" one',
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

    # The manager django-modeltranslation gives a model with translated fields (translation.py),
    # named here so that mypy's Django plugin knows it: it cannot see one installed at run time.
    objects: MultilingualManager["Platform"] = MultilingualManager()

    class Meta:
        ordering = ["position", "service_name"]

    def __str__(self) -> str:
        return self.service_name

    def has_fact(self, name: str) -> bool:
        """Whether field ``name`` has a value that a source does not leave unconfirmed."""
        entry = (self.facts or {}).get(name) or {}
        return bool(getattr(self, name)) and entry.get("status") != FactStatus.NOT_CONFIRMED

    def clean(self) -> None:
        # Letters are addressed to a named company they can reach: without both, the
        # questionnaire sends the user to "Another organisation" instead.
        if not self.letters_offered:
            return
        contacts = ("postal_address", "privacy_email", "privacy_form_url")
        if not (
            self.has_fact("legal_entity")
            and self.has_fact("country")
            and any(self.has_fact(name) for name in contacts)
        ):
            raise ValidationError(
                {
                    "letters_offered": "Letters need the controller's name and country and its "
                    "postal address, privacy email or form, none of them 'not_confirmed'."
                }
            )

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


class Jurisdiction(models.TextChoices):
    """Where a user lives, for a platform whose controller there is not its EU/EEA one. The values
    are the letters' regimes (``letters.letter_facts.regime_for``): the one rule that turns the
    user's country into one of them."""

    UK = "uk", "United Kingdom"
    CH = "ch", "Switzerland"


class PlatformEntity(models.Model):
    """The controller for a platform's users in one jurisdiction, where its own notice names
    another company than the EU/EEA one (LinkedIn Corporation for UK members). Without a row the
    platform's own ``legal_entity`` is the controller there too. Letters address it, so a row is
    only added with a confirmed postal address."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="entities")
    jurisdiction = models.CharField(max_length=2, choices=Jurisdiction.choices)
    legal_entity = models.CharField(max_length=200, help_text="The controller for these users")
    postal_address = models.TextField(help_text="One line per address line, country last")
    country = models.CharField(max_length=2, help_text="Country of establishment (ISO 3166-1)")
    privacy_email = models.EmailField(blank=True)
    privacy_form_url = models.URLField(
        blank=True, help_text="Web form for data-protection requests"
    )
    sources = models.TextField(help_text="One URL per line: where the platform names it")
    last_checked = models.DateField()

    class Meta:
        ordering = ["jurisdiction"]
        verbose_name = "controller for another jurisdiction"
        verbose_name_plural = "controllers for other jurisdictions"
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "jurisdiction"], name="one_entity_per_platform_jurisdiction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_entity} ({self.get_jurisdiction_display()})"

    @property
    def address_lines(self) -> list[str]:
        return _lines(self.postal_address)

    @property
    def address_after_name(self) -> list[str]:
        """The address without a first line that only repeats the company's name."""
        lines = self.address_lines
        return lines[1:] if lines and lines[0] == self.legal_entity else lines

    @property
    def source_list(self) -> list[str]:
        return _lines(self.sources)


class TimelineEventKind(models.TextChoices):
    """What an event is. Past or future is told by its date; only a ``training_starts`` event
    dated after today warns the platform's watchers (privacyreq.alerts)."""

    EVENT = "event", "Event (what happened)"
    TRAINING_STARTS = "training_starts", "Training starts (announced for this date)"


class TimelineEvent(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="timeline")
    date = models.DateField()
    kind = models.CharField(
        max_length=20,
        choices=TimelineEventKind.choices,
        default=TimelineEventKind.EVENT,
        help_text="'Training starts' on a future date emails the platform's watchers once "
        "(send_warnings)",
    )
    summary = models.TextField()
    source_url = models.URLField()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.summary[:60]}"
