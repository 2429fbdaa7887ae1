"""Email addresses a user types, and the ``mailto:`` links made from them: one home for what is
accepted (the answers format and the questionnaire's forms both ask ``email_problem``) and for how
a link is encoded.

Django's ``validate_email`` accepts what RFC 5321 allows, quoted local parts included:
``"?cc=x@y&bcc=z@y"@example.com`` is valid, and written into ``href="mailto:…"`` it adds
recipients to the email the user sends. Nobody's privacy contact or own address needs such
characters, so the local part is held to a conservative set and every part of a link is
percent-encoded as well (addresses from the reference data, and answers stored before this rule,
are not checked here).
"""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, validate_email

# Letters, digits and . _ + - ' (O'Brien): every real address, nothing a URL, an HTML attribute
# or an email header gives a meaning to (? & = % # " < > spaces, control characters).
_LOCAL_PART = re.compile(r"[A-Za-z0-9._+'-]+")


def email_problem(value: str) -> str | None:
    """Why ``value`` is refused as an email address, or None. English, completing "… is not a
    valid email address: " in the answers format's messages; the forms show their own translated
    message instead."""
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        return "write it like name@example.org"
    if local.startswith('"'):
        return 'quoted local parts ("…"@) are not accepted'
    if not _LOCAL_PART.fullmatch(local):
        return "use only letters, digits and . _ + - ' before the @"
    if domain.startswith("["):
        return "use a domain name after the @, not an address in brackets"
    try:
        validate_email(value)
    except ValidationError:
        return "write it like name@example.org"
    return None


def validate_email_address(value: str) -> None:
    """``email_problem`` as a Django validator. The code is "invalid", so an ``EmailField`` shows
    its own "invalid" message; by default Django's "Enter a valid email address.", which Django
    translates."""
    if email_problem(value) is not None:
        raise ValidationError(EmailValidator.message, code="invalid")


def mailto(address: str, *, subject: str = "", body: str = "") -> str:
    """A ``mailto:`` link with every part percent-encoded (``safe=""``: the @ and / too), so no
    character of an address, subject or text can end a part or start another header."""
    link = f"mailto:{quote(address, safe='')}"
    if subject or body:
        link += f"?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    return link
