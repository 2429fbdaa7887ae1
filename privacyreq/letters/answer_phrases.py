"""How letters state what the user answered: a letter's own words for each choice, never the
questionnaire's label. (The labels are the interface's, written to be ticked; these are written
to stand in a legal letter, and a legal translator reviews them with the letters.)"""

from collections.abc import Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from privacyreq.letters.choices import AccessItem, DataKind, SensitiveCategory, Situation

# The special categories of Article 9(1) GDPR the user said the data reveal, as items of a list
# that follows "… special categories of personal data within the meaning of Article 9(1) GDPR,
# namely:". Worded as the Article words them.
SPECIAL_CATEGORIES: dict[str, Promise] = {
    # Translators: An item of a list of special categories of personal data (Article 9(1) GDPR);
    # use the words of the Article in your language's version of the GDPR.
    SensitiveCategory.RACIAL_OR_ETHNIC_ORIGIN: _("data revealing my racial or ethnic origin"),
    # Translators: An item of a list of special categories (Article 9(1) GDPR).
    SensitiveCategory.POLITICAL_OPINIONS: _("data revealing my political opinions"),
    # Translators: An item of a list of special categories (Article 9(1) GDPR).
    SensitiveCategory.RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS: _(
        "data revealing my religious or philosophical beliefs"
    ),
    # Translators: An item of a list of special categories (Article 9(1) GDPR).
    SensitiveCategory.TRADE_UNION_MEMBERSHIP: _("data revealing my trade union membership"),
    # Translators: An item of a list of special categories (Article 9(1) GDPR).
    SensitiveCategory.GENETIC: _("genetic data relating to me"),
    # Translators: An item of a list of special categories (Article 9(1) GDPR): "biometric data
    # for the purpose of uniquely identifying a natural person".
    SensitiveCategory.BIOMETRIC: _("biometric data capable of uniquely identifying me"),
    # Translators: An item of a list of special categories (Article 9(1) GDPR).
    SensitiveCategory.HEALTH: _("data concerning my health"),
    # Translators: An item of a list of special categories (Article 9(1) GDPR).
    SensitiveCategory.SEX_LIFE_OR_SEXUAL_ORIENTATION: _(
        "data concerning my sex life or sexual orientation"
    ),
}

# The kinds of data a letter concerns, as items of a list that follows "This letter concerns the
# following personal data relating to me:" (the questionnaire's labels are written to be ticked).
DATA_KINDS: dict[str, Promise] = {
    # Translators: An item of the list of data a letter concerns.
    DataKind.POSTS: _("the posts, replies and other texts I have published"),
    # Translators: An item of the list of data a letter concerns: what the writer typed into the
    # company's AI assistant (a chatbot) and its answers.
    DataKind.AI_CHATS: _("my conversations with your AI assistant"),
    # Translators: An item of the list of data a letter concerns.
    DataKind.IMAGES: _("the photos and videos I have uploaded"),
    # Translators: An item of the list of data a letter concerns.
    DataKind.PROFILE: _("my profile information"),
}

# The user's circumstances, as items of a list that follows "My particular situation is as
# follows:" (or "The grounds relating to my particular situation include the following:").
# "other" is not here: the user's own words are quoted instead.
SITUATIONS: dict[str, Promise] = {
    # Translators: An item of the list of the writer's grounds relating to their particular
    # situation (Article 21(1) GDPR). "special categories of personal data": Article 9(1) GDPR.
    Situation.SENSITIVE_DATA: _(
        "The data concerned include special categories of personal data (Article 9(1) GDPR)."
    ),
    # Translators: An item of the list of the writer's grounds.
    Situation.MINOR: _("I provided some of the data concerned when I was under 18."),
    # Translators: An item of the list of the writer's grounds.
    Situation.PROFESSIONAL_SECRECY: _("My work is subject to a duty of professional secrecy."),
    # Translators: An item of the list of the writer's grounds.
    Situation.CREATIVE_WORK: _("I publish my own creative work on the service."),
    # Translators: An item of the list of the writer's grounds.
    Situation.HARASSMENT_RISK: _(
        "I have been, or am at real risk of being, harassed, stalked or impersonated."
    ),
    # Translators: An item of the list of the writer's grounds.
    Situation.THIRD_PARTY_DATA: _(
        "The data concerned contain information about other people, such as members of my "
        "family, friends or clients."
    ),
}

