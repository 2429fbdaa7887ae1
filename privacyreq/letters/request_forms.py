"""The questionnaire's steps about what to send and how: the documents, the letters' channel, the
complaint's authority, timing and details (the sender's postal address, a representative, other
proceedings) and an earlier request. The steps about the user and their data, and the fields all
steps share, are in ``forms.py``."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacyreq.letters.answers import (
    MAX_ADDRESS,
    MAX_REFERENCE,
    MAX_SHORT,
)
from privacyreq.letters.choices import (
    OtherProceedings,
    PriorReply,
    SendChannel,
)
from privacyreq.letters.forms import (
    FreeTextField,
    PastDateField,
    StepForm,
    YesThenDateForm,
    _if_yes,
    _yes_no,
)
from privacyreq.letters.kinds import QUESTIONNAIRE_KINDS, REQUEST_KINDS, DocumentKind


class DocumentsForm(StepForm):
    title = _("Which documents do you want?")
    intro = _(
        "Most people send the objection together with the erasure request. A complaint makes most "
        "sense once the platform has not answered within a month, or refused."
    )
    documents = forms.MultipleChoiceField(
        label=_("Select all that you want"),
        # Follow-ups are written from a tracked request (or an answers file), not offered here.
        choices=[(kind, DocumentKind(kind).label) for kind in QUESTIONNAIRE_KINDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one document.")},
    )
    # Plain words, without article numbers: they differ for UK and Swiss residents.
    explanations = (
        (
            DocumentKind.OBJECTION.label,
            _("Tells the platform to stop using your data to train its AI."),
        ),
        (
            DocumentKind.ERASURE.label,
            _("Asks it to delete your data that it used or keeps for that purpose."),
        ),
        (
            DocumentKind.ACCESS.label,
            _("Asks for a copy of your data and what the platform does with it."),
        ),
        (
            DocumentKind.RESTRICTION.label,
            _("Asks it to stop using your data while your objection is being decided."),
        ),
        (
            DocumentKind.COMPLAINT.label,
            _("Asks a data protection authority to act when the platform does not."),
        ),
    )
    # The set most people send, ticked until the user chooses (the intro says why).
    RECOMMENDED = (DocumentKind.OBJECTION, DocumentKind.ERASURE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("documents"):
            self.initial["documents"] = [str(kind) for kind in self.RECOMMENDED]


class AuthorityForm(StepForm):
    title = _("Which authority should the complaint go to?")
    complaint_to = forms.ChoiceField(
        label=_("Authority"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which authority the complaint goes to.")},
    )

    def __init__(
        self, *args, lead_name: str = "", home_name: str = "", default: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        # The route preselected until the user has chosen (routing.complaint_to_default: the lead
        # authority for a Swiss resident).
        if default and not self.initial.get("complaint_to"):
            self.initial["complaint_to"] = default
        choices = []
        if lead_name:
            # Translators: %(authority)s is the name of a data protection authority as it calls
            # itself (e.g. "Data Protection Commission"); it supervises the platform in the EU.
            label = gettext("%(authority)s, the lead authority for this platform")
            choices.append(("lead", label % {"authority": lead_name}))
        if home_name:
            # Translators: %(authority)s is the name of a data protection authority as it calls
            # itself (e.g. "Berliner Beauftragte für Datenschutz und Informationsfreiheit").
            label = gettext("%(authority)s where you live")
            choices.append(("home", label % {"authority": home_name}))
        else:
            choices.append(("home", gettext("The authority where you live")))
        self._choice_field("complaint_to").choices = choices


class PostalAddressForm(StepForm):
    """Asked only when a complaint is wanted and the details step left the address empty: the
    same answer as that step's optional field, now required."""

    title = _("Your postal address for the complaint")
    intro = _(
        "Data protection authorities need the postal address of the person who complains, and "
        "some leave a complaint without one unexamined. Your complaint gives it with your name."
    )
    postal_address = FreeTextField(
        label=_("Postal address"),
        max_length=MAX_ADDRESS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Street, postcode and town, without your name: the complaint prints it above."),
        error_messages={"required": _("Enter your postal address.")},
    )


