"""The answers a letter is written from, and their validation.

One format serves the web questionnaire (which keeps it in the session) and ``draft_letters`` (which
reads it from JSON): a flat dict with the keys documented in README.md. ``answers_parse`` turns such
a dict into a typed, immutable ``Answers`` or reports every problem with the key it concerns.
"""

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from privacyreq.letters.answer_reader import Reader, check_email, or_list
from privacyreq.letters.answer_types import (
    EARLIEST_DATE,
    KEYS,
    MAX_ACCOUNT,
    MAX_ADDRESS,
    MAX_DIFFICULTY,
    MAX_EMAIL,
    MAX_PROFESSION,
    MAX_REFERENCE,
    MAX_SHORT,
    MAX_TEXT,
    OTHER,
    Answers,
    AnswersError,
    Controller,
    PriorRequest,
)
from privacyreq.letters.choices import (
    COUNTRIES,
    LANGUAGES,
    DataKind,
    NoticeReceived,
    OptedOutHow,
    OtherProceedings,
    PriorReply,
    SendChannel,
    SensitiveCategory,
    Situation,
)
from privacyreq.letters.follow_up_answers import follow_up_read
from privacyreq.letters.instruments import regime_for
from privacyreq.letters.kinds import LETTER_KINDS, REQUEST_KINDS, DocumentKind
from privacyreq.letters.routing import (
    complaint_to_default,
    complaint_to_implied,
    complaint_to_problem,
    region_problem,
)


