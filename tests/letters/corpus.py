"""Every document's text for a corpus of answers that exercises every clause of every letter.

    .venv/bin/python -m tests.letters.corpus OUT_DIR [--languages en,de] [--sample N]

writes one file per set of answers and language into OUT_DIR (each document's subject, recipient,
text, email text and, for a complaint, the form sections with their markup's white space folded).
Run it before and after a change to the letters and compare the folders with ``diff -r``: every
difference should be one the change meant to make. It uses its own throwaway SQLite database with
the shipped reference data, so it needs no server and touches no other database.
"""

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
import sys
import tempfile
from pathlib import Path

LETTER_DATE = dt.date(2026, 5, 4)
PLATFORMS = ("x", "meta", "linkedin", "google", "other")
HOMES = (("DE", "DE-BE"), ("IE", ""), ("GB", ""), ("CH", ""), ("FR", ""), ("NL", ""), ("PL", ""))
OPTED_OUT = (None, "2024-05-01", "2024-08-01", "2025-06-01")
PRIOR = (None, "2026-01-05", "2026-04-20")
OTHER_CONTROLLER = {
    "name": "Acme Widgets GmbH",
    "address": "Acme Widgets GmbH\nHauptstraße 5\n80331 München\nGermany",
    "email": "privacy@acme.example",
}
# Escalated complaints: the request's story as tracking tells it, with the outcome that made the
# complaint necessary, and the annexes bundled behind it.
HISTORIES = {
    "overdue": (
        [
            ("2026-02-02", "I sent the controller my objection by email.", ""),
            ("2026-03-03", "the period for the controller's reply ended.", "overdue"),
        ],
        ["My objection of 2 February 2026"],
    ),
    "refused": (
        [
            ("2026-02-02", "I sent the controller my request for erasure.", ""),
            ("2026-02-20", "the controller refused my request.", "refused"),
        ],
        ["My request", "The controller's reply"],
    ),
    "partly": ([("2026-02-20", "the controller answered in part.", "partly")], []),
}


