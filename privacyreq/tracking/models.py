"""What a logged-in user keeps: cases (one set of answers and its documents), the requests sent
from them, their append-only history, the replies attached and the reminders already sent.

Rows change only through ``privacyreq.tracking.services``; nothing happens in ``save()`` or signals.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from privacyreq.letters.kinds import DocumentKind
from privacyreq.tracking.transitions import Channel, Outcome, Status


def _case_file_path(instance, filename: str) -> str:
    # Random names: a path never reveals whose file it is or lets one be guessed.
    return f"cases/{uuid.uuid4().hex}/{filename}"


class Case(models.Model):
    """One run of the questionnaire, saved by its owner to track what follows."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases"
    )
    platform = models.ForeignKey(
        "reference.Platform", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as written, so the case reads the same after the reference data changes.
    controller_name = models.CharField(max_length=200)
    controller_country = models.CharField(max_length=2)
    answers = models.JSONField()
    # The letters this case was saved from (``idempotency.draft_key``): a second "Save and track"
    # of the same letters (a double click, a second tab) finds this case instead of making
    # another. Empty for cases saved before it was kept.
    draft_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "draft_key"],
                condition=~models.Q(draft_key=""),
                name="case_once_per_draft",
            )
        ]

    def __str__(self) -> str:
        return f"{self.controller_name} ({self.created_at:%Y-%m-%d})"


class StoredDocument(models.Model):
    """A generated letter or complaint, kept byte for byte as the user downloaded it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    subject = models.CharField(max_length=500)
    text = models.TextField(help_text="The email-ready text of the document.")
    pdf = models.FileField(upload_to=_case_file_path)
    sha256 = models.CharField(max_length=64)
    # The date the document bears (its answers' ``date``): it cannot have been sent before it.
    # Null for documents stored before it was kept (their case's answers say it).
    dated = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Request(models.Model):
    """One document's journey: sent, answered or ignored, escalated."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    document = models.OneToOneField(
        StoredDocument, on_delete=models.CASCADE, related_name="request"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True, default="")
    reference = models.CharField("reference number", max_length=100, blank=True, default="")
    sent_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    extended = models.BooleanField(default=False)
    # What is wrong with the organisation's reply, as the user recorded it (``ReplyProblem``
    # values), and with ``incomplete_access`` which parts of an access answer are missing
    # (``AccessItem``): the reply letter and the complaint name exactly these.
    reply_problems = models.JSONField(default=list, blank=True)
    access_missing = models.JSONField(default=list, blank=True)
    # A follow-up (a reminder or a reply letter) presses for the answer to this request.
    follows = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    complaint = models.ForeignKey(
        StoredDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_requests",
    )
    # The authority a complaint about this request goes to (its holidays count for Art. 78(2)).
    authority = models.ForeignKey(
        "reference.SupervisoryAuthority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lodged_on = models.DateField(null=True, blank=True)
    # A complaint drafted with the letters, for after their reply date (issue 15): the first day
    # it may be sent, the day after the letters' due date. Its own reminder goes out that day.
    # Null for every other request, and for a complaint the user can lodge at once.
    complaint_from = models.DateField(null=True, blank=True)
    authority_due_on = models.DateField(null=True, blank=True)
    # The date the user is waiting for now (the controller's or the authority's), kept by the
    # services so the dashboard and the reminders can sort and filter on one indexed column.
    next_due_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["next_due_on", "status"], name="request_next_due"),
            # The reminders look up the drafted complaints whose day is today.
            models.Index(fields=["complaint_from", "status"], name="request_complaint_from"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_status_display()}"


class StatusEvent(models.Model):
    """Append-only history: a row is written for every change and never updated."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Status.choices)
    previous_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    happened_on = models.DateField(help_text="The date the user says it happened.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Null for changes the tool made by itself.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, default="")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.get_status_display()}"


class Attachment(models.Model):
    """A reply from the controller or authority (PDF, image or an email saved as .eml), checked on
    upload."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_case_file_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(max_length=500, blank=True, default="")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Note(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class ReminderKind(models.TextChoices):
    WEEK_BEFORE = "week_before", _("7 days before the due date")
    DUE_TODAY = "due_today", _("On the due date")
    OVERDUE = "overdue", pgettext_lazy("kind of reminder", "Overdue")
    # For a complaint drafted with the letters: on the day after their due date, it may go.
    COMPLAINT_READY = (
        "complaint_ready",
        _("The day after the letters' due date: the drafted complaint"),
    )


class Reminder(models.Model):
    """A reminder already sent. The unique constraint is what makes each one go out once, even
    when two ``send_reminders`` runs overlap: the second insert is skipped instead of emailing."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    # The deadline it was about: an extension or a lodged complaint brings a new date and new
    # reminders.
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    # The batch of the run that inserted the row. Claims are inserted in bulk, skipping the rows
    # another run holds, and a bulk insert that skips rows does not say which ones it wrote: the
    # token does. Null for rows written before it existed.
    claim = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "due_on"], name="reminder_once_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.due_on}"


class Preferences(models.Model):
    """The user's choices about what tracking sends them: reminder emails and their language, and
    the private calendar feed.

    Created on first need by ``preferences.preferences_get`` (no signal), so every user has at most
    one; a user without a row has the defaults. They were ``accounts.Profile`` until migration
    0004 copied them here.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracking_preferences"
    )
    reminders_enabled = models.BooleanField(
        _("email me reminders before and after due dates"), default=True
    )
    # The language of the emails the tool sends by itself (reminders), when no request says which
    # language the reader is using; also the calendar feed's. Set from the interface language when
    # the row is created.
    language = models.CharField(
        _("language of emails from privacyreq"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
    )
    # The secret part of the private calendar feed URL; blank when the user has no feed.
    calendar_token = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Named as Django names models by default (untranslated), only without a plural "s".
        verbose_name = verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