# What an access answer left out, as items of a list that follows "Your answer does not give me the
# following, which I asked for:" in a reply to a deficient answer. Each names its provision.
ACCESS_ITEMS: dict[str, Promise] = {
    # Translators: An item of a list of information missing from an answer to an access request;
    # use the words of Article 15 in your language's version of the GDPR.
    AccessItem.PURPOSES: _("the purposes of the processing (Article 15(1)(a) GDPR)"),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    AccessItem.CATEGORIES: _("the categories of personal data concerned (Article 15(1)(b) GDPR)"),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    # "C-154/21": the judgment of the Court of Justice of 12 January 2023, Österreichische Post.
    AccessItem.RECIPIENTS: _(
        "the recipients to whom my personal data have been or will be disclosed, named as "
        "such and not only by category (Article 15(1)(c) GDPR; judgment of 12 January 2023, "
        "Österreichische Post, C-154/21)"
    ),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    AccessItem.STORAGE_PERIOD: _(
        "the period for which my personal data will be stored or, if that is not possible, the "
        "criteria used to determine that period (Article 15(1)(d) GDPR)"
    ),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    AccessItem.RIGHTS: _(
        "the existence of my rights to request rectification or erasure of my personal data, "
        "restriction of their processing, and to object to it (Article 15(1)(e) GDPR)"
    ),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    AccessItem.COMPLAINT_RIGHT: _(
        "my right to lodge a complaint with a supervisory authority (Article 15(1)(f) GDPR)"
    ),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    AccessItem.SOURCE: _(
        "where personal data were not collected from me, any available information as to "
        "their source (Article 15(1)(g) GDPR)"
    ),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    AccessItem.AUTOMATED_DECISIONS: _(
        "the existence of automated decision-making, including profiling, and meaningful "
        "information about the logic involved and its significance and envisaged consequences "
        "for me (Article 15(1)(h) GDPR)"
    ),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    AccessItem.SAFEGUARDS: _(
        "where my personal data are transferred to a third country or an international "
        "organisation, the appropriate safeguards for that transfer (Article 15(2) GDPR)"
    ),
    # Translators: An item of a list of information missing from an access answer (Article 15).
    # "C-487/21": the judgment of the Court of Justice of 4 May 2023, Österreichische
    # Datenschutzbehörde and CRIF.
    AccessItem.COPY: _(
        "a copy of my personal data undergoing processing, that is, a faithful and intelligible "
        "reproduction of all those data (Article 15(3) GDPR; judgment of 4 May 2023, "
        "Österreichische Datenschutzbehörde and CRIF, C-487/21)"
    ),
    # Translators: An item of a list of information missing from an access answer: one of the
    # questions on AI training the access request asked.
    AccessItem.MODELS_TRAINED: _(
        "whether my personal data have been used to train, fine-tune or evaluate AI models and, "
        "if so, which models and versions"
    ),
    # Translators: An item of a list of information missing from an access answer: one of the
    # questions on AI training the access request asked.
    AccessItem.TRAINING_PERIOD: _(
        "since when my personal data have been used for that purpose, and which of my data"
    ),
    # Translators: An item of a list of information missing from an access answer: one of the
    # questions on AI training the access request asked.
    AccessItem.REMOVAL_POSSIBLE: _(
        "whether my personal data can be removed from the models trained with them, or those "
        "models retrained without them"
    ),
}

# Translators: Said before "My work is subject to a duty of professional secrecy."; %(profession)s
# is what the writer typed, e.g. "a lawyer" (kept as typed).
WORK_AS = _("I work as %(profession)s.")


def names_joined(names: Sequence[str]) -> str:
    """Names (of services: proper names, never translated) as one list in the active language:
    "Facebook", "Facebook and Instagram", "Facebook, Instagram and Threads"; "" for none.

    Django has no list formatting per language (Babel has, but is not a dependency for this one
    need): the last link is a translated whole phrase, the others a comma, as every language the
    letters are written in separates them."""
    if len(names) < 2:
        return "".join(names)
    # Translators: Joins the last name of a list to the others, as in "Facebook, Instagram and
    # Threads": %(items)s is the names before it, separated by commas ("Facebook, Instagram"),
    # %(last)s the last name ("Threads"). E.g. de "%(items)s und %(last)s", fr "%(items)s et
    # %(last)s", pl "%(items)s i %(last)s". The names are proper names, never translated.
    joined = pgettext("list of names", "%(items)s and %(last)s")
    return joined % {"items": ", ".join(names[:-1]), "last": names[-1]}
