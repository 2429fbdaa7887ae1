import datetime as dt

import factory

from privacyreq.reference.models import (
    Platform,
    PlatformService,
    SupervisoryAuthority,
    TimelineEvent,
)


class SupervisoryAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisoryAuthority
        django_get_or_create = ("code",)

    code = "ie"
    name = "Data Protection Commission"
    short_name = "DPC"
    country = "IE"
    region = ""
    postal_address = "21 Fitzwilliam Square South\nDublin 2\nD02 RD28\nIreland"
    email = "info@dataprotection.ie"
    website = "https://www.dataprotection.ie"
    complaint_form_url = "https://forms.dataprotection.ie/contact"
    languages = "en,ga"
    sources = "https://www.dataprotection.ie/en/contact/how-contact-us"
    last_checked = dt.date(2026, 11, 23)


BERLIN_NAME = "Berliner Beauftragte für Datenschutz und Informationsfreiheit"
BERLIN_ADDRESS = ["Alt-Moabit 59-61", "10555 Berlin"]


def berlin_authority(**overrides) -> SupervisoryAuthority:
    """The Berlin Land authority, as the reference data has it: the home authority of the many
    tests whose user lives in Berlin."""
    values = {
        "code": "de-be",
        "name": BERLIN_NAME,
        "short_name": "BlnBDI",
        "country": "DE",
        "region": "DE-BE",
        "postal_address": "\n".join([*BERLIN_ADDRESS, "Germany"]),
        "email": "mailbox@datenschutz-berlin.de",
        "website": "https://www.datenschutz-berlin.de",
        "complaint_form_url": "https://www.datenschutz-berlin.de/beschwerde",
        "languages": "de,en",
        "sources": "https://www.datenschutz-berlin.de/impressum",
    }
    values.update(overrides)
    return SupervisoryAuthorityFactory(**values)


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = "x"
    service_name = "X"
    legal_entity = "X Internet Unlimited Company"
    former_names = "Twitter International Unlimited Company (until 1 April 2025)"
    postal_address = "One Cumberland Place\nFenian Street\nDublin 2\nD02 AX07\nIreland"
    country = "IE"
    privacy_form_url = "https://help.x.com/forms/privacy"
    lead_authority = factory.SubFactory(SupervisoryAuthorityFactory)
    ai_summary = "X switched on a setting that lets it train Grok on posts."
    ai_data_used = "Public posts and interactions with Grok"
    ai_model_name = "Grok"
    ai_recipient = "xAI"
    ai_switched_on = dt.date(2024, 5, 7)
    legal_basis_claimed = "Legitimate interests (Art. 6(1)(f) GDPR)"
    regulator_actions = "The DPC went to the High Court in August 2024."
    setting_name = "Grok"
    setting_path = (
        "Settings and privacy → Privacy and safety → Data sharing and personalization → Grok"
    )
    setting_url = "https://x.com/settings/grok_settings"
    steps_web = "Open Settings and privacy\nOpen Privacy and safety"
    steps_app = ""
    history_steps = "Choose Delete conversation history"
    history_notes = "Removed within 30 days."
    sources = "https://www.dataprotection.ie/"
    last_checked = dt.date(2026, 11, 23)
    position = 1

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        """``services=[(slug, name), …]`` replaces the platform's services; without it, X gets
        the shipped X's two (X, Grok) the first time and any other platform none."""
        if not create:
            return
        if extracted is None:
            if obj.service_list.exists() or obj.slug != "x":
                return
            extracted = [("x", "X"), ("grok", "Grok")]
        obj.service_list.all().delete()
        PlatformService.objects.bulk_create(
            PlatformService(platform=obj, slug=slug, name=name, position=position)
            for position, (slug, name) in enumerate(extracted)
        )


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    platform = factory.SubFactory(PlatformFactory)
    date = dt.date(2024, 7, 26)
    summary = "The setting was noticed."
    source_url = "https://example.org/news"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signed up and verified their email, as allauth leaves them."""

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(
                user=obj, email=obj.email, verified=extracted is not False, primary=True
            )


class PreferencesFactory(factory.django.DjangoModelFactory):
    """A user's settings; ``language`` is the language of the emails privacyreq sends them."""

    class Meta:
        model = "tracking.Preferences"
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    language = "en"


def x_answers(**overrides) -> dict:
    """Answers in the questionnaire's format for an X user in Ireland (see docs/answers-example)."""
    answers = {
        "platform": "x",
        "country": "IE",
        "full_name": "Aoife Murphy",
        "email": "aoife@example.org",
        "account": "@aoife",
        "postal_address": "1 Main Street\nDublin 8",
        "data": ["posts", "ai_chats"],
        "situation": [],
        "situation_text": "",
        "documents": ["objection", "erasure", "access"],
        "language": "en",
        "date": "2026-11-02",
    }
    answers.update(overrides)
    return answers


def earlier_request(sent_on: str = "2026-09-01", reply: str = "refused") -> dict:
    """An earlier objection by email, in the answers format's ``prior_request``: a complaint needs
    a request behind it (or letters sent with it, or to be about failings that need none)."""
    return {"sent_on": sent_on, "document": "objection", "channel": "email", "reply": reply}


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tracking.Case"

    owner = factory.SubFactory(UserFactory)
    platform = factory.SubFactory(PlatformFactory)
    controller_name = "X Internet Unlimited Company"
    controller_country = "IE"
    answers = factory.LazyFunction(x_answers)


class StoredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tracking.StoredDocument"

    case = factory.SubFactory(CaseFactory)
    kind = "objection"
    title = "Objection to AI training (Art. 21(1) GDPR)"
    subject = "Objection under Article 21(1) GDPR"
    text = "Dear Sir or Madam, I object."
    pdf = factory.django.FileField(filename="objection.pdf", data=b"%PDF-1.7 test")
    sha256 = "0" * 64


class RequestFactory(factory.django.DjangoModelFactory):
    """A tracked request; status and dates as given (use the services to move it)."""

    class Meta:
        model = "tracking.Request"

    case = factory.SubFactory(CaseFactory)
    document = factory.SubFactory(StoredDocumentFactory, case=factory.SelfAttribute("..case"))
    kind = factory.SelfAttribute("document.kind")
    status = "draft"


def requests_bulk_create(*, count: int, status: str, next_due_on: dt.date) -> list:
    """``count`` requests of one new user, inserted in bulk, for tests that need hundreds: the
    factories above insert a row at a time and write a file for every document."""
    from privacyreq.tracking.models import Request, StoredDocument

    case = CaseFactory()
    documents = StoredDocument.objects.bulk_create(
        StoredDocumentFactory.build(case=case, pdf=f"cases/bulk/{number}.pdf")
        for number in range(count)
    )
    return Request.objects.bulk_create(
        Request(
            case=case,
            document=document,
            kind=document.kind,
            status=status,
            due_on=next_due_on,
            next_due_on=next_due_on,
        )
        for document in documents
    )
