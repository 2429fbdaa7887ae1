"""The choices the answers format offers, with the questionnaire's labels: what the user can pick
(data kinds, situations, special categories, how they opted out, whether they were told), the
countries and German Länder served, and the languages letters are written in. Letters never print
these labels: they state answers in their own words (``answer_phrases``)."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Text that may still be a lazy translation, read in the active language when printed.
StrOrPromise = str | Promise


class DataKind(models.TextChoices):
    POSTS = "posts", _("My posts, replies and the text I published")
    AI_CHATS = "ai_chats", _("My conversations with the platform's AI assistant")
    IMAGES = "images", _("Photos and videos I uploaded")
    PROFILE = "profile", _("My profile information")


class Situation(models.TextChoices):
    SENSITIVE_DATA = (
        "sensitive_data",
        _(
            "My posts reveal sensitive things about me (health, politics, religion, sexuality, "
            "trade union membership)"
        ),
    )
    MINOR = "minor", _("I posted some of it when I was under 18")
    PROFESSIONAL_SECRECY = (
        "professional_secrecy",
        _("My work involves professional secrecy (e.g. lawyer, doctor, journalist)"),
    )
    CREATIVE_WORK = "creative_work", _("I publish my own creative work (writing, art, photos)")
    HARASSMENT_RISK = (
        "harassment_risk",
        _("I have been or could be harassed, stalked or impersonated"),
    )
    THIRD_PARTY_DATA = (
        "third_party_data",
        _("My posts contain information about other people (family, friends, clients)"),
    )
    OTHER = "other", _("Something else about my situation")


class OptedOutHow(models.TextChoices):
    """How the user told the platform to stop: only a setting is an objection by automated means
    (Article 21(5)); a form or an email is an objection under Article 21(1) made that day."""

    SETTING = "setting", _("I switched off a setting")
    FORM = "form", _("I sent the platform's objection form")
    EMAIL = "email", _("I wrote to the platform by email")


class OtherProceedings(models.TextChoices):
    """Whether the user has started other proceedings (a court case, a complaint to another
    authority) about the same matter: complaint forms ask, and the complaint says which."""

    NONE = "none", _("No, I have not started any other proceedings about this")
    PENDING = "pending", _("Yes, a court case or another complaint about this is under way")


class SendChannel(models.TextChoices):
    """How a letter goes (or went) to the organisation: the due date counts from receipt, which is
    the sending day except by post (``deadlines.assumed_receipt``). The same values as tracking's
    ``Channel``, so a tracked case reads them as they are."""

    EMAIL = "email", _("By email")
    WEB_FORM = "web_form", _("Through the organisation's online privacy form")
    POST = "post", _("By post")


class PriorReply(models.TextChoices):
    """What came back from an earlier request, as the user says."""

    NONE = "none", _("Nothing, or nothing yet")
    ACKNOWLEDGED = "acknowledged", _("Only a confirmation that it was received")
    EXTENSION = "extension", _("A message that it needs two more months")
    PARTIAL = "partial", _("An answer that did only part of what I asked")
    REFUSED = "refused", _("A refusal")


class ReplyProblem(models.TextChoices):
    """What is wrong with an organisation's reply, as the user ticks it: each is a paragraph of
    the ``reply`` letter with its own law (``templates/letters/follow_up/problems/``)."""

    ASKED_FOR_ID = (
        "asked_for_id",
        _("They asked for a copy of my ID although my account identifies me"),
    )
    OWN_FORM_REQUIRED = (
        "own_form_required",
        _("They told me to use their own form or portal instead"),
    )
    SETTING_IS_ENOUGH = (
        "setting_is_enough",
        _("They said switching the setting off is enough"),
    )
    ONLY_FUTURE = "only_future", _("They said my objection only works from now on")
    CANNOT_REMOVE_FROM_MODEL = (
        "cannot_remove_from_model",
        _("They said my data cannot be removed from a model already trained"),
    )
    NO_BALANCING = (
        "no_balancing",
        _("They relied on their legitimate interests without showing why those override mine"),
    )
    INCOMPLETE_ACCESS = (
        "incomplete_access",
        _("Their answer to my access request left out things I asked for"),
    )
    WRONG_LANGUAGE = "wrong_language", _("They answered in another language than I wrote in")
    LATE_EXTENSION = (
        "late_extension",
        _("They extended their deadline without reasons, or told me too late"),
    )


class AccessItem(models.TextChoices):
    """What an access answer must contain (Article 15) and the AI questions the access letter asks;
    the user ticks those missing and the ``reply`` letter lists exactly those."""

    PURPOSES = "purposes", _("Why they use my data (the purposes)")
    CATEGORIES = "categories", _("Which kinds of data about me they hold")
    RECIPIENTS = "recipients", _("Who they gave my data to (the recipients)")
    STORAGE_PERIOD = "storage_period", _("How long they keep my data")
    RIGHTS = "rights", _("My rights to correction, erasure, restriction and objection")
    COMPLAINT_RIGHT = "complaint_right", _("My right to complain to an authority")
    SOURCE = "source", _("Where they got data I did not give them")
    AUTOMATED_DECISIONS = (
        "automated_decisions",
        _("Whether they make automated decisions about me, and how"),
    )
    SAFEGUARDS = "safeguards", _("Safeguards for data sent outside the EU/EEA")
    COPY = "copy", _("A copy of my data")
    MODELS_TRAINED = "models_trained", _("Which AI models were trained on my data")
    TRAINING_PERIOD = "training_period", _("Since when my data have been used for training")
    REMOVAL_POSSIBLE = (
        "removal_possible",
        _("Whether my data can be removed from those models, or the models retrained"),
    )


class NoticeReceived(models.TextChoices):
    """Whether the platform told the user before it began: only "no" lets a complaint say so."""

    YES = "yes", _("Yes, I was told before it started")
    NO = "no", _("No, I was not told")
    UNSURE = "unsure", _("I am not sure")


class SensitiveCategory(models.TextChoices):
    """The special categories of Article 9(1) GDPR, as the questionnaire asks about them."""

    RACIAL_OR_ETHNIC_ORIGIN = "racial_or_ethnic_origin", _("Racial or ethnic origin")
    POLITICAL_OPINIONS = "political_opinions", _("Political opinions")
    RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS = (
        "religious_or_philosophical_beliefs",
        _("Religious or philosophical beliefs"),
    )
    TRADE_UNION_MEMBERSHIP = "trade_union_membership", _("Trade union membership")
    GENETIC = "genetic", _("Genetic data (e.g. DNA test results)")
    BIOMETRIC = "biometric", _("Biometric data that can identify you (e.g. your face or voice)")
    HEALTH = "health", _("Health, including mental health")
    SEX_LIFE_OR_SEXUAL_ORIENTATION = (
        "sex_life_or_sexual_orientation",
        _("Sex life or sexual orientation"),
    )


# Countries whose residents the tool serves: EU, EEA, Switzerland, United Kingdom.
# Names are translated: they appear in the interface and in letters (an address's country line).
COUNTRIES: dict[str, StrOrPromise] = {
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "BG": _("Bulgaria"),
    "HR": _("Croatia"),
    "CY": _("Cyprus"),
    "CZ": _("Czechia"),
    "DK": _("Denmark"),
    "EE": _("Estonia"),
    "FI": _("Finland"),
    "FR": _("France"),
    "DE": _("Germany"),
    "GR": _("Greece"),
    "HU": _("Hungary"),
    "IS": _("Iceland"),
    "IE": _("Ireland"),
    "IT": _("Italy"),
    "LV": _("Latvia"),
    "LI": _("Liechtenstein"),
    "LT": _("Lithuania"),
    "LU": _("Luxembourg"),
    "MT": _("Malta"),
    "NL": _("Netherlands"),
    "NO": _("Norway"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "RO": _("Romania"),
    "SK": _("Slovakia"),
    "SI": _("Slovenia"),
    "ES": _("Spain"),
    "SE": _("Sweden"),
    "CH": _("Switzerland"),
    "GB": _("United Kingdom"),
}

GERMAN_LANDS: dict[str, StrOrPromise] = {
    "DE-BW": _("Baden-Württemberg"),
    "DE-BY": _("Bavaria (Bayern)"),
    "DE-BE": _("Berlin"),
    "DE-BB": _("Brandenburg"),
    "DE-HB": _("Bremen"),
    "DE-HH": _("Hamburg"),
    "DE-HE": _("Hesse (Hessen)"),
    "DE-MV": _("Mecklenburg-Western Pomerania (Mecklenburg-Vorpommern)"),
    "DE-NI": _("Lower Saxony (Niedersachsen)"),
    "DE-NW": _("North Rhine-Westphalia (Nordrhein-Westfalen)"),
    "DE-RP": _("Rhineland-Palatinate (Rheinland-Pfalz)"),
    "DE-SL": _("Saarland"),
    "DE-SN": _("Saxony (Sachsen)"),
    "DE-ST": _("Saxony-Anhalt (Sachsen-Anhalt)"),
    "DE-SH": _("Schleswig-Holstein"),
    "DE-TH": _("Thuringia (Thüringen)"),
}

# The languages letters (and the interface) are written in, each named in itself so a reader finds
# their own. settings.LANGUAGES lists the same, for the interface.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
    "pl": "Polski",
}