def _values() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Every data kind, situation and document the answers format knows, from where it defines
    them (imported once Django is set up)."""
    from privacyreq.letters.choices import DataKind, Situation
    from privacyreq.letters.kinds import DocumentKind

    return tuple(DataKind.values), tuple(Situation.values), tuple(DocumentKind.values)


def _answers(
    *,
    platform: str,
    home: tuple[str, str],
    documents: tuple[str, ...],
    complaint_to: str = "lead",
    account: str = "@zoe_writes",
    postal: str = "Musterstraße 12\n10115 Berlin",
    data: tuple[str, ...] | None = None,
    situation: tuple[str, ...] | None = None,
    opted_out_on: str | None = "2024-08-01",
    prior: str | None = None,
    complaint_language: str = "",
    sensitive_categories: tuple[str, ...] = (),
    extra: dict | None = None,
) -> dict:
    every_data, every_situation, _ = _values()
    data = every_data if data is None else data
    situation = every_situation if situation is None else situation
    raw: dict = {
        "platform": platform,
        "country": home[0],
        "full_name": "Zoë Ångström",
        "email": "zoe@example.org",
        "documents": list(documents),
        "date": LETTER_DATE.isoformat(),
    }
    if home[1]:
        raw["region"] = home[1]
    if platform == "other":
        raw["controller"] = OTHER_CONTROLLER
    if account:
        raw["account"] = account
    if postal:
        raw["postal_address"] = postal
    elif "complaint" in documents:
        # A complaint needs the sender's postal address (answers_parse refuses one without).
        raw["postal_address"] = "Musterstraße 12\n10115 Berlin"
    if data:
        raw["data"] = list(data)
    if situation:
        raw["situation"] = list(situation)
        if "other" in situation:
            raw["situation_text"] = "Words of my own.\nAnd more."
        if sensitive_categories and "sensitive_data" in situation:
            raw["sensitive_categories"] = list(sensitive_categories)
    if opted_out_on:
        raw["opted_out_on"] = opted_out_on
    if "complaint" in documents:
        raw["complaint_to"] = "home" if platform == "other" else complaint_to
        if complaint_language:
            raw["complaint_language"] = complaint_language
    if prior:
        raw["prior_request_sent_on"] = prior
    raw.update(extra or {})
    return raw


def corpus(sample: int) -> dict[str, tuple[dict, str]]:
    """Named answers, each with the name of its escalation history ("" for none)."""
    DATA, SITUATIONS, DOCUMENTS = _values()
    cases: dict[str, tuple[dict, str]] = {}
    # Every platform with every home and route, everything answered.
    for platform, home, route in itertools.product(PLATFORMS, HOMES, ("lead", "home")):
        if platform == "other" and route == "lead":
            continue
        name = f"full-{platform}-{home[0]}-{route}"
        cases[name] = (
            _answers(platform=platform, home=home, documents=DOCUMENTS, complaint_to=route),
            "",
        )
        cases[name + "-bare"] = (
            _answers(
                platform=platform,
                home=home,
                documents=DOCUMENTS,
                complaint_to=route,
                account="",
                postal="",
                data=(),
                situation=(),
                opted_out_on=None,
            ),
            "",
        )
    # One dimension at a time around X for a Berlin resident (and the hand-entered controller).
    for platform in ("x", "other", "meta"):
        base = {
            "platform": platform,
            "home": HOMES[0],
            "documents": DOCUMENTS,
            "complaint_to": "home",
        }
        for size in range(1, len(DOCUMENTS) + 1):
            for docs in itertools.combinations(DOCUMENTS, size):
                cases[f"docs-{platform}-{'-'.join(docs)}"] = (
                    _answers(**{**base, "documents": docs}),
                    "",
                )
        for kind in DATA:
            cases[f"data-{platform}-{kind}"] = (_answers(**base, data=(kind,)), "")
            cases[f"data-{platform}-{kind}-no-situation"] = (
                _answers(**base, data=(kind,), situation=()),
                "",
            )
        for situation in SITUATIONS:
            for data in ((), ("posts",), ("ai_chats",), ("images",)):
                cases[f"situation-{platform}-{situation}-{'-'.join(data) or 'nodata'}"] = (
                    _answers(**base, situation=(situation,), data=data),
                    "",
                )
        for opted in OPTED_OUT:
            for prior in PRIOR:
                for account in ("", "@zoe"):
                    cases[f"dates-{platform}-{opted}-{prior}-{account or 'noaccount'}"] = (
                        _answers(**base, opted_out_on=opted, prior=prior, account=account),
                        "",
                    )
        for category in ("health", "political_opinions", "biometric"):
            cases[f"sensitive-{platform}-{category}"] = (
                _answers(**base, sensitive_categories=(category,)),
                "",
            )
        cases[f"sensitive-{platform}-several"] = (
            _answers(**base, sensitive_categories=("trade_union_membership", "health", "genetic")),
            "",
        )
        for notice in ("yes", "no", "unsure"):
            cases[f"notice-{platform}-{notice}"] = (
                _answers(**base, extra={"notice_received": notice}),
                "",
            )
        cases[f"difficulty-{platform}"] = (
            _answers(**base, extra={"opt_out_difficulty": "Only on the website.\nNo app."}),
            "",
        )
        for how in ("setting", "form", "email"):
            for opted in ("2024-05-01", "2025-06-01"):
                cases[f"how-{platform}-{how}-{opted}"] = (
                    _answers(**base, opted_out_on=opted, extra={"opted_out_how": how}),
                    "",
                )
        cases[f"profession-{platform}"] = (
            _answers(**base, extra={"profession": "a criminal defence lawyer"}),
            "",
        )
        for proceedings in ("none", "pending"):
            cases[f"proceedings-{platform}-{proceedings}"] = (
                _answers(**base, extra={"other_proceedings": proceedings}),
                "",
            )
        cases[f"representative-{platform}"] = (
            _answers(**base, extra={"representative": "Verbraucherzentrale Berlin e.V."}),
            "",
        )
        cases[f"complaint-language-{platform}"] = (
            _answers(**base, complaint_language="de"),
            "",
        )
    # The services a user names, for the platforms that have several.
    for platform, services in (
        ("meta", ()),
        ("meta", ("instagram",)),
        ("meta", ("facebook", "instagram", "whatsapp")),
        ("x", ("grok",)),
        ("x", ("x", "grok")),
    ):
        for account in ("", "@zoe"):
            name = f"services-{platform}-{'-'.join(services) or 'none'}-{account or 'noaccount'}"
            extra = {"services": list(services)} if services else {}
            cases[name] = (
                _answers(
                    platform=platform,
                    home=HOMES[0],
                    documents=DOCUMENTS,
                    account=account,
                    extra=extra,
                ),
                "",
            )
    # Escalations from tracking, for each outcome and route.
    for platform, (history, route) in itertools.product(
        ("x", "linkedin", "other"), itertools.product(HISTORIES, ("lead", "home"))
    ):
        cases[f"escalated-{platform}-{history}-{route}"] = (
            _answers(
                platform=platform,
                home=HOMES[0],
                documents=("complaint",),
                complaint_to=route,
                prior="2026-02-02",
            ),
            history,
        )
    # A seeded sample of everything else.
    rng = random.Random(20261203)  # noqa: S311 - a reproducible sample, not a secret
    for index in range(sample):
        docs = tuple(d for d in DOCUMENTS if rng.random() < 0.5) or ("objection",)
        situation = tuple(s for s in SITUATIONS if rng.random() < 0.3)
        cases[f"sample-{index:04d}"] = (
            _answers(
                platform=rng.choice(PLATFORMS),
                home=rng.choice(HOMES),
                documents=docs,
                complaint_to=rng.choice(("lead", "home")),
                account=rng.choice(("", "@zoe")),
                postal=rng.choice(("", "Rue de la Paix 1\n75002 Paris")),
                data=tuple(d for d in DATA if rng.random() < 0.5),
                situation=situation,
                opted_out_on=rng.choice(OPTED_OUT),
                prior=rng.choice(PRIOR),
                complaint_language=rng.choice(("", "", "fr")),
            ),
            "",
        )
    return cases


def _fold(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", ">\n<").strip()


def write(out: Path, *, languages: list[str], sample: int) -> int:
    from privacyreq.letters.services import (
        HistoryItem,
        answers_validate,
        complaint_form_render,
        letters_draft,
    )

    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, (raw, history_name) in corpus(sample).items():
        for language in languages:
            answers = answers_validate(raw={**raw, "language": language}, today=LETTER_DATE)
            history, annexes = HISTORIES.get(history_name, ([], []))
            draft = letters_draft(
                answers=answers,
                history=[
                    HistoryItem(date=dt.date.fromisoformat(day), text=text, outcome=outcome)
                    for day, text, outcome in history
                ],
                annexes=list(annexes),
            )
            parts = [
                json.dumps(raw, ensure_ascii=False, sort_keys=True),
                f"history: {history_name}",
            ]
            for document in draft.documents:
                recipient = document.recipient
                address = " / ".join(map(str, recipient.address_lines))
                parts += [
                    f"===== {document.kind}",
                    f"subject: {document.subject}",
                    f"recipient: {recipient.name} | {address} | "
                    f"{recipient.email} | {recipient.web_form_url}",
                    f"mailto to: {document.mailto.split('?')[0]}",
                    "----- text",
                    document.text,
                    "----- email",
                    document.email_body,
                ]
                if document.kind == "complaint":
                    parts += ["----- form", _fold(complaint_form_render(draft=draft))]
            (out / f"{name}.{language}.txt").write_text("\n".join(parts) + "\n")
            count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--languages", default="en,de")
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="privacyreq-corpus-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/corpus.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyreq.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "corpus-only")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    count = write(args.out, languages=args.languages.split(","), sample=args.sample)
    print(f"{count} files in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
