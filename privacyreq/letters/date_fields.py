"""A remembered date as three boxes, day, month and year, as GOV.UK asks for one.

The browser's date picker shows its own order (``mm/dd/yyyy`` in an English browser, whatever the
page's language), is awkward on a phone for a date years back, and many people cannot tell which
box is which. Three labelled boxes in the interface's order avoid all of that, and the errors can
say exactly what is missing.
"""

import contextlib
import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacyreq.letters.answers import EARLIEST_DATE

# A single text value is still read: a page loaded before the boxes existed, and scripts that
# post the ISO form, keep working.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %m %Y"]
PARTS = ("day", "month", "year")


class DatePartsWidget(forms.MultiWidget):
    """Three numeric text boxes; the day's box takes the field's own id, so a link to the field
    (the error summary's) lands in the first box."""

    template_name = "letters/widgets/date_parts.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        # Text with a numeric keyboard, not type=number: no spinner, no scroll-wheel changes, and
        # a leading zero stays as typed (GOV.UK's finding).
        def box(size: int) -> forms.TextInput:
            return forms.TextInput(
                attrs={"inputmode": "numeric", "maxlength": size, "autocomplete": "off"}
            )

        super().__init__({"day": box(2), "month": box(2), "year": box(4)}, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value)
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if not value:
            return [None, None, None]
        # A single text (stored ISO, or typed on an older page): into the boxes as typed, so an
        # error never loses it; what cannot be split stays whole in the first box.
        parts = re.split(r"[./\s-]+", str(value).strip())
        if len(parts) == 3 and len(parts[0]) == 4:
            return [parts[2], parts[1], parts[0]]
        if len(parts) == 3:
            return parts
        return [value, None, None]

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data.get(name)
        return [data.get(f"{name}_{part}", "") for part in PARTS]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        own_id = (attrs or {}).get("id") or self.attrs.get("id")
        if own_id:
            subwidgets[0]["attrs"]["id"] = own_id
        labels = (_("Day"), _("Month"), _("Year"))
        context["widget"]["parts"] = list(zip(labels, subwidgets, PARTS, strict=True))
        # crispy-forms marks each box invalid; the row says so too, so the error under it shows.
        context["widget"]["invalid"] = any(
            "is-invalid" in str(sub["attrs"].get("class", "")) for sub in subwidgets
        )
        return context


class PastDateField(forms.DateField):
    """A date the user remembers: not in the future, not before the GDPR applied."""

    widget = DatePartsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", _("For example, 26 7 2024."))
        kwargs.setdefault(
            "error_messages",
            # Translators: the example is a day, a month and a year as typed into the three boxes
            # of a date (day, month, year); write it in your language's order of those boxes if it
            # differs, with the numbers unchanged.
            {"invalid": _("Enter a real date, for example 26 7 2024.")},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if not isinstance(value, list | tuple):
            return super().to_python(value)
        parts = [str(part or "").strip() for part in value]
        if not any(parts):
            return None
        missing = [part for part, text in zip(PARTS, parts, strict=True) if not text]
        if missing:
            raise forms.ValidationError(_missing_message(missing), code="incomplete")
        if not all(text.isdigit() for text in parts):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(text) for text in parts)
        if len(parts[2]) != 4:
            raise forms.ValidationError(
                gettext("Enter the year with four digits, for example 2024."), code="year"
            )
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value > timezone.localdate():
            raise forms.ValidationError(gettext("The date cannot be in the future."))
        if value < EARLIEST_DATE:
            # Translators: %(date)s is the day the GDPR started to apply, 25 May 2018.
            message = gettext("The date must be on or after %(date)s.")
            raise forms.ValidationError(
                message % {"date": date_format(EARLIEST_DATE, "DATE_FORMAT")}
            )


def _missing_message(missing: list[str]) -> str:
    # Whole sentences for translators, one per case GOV.UK distinguishes.
    messages = {
        ("day",): gettext("The date must include a day."),
        ("month",): gettext("The date must include a month."),
        ("year",): gettext("The date must include a year."),
        ("day", "month"): gettext("The date must include a day and a month."),
        ("day", "year"): gettext("The date must include a day and a year."),
        ("month", "year"): gettext("The date must include a month and a year."),
    }
    return messages[tuple(missing)]
