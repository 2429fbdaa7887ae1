"""What every benchmark section shares: the sample journeys, sessions made through the real wizard,
percentiles and the result rows.

Nothing here imports the tests: the benchmark describes its own visitors, so changing a test never
changes what is measured.
"""

import datetime as dt
import statistics
from dataclasses import dataclass

# A resident of Berlin who wants every document, so every question of the questionnaire is asked
# (the Land question, X's services and the complaint's four questions included).
JOURNEY: tuple[tuple[str, dict], ...] = (
    ("platform", {"platform": "x"}),
    ("country", {"country": "DE"}),
    ("region", {"region": "DE-BE"}),
    (
        "details",
        {
            "full_name": "Zofia Wiśniewska",
            "email": "zofia@example.org",
            "account": "@zofia_w",
            "postal_address": "Oranienstraße 12\n10999 Berlin",
        },
    ),
    ("services", {"services": ["x", "grok"]}),
    ("data", {"data": ["posts", "ai_chats", "images"]}),
    ("situation", {"situation": ["creative_work"]}),
    ("switched-off", {"opted_out": "yes", "opted_out_on": "2026-09-14"}),
    ("notice", {"notice_received": "no"}),
    ("documents", {"documents": ["objection", "erasure", "access", "restriction", "complaint"]}),
    ("sent-by", {"sent_by": "email"}),
    ("authority", {"complaint_to": "home"}),
    ("earlier-request", {"prior_request": "no"}),
    # Not told beforehand: the complaint could go now; this visitor keeps the draft for later.
    ("complaint-timing", {"complaint_now": "no"}),
    ("representative", {"representative": ""}),
    ("other-proceedings", {"other_proceedings": "none"}),
)
# Visitors differ by name (and so by letter), in the scripts the PDFs must carry.
NAMES = (
    "Zofia Wiśniewska",
    "Αλέξανδρος Παπαδόπουλος",
    "Ірина Коваленко",
    "Seán Ó Briain",
    "Jürgen Großmann",
    "Chloé Lefèvre",
    "Ægir Þórsson",
    "Dorota Żółkiewska",
)


def journey(index: int) -> tuple[tuple[str, dict], ...]:
    """The journey above for visitor ``index``, with that visitor's own name."""
    name = NAMES[index % len(NAMES)]
    if index >= len(NAMES):
        name += f" {chr(ord('A') + index // len(NAMES) - 1)}."
    return tuple(
        (slug, {**answers, "full_name": name} if slug == "details" else answers)
        for slug, answers in JOURNEY
    )


# The one question the journey above never meets: a company that is not in the reference data.
ORGANISATION_JOURNEY: tuple[tuple[str, dict], ...] = (("platform", {"platform": "other"}),)
ORGANISATION_STEP = "organisation"

# The letter section 1 renders: the objection to X, the document nearly everyone downloads.
LETTER_ANSWERS = {
    "platform": "x",
    "country": "IE",
    "full_name": "Aoife Ní Bhriain",
    "email": "aoife@example.org",
    "account": "@aoife",
    "postal_address": "1 Main Street\nDublin 8",
    "data": ["posts", "ai_chats"],
    "situation": [],
    "documents": ["objection", "erasure", "access", "restriction"],
    "language": "en",
    "date": "2026-11-02",
}
LETTER_DATE = dt.date(2026, 11, 2)

# A one-page document with the letters' own two fonts: WeasyPrint's floor for any PDF we make.
MINIMAL_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Minimal</title></head>
<body style="font-family: 'DejaVu Serif'"><p>A minimal one-page document.</p>
<p style="font-family: 'DejaVu Sans'">Same fonts as the letters.</p></body></html>"""


@dataclass
class Row:
    section: str
    measure: str
    ours: str
    baseline: str
    ratio: float | None
    goal: str = ""
    met: bool | None = None
    note: str = ""


def percentile(values: list[float], pct: int) -> float:
    """Nearest-rank percentile: with 40 samples, p95 is the 38th smallest, a real observation."""
    ordered = sorted(values)
    rank = max(1, -(-pct * len(ordered) // 100))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def walk(client, steps) -> None:
    """Answer ``steps`` through the real wizard, as a browser would (POST, then the redirect)."""
    for slug, answers in steps:
        response = client.post(f"/start/{slug}/", answers)
        if response.status_code != 302:
            raise RuntimeError(f"The wizard refused the bench's answer to {slug!r}.")


def new_session(steps, *, check: bool = False) -> str:
    """A session cookie value for a visitor who answered ``steps`` (and pressed "Write my letters"
    on the check page when ``check``): made through the views themselves, stored in the database
    the server under test reads.

    The check page's languages are left as the page offers them: letters in English (the
    interface language) and, for the Berlin journey, the complaint in German (its authority's)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    walk(client, steps)
    if check:
        response = client.post("/start/check/")
        if response.status_code != 302:
            raise RuntimeError("The check page refused the bench's answers.")
    # A visitor who has answered nothing has no session yet.
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else ""
