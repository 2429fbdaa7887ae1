"""The complaint's sections, written once (``templates/letters/complaint/``) and used twice: by the
complaint letter (``letters/pdf/complaint.html``, under its own headings) and by the form
sections on the result page (``letters/complaint_form.html``), where each box holds what one
field of an authority's online form asks for."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FormSection:
    id: str
    heading: Promise
    parts: tuple[str, ...]


def _part(name: str) -> str:
    return f"letters/complaint/{name}.html"


FORM_SECTIONS: tuple[FormSection, ...] = (
    # Translators: Heading of a section of the complaint, laid out as the fields of a data
    # protection authority's online complaint form.
    FormSection("form-about-you", _("About you"), (_part("about"),)),
    # Translators: Heading: the company complained about ("organisation" is used in this form
    # instead of the GDPR's "controller", as authorities' forms do).
    FormSection("form-organisation", _("The organisation"), (_part("controller"),)),
    FormSection(
        "form-what-happened",
        _("What happened and when"),
        (_part("opening"), _part("what_happened"), _part("situation"), _part("background")),
    ),
    # Translators: Heading: the breaches of the GDPR the complaint alleges (de "Die Verstöße",
    # fr "Les violations").
    FormSection("form-infringements", _("The infringements"), (_part("infringements"),)),
    # Translators: Heading; "the authority": the data protection (supervisory) authority the
    # complaint goes to.
    FormSection(
        "form-what-you-want",
        _("What you want the authority to do"),
        (_part("asks"), _part("deadline")),
    ),
    # Translators: Heading: the documents to upload with the complaint on the authority's website.
    FormSection("form-annexes", _("Annexes to upload"), (_part("enclosures"),)),
)