def answers_parse(
    raw: Any,
    *,
    platforms: set[str],
    today: dt.date,
    country_regions: dict[str, set[str]],
    platform_services: Mapping[str, Sequence[str]] | None = None,
    own_controllers: Mapping[str, Collection[str]] | None = None,
    without_letters: Collection[str] = (),
) -> Answers:
    """Validate a dict in the answers format; raise ``AnswersError`` listing every problem.

    ``platforms`` are the known slugs, ``country_regions`` the regions that have their own
    authority (e.g. {"DE": {"DE-BE", ...}}) and ``platform_services`` each platform's service
    slugs (a platform missing from it has none), ``own_controllers`` each platform's jurisdictions
    ("uk", "ch") with a controller of its own, whose users have no lead authority; all come from
    the reference data. ``without_letters`` are known platforms letters are not offered for yet.
    """
    if not isinstance(raw, dict):
        raise AnswersError([("answers", "must be a JSON object with the documented keys.")])
    reader = Reader(raw)
    for key in raw:
        if key not in KEYS:
            reader.fail(key, "is not a known key.")

    platform = reader.text("platform", required=True, max_length=40)
    if platform in without_letters:
        reader.fail(
            "platform",
            f"letters to {platform!r} are not offered yet: no source confirms the name and "
            f"address of the company responsible. Use {OTHER!r} with the organisation's details "
            "from its privacy policy.",
        )
    elif platform and platform != OTHER and platform not in platforms:
        reader.fail(
            "platform",
            f"unknown platform {platform!r}; use one of: "
            + ", ".join(sorted(platforms | {OTHER}))
            + ".",
        )

    controller = None
    raw_controller = raw.get("controller")
    if platform == OTHER:
        if not isinstance(raw_controller, dict):
            reader.fail("controller", "is required for platform 'other': name, address, email.")
        else:
            sub = Reader(raw_controller)
            name = sub.text("name", required=True)
            address = sub.text("address", required=True, max_length=MAX_ADDRESS)
            email = sub.text("email", max_length=MAX_EMAIL)
            if email:
                check_email(sub, "email", email)
            reader.problems.extend((f"controller.{key}", msg) for key, msg in sub.problems)
            controller = Controller(name=name, address=address, email=email)
    elif raw_controller is not None:
        reader.fail("controller", "is only used with platform 'other'.")

    country = reader.text("country", required=True, max_length=2).upper()
    if country and country not in COUNTRIES:
        reader.fail("country", f"{country!r} is not an EU/EEA country, Switzerland or the UK.")
    region = reader.text("region", max_length=6).upper()
    problem = region_problem(
        country=country, region=region, regions=country_regions.get(country, set())
    )
    if problem:
        reader.fail("region", problem)

    full_name = reader.text("full_name", required=True)
    email = reader.text("email", required=True, max_length=MAX_EMAIL)
    if email:
        check_email(reader, "email", email)
    account = reader.text("account", max_length=MAX_ACCOUNT)
    postal_address = reader.text("postal_address", max_length=MAX_ADDRESS)
    services: tuple[str, ...] = ()
    if platform == OTHER or platform in platforms:
        known = None if platform == OTHER else (platform_services or {}).get(platform, [])
        services = reader.services("services", platform=platform, known=known)

    data = reader.choices("data", DataKind, required=False)
    situation = reader.choices("situation", Situation, required=False)
    situation_text = reader.text("situation_text", max_length=MAX_TEXT)
    if Situation.OTHER in situation and not situation_text:
        reader.fail("situation_text", "describe your situation when you choose 'other'.")
    sensitive_categories = reader.choices("sensitive_categories", SensitiveCategory, required=False)
    profession = reader.text("profession", max_length=MAX_PROFESSION)
    if profession and Situation.PROFESSIONAL_SECRECY not in situation:
        reader.fail(
            "profession", "is only used when 'professional_secrecy' is among the situation."
        )
    if sensitive_categories and Situation.SENSITIVE_DATA not in situation:
        reader.fail(
            "sensitive_categories", "is only used when 'sensitive_data' is among the situation."
        )

    opted_out_how = reader.one_of("opted_out_how", OptedOutHow, "is not a way to opt out")
    if opted_out_how and not raw.get("opted_out_on"):
        reader.fail("opted_out_how", "is only used with 'opted_out_on'.")
    notice_received = reader.one_of("notice_received", NoticeReceived, "is not an answer")
    opt_out_difficulty = reader.text("opt_out_difficulty", max_length=MAX_DIFFICULTY)

    date_value = raw.get("date")
    letter_date = (
        reader.date("date", today=today, future_ok=True) if date_value else None
    ) or today
    opted_out_on = reader.date("opted_out_on", today=max(today, letter_date or today))
    documents = reader.choices("documents", DocumentKind, required=True)

    complaint_to = reader.text("complaint_to", max_length=10)
    has_lead = platform != OTHER and regime_for(country) not in (own_controllers or {}).get(
        platform, ()
    )
    if not complaint_to and DocumentKind.COMPLAINT in documents:
        # What the questionnaire preselects or takes without asking: a Swiss resident's complaint
        # goes to the lead authority unless "home" is chosen; one about a controller entered by
        # hand goes home. Everyone else chooses.
        complaint_to = complaint_to_default(
            country=country, has_lead=has_lead
        ) or complaint_to_implied(has_lead=has_lead)
    problem = complaint_to_problem(
        complaint_to=complaint_to,
        complaint=DocumentKind.COMPLAINT in documents,
        has_lead=has_lead,
    )
    if problem:
        reader.fail("complaint_to", problem)
    prior = _prior_request(reader, today=max(today, letter_date or today))
    # Told of, even when its value had a problem (reported on its own key).
    prior_told = prior is not None or "prior_request" in raw or "prior_request_sent_on" in raw
    letters = any(kind in REQUEST_KINDS for kind in documents)
    sent_by = reader.one_of("sent_by", SendChannel, "is not a way to send letters")
    if sent_by and not any(kind in LETTER_KINDS for kind in documents):
        reader.fail("sent_by", "is only used with a letter to the organisation in 'documents'.")
    complaint_now = _complaint_now(
        reader,
        complaint=DocumentKind.COMPLAINT in documents,
        prior=prior_told,
        failing=notice_received == NoticeReceived.NO or bool(opt_out_difficulty),
    )
    if DocumentKind.COMPLAINT in documents and not (letters or prior_told or complaint_now):
        # Authorities expect the organisation to have been asked first (DPC, ICO, CNIL, UODO…):
        # a complaint with no request behind it is refused or sent back (issue 15).
        reader.fail(
            "documents",
            "a complaint needs the organisation to have been asked first: add a letter to it "
            "(objection, erasure, access or restriction), give the earlier request "
            "(prior_request), or set complaint_now to complain about failings that need no "
            "request (with notice_received 'no' or opt_out_difficulty).",
        )
    reply_problems, access_missing, final_period_days = follow_up_read(
        reader, documents=documents, prior=prior_told
    )
    representative = reader.text("representative", max_length=MAX_SHORT)
    other_proceedings = reader.one_of("other_proceedings", OtherProceedings, "is not an answer")
    for key in ("representative", "other_proceedings"):
        if raw.get(key) and DocumentKind.COMPLAINT not in documents:
            reader.fail(key, "is only used when 'complaint' is among the documents.")
    if (
        DocumentKind.COMPLAINT in documents
        and not postal_address
        and "postal_address" not in {key for key, _ in reader.problems}
    ):
        # Several authorities leave a complaint without the sender's address unexamined (UODO,
        # SK, BG, …); every complaint carries it, so none is sent where it would be refused.
        reader.fail(
            "postal_address",
            "is required for a complaint: authorities need the complainant's postal address, "
            "and some leave a complaint without one unexamined.",
        )

    language = reader.text("language", max_length=5) or "en"
    if language not in LANGUAGES:
        reader.fail(
            "language", f"{language!r} is not available; use one of: " + ", ".join(LANGUAGES) + "."
        )
    complaint_language = reader.text("complaint_language", max_length=5)
    if complaint_language and complaint_language not in LANGUAGES:
        reader.fail(
            "complaint_language",
            f"{complaint_language!r} is not available; use one of: " + ", ".join(LANGUAGES) + ".",
        )
    elif complaint_language and DocumentKind.COMPLAINT not in documents:
        reader.fail("complaint_language", "is only used when 'complaint' is among the documents.")
    if complaint_language == language:
        complaint_language = ""

    if reader.problems:
        raise AnswersError(reader.problems)
    return Answers(
        platform=platform,
        controller=controller,
        country=country,
        region=region,
        full_name=full_name,
        email=email,
        account=account,
        postal_address=postal_address,
        services=services,
        data=data,
        situation=situation,
        situation_text=situation_text,
        sensitive_categories=sensitive_categories,
        profession=profession,
        opted_out_on=opted_out_on,
        opted_out_how=opted_out_how,
        notice_received=notice_received,
        opt_out_difficulty=opt_out_difficulty,
        documents=documents,
        complaint_to=complaint_to,
        prior_request=prior,
        sent_by=sent_by,
        complaint_now=complaint_now,
        representative=representative,
        other_proceedings=other_proceedings,
        reply_problems=reply_problems,
        access_missing=access_missing,
        final_period_days=final_period_days,
        language=language,
        complaint_language=complaint_language,
        date=letter_date,
    )


