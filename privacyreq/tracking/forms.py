"""Forms for recording what happened to a request. They validate input only; the rules about which
change is possible live in ``transitions`` and reach the form as a non-field error."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacyreq.letters.choices import AccessItem, ReplyProblem
from privacyreq.letters.forms import FreeTextField, PastDateField
from privacyreq.letters.routing import ComplaintTo
from privacyreq.tracking.transitions import Channel, Outcome, Status

# Limits match the model columns (Request.reference, Attachment.note); notes are TextFields.
MAX_NOTE = 2000
MAX_REFERENCE = 100
MAX_ATTACHMENT_NOTE = 500


class MarkSentForm(forms.Form):
    sent_on = PastDateField(label=_("Date you sent it"))
    channel = forms.ChoiceField(
        label=_("How you sent it"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you sent it: email, web form or post.")},
    )
    received_on = PastDateField(
        label=_("Date it arrived (post only, if you know it)"),
        required=False,
        help_text=_(
            "From tracking or a signed receipt. Leave empty and we assume it arrived "
            "a few days after posting."
        ),
    )
    reference = FreeTextField(
        label=_("Reference or ticket number (optional)"), max_length=MAX_REFERENCE, required=False
    )
    note = FreeTextField(
        label=_("Note (optional)"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean() or {}
        sent, received = data.get("sent_on"), data.get("received_on")
        if sent and received and received < sent:
            self.add_error("received_on", gettext("It cannot have arrived before you sent it."))
        return data


# What the user can report from the request page; sending and escalating have their own pages.
RECORDABLE = [
    (value, label)
    for value, label in Status.choices
    if value not in (Status.DRAFT, Status.SENT, Status.COMPLAINT_DRAFTED)
]


class RecordForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What happened"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    on = PastDateField(label=_("Date it happened"))
    outcome = forms.ChoiceField(
        label=_("If they answered: did they do what you asked?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    problems = forms.MultipleChoiceField(
        label=_("If they replied: what is wrong with the reply? (optional)"),
        help_text=_(
            "Tick each problem: the reply letter answers each one with the law, and a complaint "
            "names them."
        ),
        choices=ReplyProblem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_missing = forms.MultipleChoiceField(
        label=_("If their answer to an access request left things out: which?"),
        choices=AccessItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reference = FreeTextField(
        label=_("Complaint reference from the authority (optional)"),
        max_length=MAX_REFERENCE,
        required=False,
    )
    note = FreeTextField(
        label=_("Note (optional)"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)  # declared above as a ChoiceField
        status.choices = [(value, label) for value, label in RECORDABLE if value in allowed]

    def clean(self):
        data = super().clean() or {}
        if data.get("status") == Status.ANSWERED and not data.get("outcome"):
            self.add_error(
                "outcome", gettext("Say whether they complied, partly complied or refused.")
            )
        problems, missing = data.get("problems") or [], data.get("access_missing") or []
        if ReplyProblem.INCOMPLETE_ACCESS in problems and not missing:
            self.add_error(
                "access_missing", gettext("Tick the parts of the access answer that are missing.")
            )
        elif missing and ReplyProblem.INCOMPLETE_ACCESS not in problems:
            self.add_error(
                "access_missing",
                gettext(
                    "Also tick “Their answer to my access request left out things I asked for” "
                    "above, or clear these."
                ),
            )
        return data


class RedateForm(forms.Form):
    """The day the user really sent a letter dated later: the letter is written again with it."""

    on = PastDateField(label=_("The day you sent it"))


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Their reply (PDF, PNG or JPEG, or an email saved as .eml)"),
        error_messages={
            "required": _("Choose a file to attach."),
            "empty": _("The file is empty."),
        },
    )
    note = FreeTextField(
        label=_("What is it? (optional)"), max_length=MAX_ATTACHMENT_NOTE, required=False
    )


class NoteForm(forms.Form):
    text = FreeTextField(
        label=_("Add a note"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note first.")},
    )


class EscalateForm(forms.Form):
    complaint_to = forms.ChoiceField(
        label=_("Which authority should the complaint go to?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the authority the complaint goes to.")},
    )

    def __init__(self, *args, authorities: dict, **kwargs):
        super().__init__(*args, **kwargs)
        # Each choice names the authority, then says which one it is: one whole sentence per
        # choice, so the article reference stays inside it.
        described = {
            # Translators: a choice on the escalation page. %(authority)s is the authority's name
            # with its short name in brackets, e.g. "Data Protection Commission (DPC)".
            ComplaintTo.LEAD: gettext(
                "%(authority)s: the lead authority for the organisation (Article 56 GDPR)"
            ),
            # Translators: a choice on the escalation page. %(authority)s is the authority's name
            # with its short name in brackets.
            ComplaintTo.HOME: gettext(
                "%(authority)s: the authority where you live (Article 77(1) GDPR)"
            ),
        }
        complaint_to = self.fields["complaint_to"]
        assert isinstance(complaint_to, forms.ChoiceField)  # declared above as a ChoiceField
        complaint_to.choices = [
            (key, described[key] % {"authority": authority_name(authority)})
            for key, authority in authorities.items()
        ]
        if len(authorities) == 1:
            # One authority (the lead one is also the user's own): nothing to choose.
            self.initial.setdefault("complaint_to", next(iter(authorities)))


def authority_name(authority) -> str:
    return f"{authority.name} ({authority.short_name})" if authority.short_name else authority.name
