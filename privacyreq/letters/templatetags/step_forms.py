"""``{% step_form form %}``: a questionnaire form through crispy-forms, memoised when blank.

Rendering a form with crispy-forms' Bootstrap templates costs a few milliseconds, most of a
question page. A new visitor's form is the same for everyone, so it is rendered once per process
and then served from memory, keyed by everything the markup depends on. Forms holding someone's
answers or errors are always rendered afresh, and never kept: they carry personal data.
"""

import hashlib

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import template
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()
FRAGMENTS = "fragments"


def _field_signature(form, name, field) -> tuple:
    # A stable text form of everything crispy-forms reads; ``str`` resolves lazy translations.
    return (
        name,
        type(field).__name__,
        str(field.label),
        str(field.help_text),
        field.required,
        field.disabled,
        type(field.widget).__name__,
        tuple(sorted((key, str(value)) for key, value in field.widget.attrs.items())),
        tuple((str(value), str(label)) for value, label in getattr(field, "choices", ())),
        str(form.get_initial_for_field(field, name)),
        getattr(field, "max_length", None),
    )


def blank_form_key(form) -> str | None:
    """A key covering everything a blank form's markup depends on, or None if it is not blank."""
    if form.is_bound or form.initial or hasattr(form, "helper"):
        return None
    signature = (
        type(form).__module__,
        type(form).__qualname__,
        get_language(),
        form.prefix,
        str(form.auto_id),
        tuple(_field_signature(form, name, field) for name, field in form.fields.items()),
    )
    return "step-form:" + hashlib.sha256(repr(signature).encode()).hexdigest()


@register.simple_tag
def step_form(form) -> SafeString:
    key = blank_form_key(form)
    if key is None:
        return as_crispy_form(form)
    cache = caches[FRAGMENTS]
    markup = cache.get(key)
    if markup is None:
        markup = as_crispy_form(form)
        cache.set(key, str(markup))
    # Our own rendering, kept as text: safe as it was when crispy-forms returned it.
    return mark_safe(markup)