def answers_from_stored(raw: dict[str, Any]) -> Answers:
    """The ``Answers`` of a saved case, trusted as they were stored (``Answers.to_json``).

    They passed ``answers_parse`` when the case was saved; they are not checked again against
    today's date or today's reference data, so a platform or region an admin later removes, or a
    date that was "today" then, never makes a saved case unreadable.
    """

    def day(key: str) -> dt.date | None:
        value = raw.get(key)
        return dt.date.fromisoformat(value) if value else None

    controller = raw.get("controller")
    return Answers(
        platform=raw.get("platform", ""),
        controller=Controller(
            name=controller.get("name", ""),
            address=controller.get("address", ""),
            email=controller.get("email", ""),
        )
        if isinstance(controller, dict)
        else None,
        country=raw.get("country", ""),
        region=raw.get("region", ""),
        full_name=raw.get("full_name", ""),
        email=raw.get("email", ""),
        account=raw.get("account", ""),
        postal_address=raw.get("postal_address", ""),
        # Kept even if the reference data no longer lists a slug: the letters skip those.
        services=tuple(raw.get("services") or ()),
        data=tuple(raw.get("data") or ()),
        situation=tuple(raw.get("situation") or ()),
        situation_text=raw.get("situation_text", ""),
        sensitive_categories=tuple(raw.get("sensitive_categories") or ()),
        profession=raw.get("profession", ""),
        opted_out_on=day("opted_out_on"),
        opted_out_how=raw.get("opted_out_how", ""),
        notice_received=raw.get("notice_received", ""),
        opt_out_difficulty=raw.get("opt_out_difficulty", ""),
        documents=tuple(raw.get("documents") or ()),
        complaint_to=raw.get("complaint_to", ""),
        prior_request=_stored_prior_request(raw),
        sent_by=raw.get("sent_by", ""),
        complaint_now=raw.get("complaint_now") is True,
        representative=raw.get("representative", ""),
        other_proceedings=raw.get("other_proceedings", ""),
        reply_problems=tuple(raw.get("reply_problems") or ()),
        access_missing=tuple(raw.get("access_missing") or ()),
        final_period_days=raw.get("final_period_days") or 0,
        language=raw.get("language") or "en",
        # Stored answers say the complaint's language even when it is the letters' (to_json).
        complaint_language=""
        if raw.get("complaint_language") == raw.get("language", "en")
        else raw.get("complaint_language", ""),
        date=day("date") or EARLIEST_DATE,
    )


