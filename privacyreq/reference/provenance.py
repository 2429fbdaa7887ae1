"""Where a platform's facts come from: each fact's status and source (``Platform.facts``).

Pure rules on plain values, so the loader, the admin and the letters (``facts.py``) apply the same
ones.
"""

from django.core.exceptions import ValidationError
from django.db import models


class FactStatus(models.TextChoices):
    """How far a fact about a platform is established: "confirmed" by the platform's own pages or
    a regulator's, "reported" by the press or another third party, "not_confirmed" where no
    source found states it (then the page says so and the letters leave it out)."""

    CONFIRMED = "confirmed", "Confirmed (the platform's or a regulator's own page)"
    REPORTED = "reported", "Reported (press or another third party)"
    NOT_CONFIRMED = "not_confirmed", "Not confirmed (no source found states it)"


# The Platform fields a ``facts`` entry may describe: what a source can state about a platform.
FACT_FIELDS = (
    "legal_entity",
    "former_names",
    "postal_address",
    "country",
    "privacy_email",
    "privacy_form_url",
    "lead_authority",
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
    "history_steps",
    "history_notes",
)


def validate_facts(value) -> None:
    """``{"field": {"source": "https://…", "status": "confirmed", "note": "…"}}``: a known
    field, a known status, a source URL for what is confirmed or reported, and a note where there
    is no source (saying why)."""
    if not isinstance(value, dict):
        raise ValidationError('Give an object of fields, e.g. {"legal_entity": {…}}.')
    problems: list[str] = []
    for field, fact in value.items():
        if field not in FACT_FIELDS:
            problems.append(f"{field!r} is not a fact field (use: {', '.join(FACT_FIELDS)})")
            continue
        if not isinstance(fact, dict) or set(fact) - {"source", "status", "note"}:
            problems.append(f"{field}: give only 'source', 'status' and 'note'")
            continue
        source, status, note = (str(fact.get(key) or "") for key in ("source", "status", "note"))
        if status not in FactStatus.values:
            problems.append(f"{field}: unknown status {status!r} (use: {', '.join(FactStatus)})")
        if source and not source.startswith(("https://", "http://")):
            problems.append(f"{field}: the source must be a web address")
        if status == FactStatus.CONFIRMED and not source:
            problems.append(f"{field}: a confirmed fact needs its source")
        if not source and not note.strip():
            problems.append(f"{field}: without a source, say why in 'note'")
    if problems:
        raise ValidationError("; ".join(problems) + ".")
