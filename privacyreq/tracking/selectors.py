"""Reading tracked requests. Every read is scoped to its owner, so another user's object is simply
not found (the views answer 404, never 403: nothing says the object exists)."""

import datetime as dt

from django.db.models import BooleanField, F, Q, QuerySet, Value, When
from django.db.models import Case as CaseWhen
from django.shortcuts import get_object_or_404

from privacyreq.tracking.models import Attachment, Case, Request, StoredDocument


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
            )
        )
        .order_by(
            "-is_overdue",
            F("next_due_on").asc(nulls_last=True),
            "-case__created_at",
            "id",
        )
    )


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