class RepresentativeForm(StepForm):
    title = _("Is an organisation lodging the complaint for you?")
    intro = _(
        # Translators: Article 80(1) GDPR; "not-for-profit organisation" as that Article words it
        # in your language.
        "Under Article 80(1) GDPR you can ask a not-for-profit organisation that works to protect "
        "people's data (for example a digital rights or consumer association) to lodge the "
        "complaint for you. If you have done so, give its name: your complaint says so, and you "
        "must enclose the mandate you signed for it, because authorities ask for proof that you "
        "authorised it. Leave this empty if you are lodging the complaint yourself."
    )
    representative = FreeTextField(
        label=_("Name of the organisation (optional)"),
        max_length=MAX_SHORT,
        required=False,
        help_text=_("Written into your complaint exactly as you type it, so give its full name."),
    )


class OtherProceedingsForm(StepForm):
    title = _("Have you started any other proceedings about this?")
    intro = _(
        "Authorities ask whether the same matter is already before a court or another data "
        "protection authority. Your complaint says what you answer."
    )
    other_proceedings = forms.ChoiceField(
        label=_(
            "Have you started any other proceedings about the same matter, such as a court case "
            "or a complaint to another data protection authority?"
        ),
        choices=OtherProceedings.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )


class PriorRequestForm(YesThenDateForm):
    title = _("Have you already sent a request to the organisation about this?")
    intro = _(
        # Translators: "the Irish DPC" is Ireland's Data Protection Commission, lead authority for
        # most large platforms.
        "Most authorities, including the Irish DPC, expect you to raise the matter with the "
        "organisation first. If you have not, your complaint is written as a draft, to send only "
        "if the organisation has not answered your letters in full by the date they give."
    )
    answer_field, date_field = "prior_request", "prior_request_sent_on"
    date_missing = _("Enter the date you sent your request.")
    prior_request = _yes_no(_("Already sent a request?"))
    prior_request_sent_on = _if_yes(PastDateField(label=_("When did you send it?"), required=False))

    def __init__(self, *args, letter_chosen: bool = True, failing: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Without a letter, a complaint with no earlier request has nothing behind it unless it
        # is about a failing that needs no request (not told, opting out made hard).
        self.nothing_asked_refused = not letter_chosen and not failing

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("prior_request") == "no" and self.nothing_asked_refused:
            self.add_error(
                "prior_request",
                _(
                    "Authorities expect you to ask the organisation before you complain. Go back "
                    "to “Documents” and choose a letter to the organisation as well: your "
                    "complaint is then written for after the date its answer is due."
                ),
            )
        return cleaned


class PriorRequestDetailsForm(StepForm):
    """What the complaint says of the earlier request: which right, how, its reference and what
    came back (``prior_request`` in the answers format)."""

    title = _("About your earlier request")
    intro = _(
        "Your complaint tells the authority which right you used, how you sent the request and "
        "what came back. Authorities check this first."
    )
    prior_document = forms.ChoiceField(
        label=_("What did you ask for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you asked for.")},
    )
    prior_channel = forms.ChoiceField(
        label=_("How did you send it?"),
        choices=SendChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you sent it.")},
    )
    prior_reference = FreeTextField(
        label=_("Reference number (optional)"),
        max_length=MAX_REFERENCE,
        required=False,
        help_text=_(
            "A ticket or case number the organisation gave you, or the number of a registered "
            "letter. Written into your complaint exactly as you type it."
        ),
    )
    prior_reply = forms.ChoiceField(
        label=_("What came back?"),
        choices=PriorReply.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what came back.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choice_field("prior_document").choices = [
            (kind, DocumentKind(kind).label) for kind in REQUEST_KINDS
        ]


class SentByForm(StepForm):
    """How the letters will go, which decides when the organisation's month starts."""

    title = _("How will you send your letters to the organisation?")
    intro = _(
        "The organisation's month to answer starts when your letters reach it. By email or "
        "through its online form that is the day you send them. By post your letters and this "
        "site assume a few days in the post and say so."
    )
    sent_by = forms.ChoiceField(
        label=_("I will send them"),
        choices=SendChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you will send them.")},
    )


class ComplaintTimingForm(StepForm):
    """Without an earlier request the complaint is a draft for after the reply date, unless the
    user complains now about the failings that need no request."""

    title = _("When should your complaint go to the authority?")
    intro = _(
        "Authorities expect you to ask the organisation first, so your complaint is written for "
        "later: you send it only if the organisation has not answered your letters in full by "
        "their reply date. You said you were not told in advance, or that stopping the use of "
        "your data was hard. Those failings do not depend on a request, so you can complain "
        "about them alone now instead."
    )
    complaint_now = forms.ChoiceField(
        label=_("My complaint"),
        choices=[
            ("no", _("Later, only if my letters are not answered in full")),
            ("yes", _("Now, about those failings alone")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )
