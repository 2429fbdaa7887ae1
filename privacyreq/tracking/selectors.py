"""Reading tracked requests. Every read is scoped to its owner, so another user's object is simply
not found (the views answer 404, never 403: nothing says the object exists)."""

import datetime as dt
import re

from django.conf import settings
from django.db.models import BooleanField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models import Case as CaseWhen
from django.shortcuts import get_object_or_404

from privacyreq.tracking.dates import WAITING_FOR_CONTROLLER
from privacyreq.tracking.models import Attachment, Case, Preferences, Request, StoredDocument
from privacyreq.tracking.transitions import Status


def _pending(today: dt.date) -> Q:
    """A follow-up still to be sent, or sent and still within the final period it gave."""
    return Q(status=Status.DRAFT) | Q(status__in=WAITING_FOR_CONTROLLER, next_due_on__gte=today)


# What ``preferences.calendar_token_create`` makes: URL-safe base64. Anything else in a feed URL
# is not looked up at all; PostgreSQL cannot even compare a string with a NUL in it, and would
# answer with a 500.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def preferences_find(*, user) -> Preferences | None:
    """The user's preferences, or None if they have never needed any (the defaults apply)."""
    return Preferences.objects.filter(user=user).first()


def preferences_by_calendar_token(*, token: str) -> Preferences | None:
    """The preferences whose feed this is, or None. A blank token (no feed) never matches."""
    if not _TOKEN.fullmatch(token):
        return None
    return (
        Preferences.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )


def request_list(*, owner, today: dt.date) -> QuerySet[Request]:
    """The dashboard: overdue first, then by the date the next answer is due, then the rest.

    One query per page whatever the number of requests: everything shown comes from joined rows.
    """
    return (
        Request.objects.filter(case__owner=owner)
        .select_related("case", "case__platform", "document", "authority")
        .annotate(
            is_overdue=CaseWhen(
                When(next_due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            follow_up_pending=Exists(
                Request.objects.filter(follows=OuterRef("pk")).filter(_pending(today))
            ),
        )
        .order_by(
            "-is_overdue",
            F("next_due_on").asc(nulls_last=True),
            "-case__created_at",
            "id",
        )
    )


def follow_up_pending(*, request: Request, today: dt.date) -> bool:
    """Whether a follow-up to ``request`` is still to be sent or within its final period."""
    return request.follow_ups.filter(_pending(today)).exists()


def letter_date(request: Request) -> dt.date | None:
    """The date the request's letter bears: kept with the document, or (for documents stored
    before it was) the case's answers' date."""
    if request.document.dated:
        return request.document.dated
    value = request.case.answers.get("date")
    return dt.date.fromisoformat(value) if value else None


def follow_up_days(request: Request) -> int:
    """The final period a follow-up's letter gave, as written when it was drafted."""
    event = request.events.filter(details__has_key="final_days").order_by("id").first()
    if event is not None:
        return int(event.details["final_days"])
    return settings.LETTERS_FINAL_PERIOD_DAYS


def case_exists(*, owner, pk: int) -> bool:
    return Case.objects.filter(pk=pk, owner=owner).exists()


def request_get(*, owner, pk: int) -> Request:
    return get_object_or_404(
        Request.objects.select_related("case", "case__platform", "document", "authority"),
        pk=pk,
        case__owner=owner,
    )


def request_detail_get(*, owner, pk: int) -> Request:
    """A request with its history, files and notes, for its own page."""
    return get_object_or_404(
        Request.objects.select_related(
            "case", "case__platform", "document", "authority", "complaint"
        ).prefetch_related("events__actor", "attachments", "notes", "reminders"),
        pk=pk,
        case__owner=owner,
    )


def document_get(*, owner, pk: int) -> StoredDocument:
    return get_object_or_404(StoredDocument, pk=pk, case__owner=owner)


def attachment_get(*, owner, pk: int) -> Attachment:
    return get_object_or_404(Attachment, pk=pk, request__case__owner=owner)


def request_counts(*, owner, today: dt.date) -> dict[str, int]:
    mine = Request.objects.filter(case__owner=owner)
    return {
        "total": mine.count(),
        "overdue": mine.filter(Q(next_due_on__lt=today)).count(),
    }
