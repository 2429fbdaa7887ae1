"""Reference values that letters write inside their own sentences, so the catalogues carry them.

A letter in German should not say "LinkedIn's affiliates, including Microsoft" mid-sentence. The
values below are the ones the shipped reference data uses; the letters pass them through
gettext (the ``reference_text`` filter), and a value an administrator changes is written as
typed until someone adds its translation here.
"""

from django.utils.translation import gettext_noop

PHRASES = (
    # Translators: the legal basis a platform says it relies on, quoted in a letter.
    gettext_noop("Legitimate interests (Art. 6(1)(f) GDPR)"),
    # Translators: who a platform passes users' data to for AI training, used inside a sentence
    # as "disclose them to <this>".
    gettext_noop("LinkedIn's affiliates, including Microsoft"),
)
