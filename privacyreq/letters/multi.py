"""Answers for several platforms at once: one set of answers, one set of letters per platform.

People use several platforms, and each one that trains on their data needs its own letters: its
own controller, facts, deadlines and routes. The answers format therefore lets ``platform`` be a
list of slugs. Everything the user says once (who they are, where they live, which documents)
holds for every platform; what can differ from one platform to the next (which of its services
they use, whether and when they switched its setting off, what it told them, an earlier request
to it, their account name there) is given per platform under ``per_platform``, so no letter ever
asserts to one platform what the user said about another.

Pure: it reads a dict and returns dicts; ``answers_validate`` then checks each one.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from privacyreq.letters.answer_types import KEYS, OTHER

MULTI_KEY = "per_platform"
# What may differ between platforms. Statements about what a platform did, or what the user did on
# it, are never shared: without a per-platform answer the letters simply do not make them.
PER_PLATFORM_KEYS = frozenset(
    {
        "account",
        "services",
        "opted_out_on",
        "opted_out_how",
        "notice_received",
        "opt_out_difficulty",
        "prior_request",
        "prior_request_sent_on",
        "complaint_to",
        "complaint_now",
    }
)
NOT_SHARED = PER_PLATFORM_KEYS - {"account", "services", "complaint_to"}


class MultiError(ValueError):
    """The multi-platform part of the answers is wrong: (key, message) pairs, as AnswersError."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems))
        self.problems = problems


def is_multi(raw: Any) -> bool:
    return isinstance(raw, dict) and (isinstance(raw.get("platform"), list) or MULTI_KEY in raw)


def answers_per_platform(
    raw: dict[str, Any], *, platform_services: Mapping[str, Sequence[str]]
) -> list[tuple[str, dict[str, Any]]]:
    """One set of single-platform answers per slug of ``raw["platform"]`` (a list), in its order.

    ``services`` may list the services of every chosen platform: each platform keeps its own
    (``platform_services``: each platform's service slugs). Keys of ``per_platform.<slug>``
    override the shared ones for that platform only. Raises ``MultiError`` naming the key."""
    problems: list[tuple[str, str]] = []
    slugs = raw.get("platform")
    if isinstance(slugs, str):
        slugs = [slugs]
    if not isinstance(slugs, list) or not slugs or not all(isinstance(s, str) for s in slugs):
        raise MultiError([("platform", "must be a platform's slug or a list of them.")])
    if OTHER in slugs:
        problems.append(
            ("platform", f"'{OTHER}' (an organisation you enter) cannot be one of several.")
        )
    for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.append(("platform", f"'{slug}' is given twice."))
    for key in raw:
        if key not in KEYS and key != MULTI_KEY:
            problems.append((key, "is not a known key."))
    per_platform = raw.get(MULTI_KEY, {})
    if not isinstance(per_platform, dict):
        problems.append((MULTI_KEY, "must be an object with one object per platform's slug."))
        per_platform = {}
    for slug, overrides in per_platform.items():
        where = f"{MULTI_KEY}.{slug}"
        if slug not in slugs:
            problems.append((where, "names a platform that is not in 'platform'."))
        elif not isinstance(overrides, dict):
            problems.append((where, "must be an object of answers for that platform."))
        else:
            for key in overrides:
                if key not in PER_PLATFORM_KEYS:
                    problems.append(
                        (f"{where}.{key}", "cannot differ between platforms: give it once.")
                    )
    if len(slugs) > 1:
        for key in sorted(NOT_SHARED & set(raw)):
            problems.append(
                (key, f"says something about one platform: give it under '{MULTI_KEY}.<slug>'.")
            )
    if problems:
        raise MultiError(problems)

    shared = {key: value for key, value in raw.items() if key in KEYS and key != "platform"}
    chosen_services = raw.get("services")
    result = []
    for slug in slugs:
        single: dict[str, Any] = {**shared, "platform": slug}
        if isinstance(chosen_services, list):
            own = set(platform_services.get(slug, ()))
            single["services"] = [s for s in chosen_services if s in own]
        single.update(per_platform.get(slug, {}))
        result.append((slug, single))
    if isinstance(chosen_services, list):
        known = {s for slug in slugs for s in platform_services.get(slug, ())}
        stray = [s for s in chosen_services if isinstance(s, str) and s not in known]
        if stray:
            raise MultiError(
                [("services", f"{stray[0]!r} is not a service of any platform chosen.")]
            )
    return result