def _prior_request(reader: Reader, *, today: dt.date) -> PriorRequest | None:
    """``prior_request`` (an object), or an old file's ``prior_request_sent_on`` (a date alone)."""
    raw = reader.raw.get("prior_request")
    if raw is None:
        sent_on = reader.date("prior_request_sent_on", today=today)
        return PriorRequest(sent_on=sent_on) if sent_on else None
    if "prior_request_sent_on" in reader.raw:
        reader.fail("prior_request_sent_on", "give the date as prior_request.sent_on instead.")
    if not isinstance(raw, dict):
        reader.fail(
            "prior_request",
            "must be an object: document, sent_on, channel, reference, reply, received_on.",
        )
        return None
    sub = Reader(raw)
    for key in raw:
        if key not in ("document", "sent_on", "channel", "reference", "reply", "received_on"):
            sub.fail(key, "is not a known key.")
    sent_on = sub.date("sent_on", today=today, required=True)
    document = sub.text("document", max_length=40)
    if document and document not in REQUEST_KINDS:
        sub.fail("document", f"choose {or_list(REQUEST_KINDS)}.")
        document = ""
    channel = sub.text("channel", max_length=40)
    if channel and channel not in SendChannel.values:
        sub.fail("channel", f"choose {or_list(SendChannel.values)}.")
        channel = ""
    reference = sub.text("reference", max_length=MAX_REFERENCE)
    reply = sub.text("reply", max_length=40)
    if reply and reply not in PriorReply.values:
        sub.fail("reply", f"choose {or_list(PriorReply.values)}.")
        reply = ""
    received_on = sub.date("received_on", today=today)
    if received_on and channel != SendChannel.POST:
        sub.fail("received_on", "is only used when the channel is 'post'.")
        received_on = None
    elif received_on and sent_on and received_on < sent_on:
        sub.fail("received_on", "cannot be before sent_on.")
        received_on = None
    reader.problems.extend((f"prior_request.{key}", message) for key, message in sub.problems)
    if sent_on is None:
        return None
    return PriorRequest(
        sent_on=sent_on,
        document=document,
        channel=channel,
        reference=reference,
        reply=reply,
        received_on=received_on,
    )


def _complaint_now(reader: Reader, *, complaint: bool, prior: bool, failing: bool) -> bool:
    """Whether the complaint is lodged now, about the failings that need no request alone."""
    value = reader.raw.get("complaint_now")
    if value is None or value is False:
        return False
    if value is not True:
        reader.fail("complaint_now", "must be true or false.")
        return False
    if not complaint:
        reader.fail("complaint_now", "is only used when 'complaint' is among the documents.")
    elif prior:
        reader.fail("complaint_now", "is only used without an earlier request (prior_request).")
    elif not failing:
        reader.fail(
            "complaint_now",
            "is only used when notice_received is 'no' or opt_out_difficulty is given: those "
            "failings are what a complaint now is about.",
        )
    return True


def _stored_prior_request(raw: dict[str, Any]) -> PriorRequest | None:
    """A stored case's earlier request: the object, or an old case's date alone."""
    value = raw.get("prior_request")
    if isinstance(value, dict) and value.get("sent_on"):
        return PriorRequest(
            sent_on=dt.date.fromisoformat(value["sent_on"]),
            document=value.get("document", ""),
            channel=value.get("channel", ""),
            reference=value.get("reference", ""),
            reply=value.get("reply", ""),
            received_on=dt.date.fromisoformat(value["received_on"])
            if value.get("received_on")
            else None,
        )
    sent_on = raw.get("prior_request_sent_on")
    return PriorRequest(sent_on=dt.date.fromisoformat(sent_on)) if sent_on else None
