"""``{% example_letter %}``: the start of the example objection, for the home page.

The home page belongs to the reference app, which may not import letters (the import contract in
pyproject.toml); a template tag lets its template show a letter without that import.
"""

from django import template

from privacyreq.letters.example import example_preview

register = template.Library()


@register.inclusion_tag("letters/_example_letter.html")
def example_letter() -> dict:
    """The example's first lines in the interface language; nothing without the reference data."""
    return {"preview": example_preview()}
