"""Forms for recording what happened to a request. They validate input only; the rules about which
change is possible live in ``transitions`` and reach the form as a non-field error."""

from django import forms

from privacyreq.letters.answers import ComplaintTo
from privacyreq.letters.forms import FreeTextField, PastDateField
from privacyreq.tracking.transitions import Channel, Outcome, Status

# Limits match the model columns (Request.reference, Attachment.note); notes are TextFields.
MAX_NOTE = 2000
MAX_REFERENCE = 100
MAX_ATTACHMENT_NOTE = 500


class MarkSentForm(forms.Form):
    sent_on = PastDateField(label="Date you sent it")
    channel = forms.ChoiceField(
        label="How you sent it",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you sent it: email, web form or post."},
    )
    received_on = PastDateField(
        label="Date it arrived (post only, if you know it)",
        required=False,
        help_text="From tracking or a signed receipt. Leave empty and we assume it arrived "
        "a few days after posting.",
    )
    reference = FreeTextField(
        label="Reference or ticket number (optional)", max_length=MAX_REFERENCE, required=False
    )
    note = FreeTextField(
        label="Note (optional)",
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        sent, received = data.get("sent_on"), data.get("received_on")
        if sent and received and received < sent:
            self.add_error("received_on", "It cannot have arrived before you sent it.")
        return data


# What the user can report from the request page; sending and escalating have their own pages.
RECORDABLE = [
    (value, label)
    for value, label in Status.choices
    if value not in (Status.DRAFT, Status.SENT, Status.COMPLAINT_DRAFTED)
]


class RecordForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened."},
    )
    on = PastDateField(label="Date it happened")
    outcome = forms.ChoiceField(
        label="If they answered: did they do what you asked?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reference = FreeTextField(
        label="Complaint reference from the authority (optional)",
        max_length=MAX_REFERENCE,
        required=False,
    )
    note = FreeTextField(
        label="Note (optional)",
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in RECORDABLE if value in allowed
        ]

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.ANSWERED and not data.get("outcome"):
            self.add_error("outcome", "Say whether they complied, partly complied or refused.")
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Their reply (PDF, PNG or JPEG)",
        error_messages={"required": "Choose a file to attach.", "empty": "The file is empty."},
    )
    note = FreeTextField(
        label="What is it? (optional)", max_length=MAX_ATTACHMENT_NOTE, required=False
    )


class NoteForm(forms.Form):
    text = FreeTextField(
        label="Add a note",
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the note first."},
    )


class EscalateForm(forms.Form):
    complaint_to = forms.ChoiceField(
        label="Which authority should the complaint go to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the authority the complaint goes to."},
    )

    def __init__(self, *args, authorities: dict, **kwargs):
        super().__init__(*args, **kwargs)
        described = {
            ComplaintTo.LEAD: "the lead authority for the organisation (Article 56 GDPR)",
            ComplaintTo.HOME: "the authority where you live (Article 77(1) GDPR)",
        }
        self.fields["complaint_to"].choices = [
            (key, f"{authority_name(authority)}: {described[key]}")
            for key, authority in authorities.items()
        ]
        if len(authorities) == 1:
            # One authority (the lead one is also the user's own): nothing to choose.
            self.initial.setdefault("complaint_to", next(iter(authorities)))


def authority_name(authority) -> str:
    return f"{authority.name} ({authority.short_name})" if authority.short_name else authority.name
