"""Reference values that letters write inside their own sentences, so the catalogues carry them.

A letter in German should not say "Legitimate interests (Art. 6(1)(f) GDPR)" mid-sentence. The
values below are the ones the shipped reference data uses; the letters pass them through
gettext (the ``reference_text`` filter), and a value an administrator changes is written as
typed until someone adds its translation here.
"""

from django.utils.translation import gettext_noop

# A platform's ``ai_recipient`` belongs here too once the shipped data name one that needs
# translating; none does today (xAI is a name, and LinkedIn's record names no recipient of its
# data for training, since LinkedIn's own wording does not say it passes them to Microsoft).
PHRASES = (
    # Translators: the legal basis a platform says it relies on, quoted in a letter.
    gettext_noop("Legitimate interests (Art. 6(1)(f) GDPR)"),
    # Translators: the legal bases a platform's policy names together for training its models
    # (Anthropic's), quoted in a letter after "names the following legal basis for this
    # processing:"; "legitimate interests" as Article 6(1)(f) GDPR calls them in your language.
    gettext_noop(
        "Several bases named together: consent, legitimate interests (Art. 6(1)(f) GDPR) and "
        "scientific research"
    ),
)
