"""Reading what the tool keeps about a user, for the export and the deletion page."""

from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Prefetch

from privacyreq.tracking.models import Attachment, Case, Preferences, Request, StoredDocument
from privacyreq.tracking.selectors import preferences_find


def mfa_enabled(*, user) -> bool:
    return is_mfa_enabled(user)


@dataclass
class AccountData:
    """Everything stored about one user, loaded in a fixed number of queries."""

    user: Any
    email_addresses: list[EmailAddress]
    # Tracking's: reminders, the language of emails, the calendar feed. None if never needed.
    preferences: Preferences | None
    # Type and dates only: the secrets are never even read from the database.
    authenticators: list[dict]
    cases: list[Case] = field(default_factory=list)


def account_data_get(*, user) -> AccountData:
    cases = (
        Case.objects.filter(owner=user)
        .select_related("platform")
        .prefetch_related(
            "documents",
            Prefetch("requests", queryset=Request.objects.select_related("authority")),
            "requests__events",
            "requests__notes",
            "requests__attachments",
            "requests__reminders",
        )
        .order_by("created_at", "id")
    )
    return AccountData(
        user=user,
        email_addresses=list(EmailAddress.objects.filter(user=user).order_by("id")),
        preferences=preferences_find(user=user),
        authenticators=list(
            Authenticator.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("type", "created_at", "last_used_at")
        ),
        cases=list(cases),
    )


def account_counts(*, user) -> dict[str, int]:
    """What deleting the account removes, for the confirmation page."""
    return {
        "cases": Case.objects.filter(owner=user).count(),
        "documents": StoredDocument.objects.filter(case__owner=user).count(),
        "requests": Request.objects.filter(case__owner=user).count(),
        "attachments": Attachment.objects.filter(request__case__owner=user).count(),
    }


def account_file_names(*, user) -> list[str]:
    """Every file in storage that belongs to the user: their letters' PDFs and their uploads."""
    documents = StoredDocument.objects.filter(case__owner=user).values_list("pdf", flat=True)
    attachments = Attachment.objects.filter(request__case__owner=user).values_list(
        "file", flat=True
    )
    return [name for name in [*documents, *attachments] if name]
