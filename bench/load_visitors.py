"""The visitors of `make load` (bench/locustfile.py): each journey a new person who answers every
question, checks the answers and takes every letter, from their own address."""

import html
import os
import random
import re
import subprocess
import time
import unicodedata
import uuid
from datetime import date, timedelta
from io import BytesIO
from urllib.parse import urlencode, urlsplit

from load_report import PDFTOTEXT, counts
from locust import FastHttpUser, between, events, task

# The platforms load_reference_data ships (privacyreq/reference/data/platforms.json).
PLATFORMS = ("x", "meta", "linkedin", "google")
# The platforms with two or more services, which the questionnaire asks about (as shipped in
# privacyreq/reference/data/platforms.json); the others have one, implied.
SERVICES = {"x": ("x", "grok"), "meta": ("facebook", "instagram", "threads", "whatsapp", "meta_ai")}
# Every platform above has its lead authority in Ireland (the DPC), so Irish residents are never
# asked which authority their complaint goes to.
LEAD_COUNTRY = "IE"
# Platforms with a company of their own for users in a country (privacyreq/reference/data
# "entities"): those users have no lead authority, so the question is skipped for them too.
OWN_CONTROLLERS = {("linkedin", "GB"), ("meta", "GB"), ("google", "GB")}
# Where visitors live: EU/EEA, CH and GB, weighted towards the big countries. Germany brings the
# extra Land question.
COUNTRIES = ("IE", "DE", "DE", "FR", "FR", "IT", "ES", "NL", "PL", "SE", "AT", "BE", "PT", "GR")
COUNTRIES += ("CZ", "DK", "FI", "RO", "HU", "NO", "CH", "GB", "LU", "SI")
GERMAN_LANDS = ("DE-BE", "DE-BY", "DE-HH", "DE-NW", "DE-BW", "DE-SN")
# Names in Latin with diacritics, Greek and Cyrillic: the PDFs must carry every script through.
# No apostrophes or ampersands, so the HTML-escaped form is easy to predict.
NAMES = (
    ("Zoë", "Ångström"),
    ("Seán", "Ó Briain"),
    ("Jürgen", "Müller"),
    ("María José", "García Núñez"),
    ("Łucja", "Wiśniewska"),
    ("Ioana", "Popescu"),
    ("Ελένη", "Παπαδοπούλου"),
    ("Дмитрий", "Иванов"),
    ("François", "Lefèvre"),
    ("Søren", "Kierkegård"),
)
DATA = ("posts", "ai_chats", "images", "profile")
SITUATIONS = ("sensitive_data", "creative_work", "professional_secrecy", "third_party_data")
MORE_DOCUMENTS = ("erasure", "access", "restriction")

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ASSET_RE = re.compile(r'<(?:link rel="stylesheet" href|script src)="(/static/[^"]+)"')
LOOPBACK = {"127.0.0.1"}
# Which answers a simulated visitor picks; nothing secret depends on it.
RNG = random.Random()  # noqa: S311


@events.init.add_listener
def loopback_only(environment, **_):
    """Never point simulated visitors at anything but a test server on this machine."""
    host = urlsplit(environment.host or "")
    if host.scheme != "http" or host.hostname not in LOOPBACK:
        raise SystemExit(f"Refusing to load {environment.host!r}: only http://127.0.0.1:PORT.")


def think_time():
    """Seconds a person takes to read a page and answer (LOAD_THINK="min,max", default 0.5,2)."""
    low, high = (float(x) for x in os.environ.get("LOAD_THINK", "0.5,2").split(","))
    return between(low, high)


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_text(content: bytes) -> str:
    if PDFTOTEXT:
        # A fixed argument list: the only input is the PDF on stdin.
        result = subprocess.run(  # noqa: S603
            [PDFTOTEXT, "-enc", "UTF-8", "-", "-"],
            input=content,
            capture_output=True,
            timeout=30,
            check=True,
        )
        return result.stdout.decode()
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


class Journey:
    """One visitor's answers, and the questions they lead through, in the wizard's order."""

    def __init__(self):
        given, family = RNG.choice(NAMES)
        self.token = uuid.uuid4().hex[:12]
        # Unique per visitor-iteration: finding it in a response proves it is this visitor's.
        self.name = f"{given} {family} {self.token}"
        self.email = f"load-{self.token}@example.org"
        self.country = RNG.choice(COUNTRIES)
        self.documents = ["objection", *RNG.sample(MORE_DOCUMENTS, RNG.randint(0, 1))]
        complaint = RNG.random() < 0.25
        if complaint:
            self.documents.append("complaint")
        opted_out_on = date.today() - timedelta(days=RNG.randint(1, 400))
        platform = RNG.choice(PLATFORMS)
        steps = [
            ("platform", {"platform": platform}),
            ("country", {"country": self.country}),
        ]
        if self.country == "DE":
            steps.append(("region", {"region": RNG.choice(GERMAN_LANDS)}))
        situation = RNG.sample(SITUATIONS, RNG.randint(0, 2))
        steps += [
            (
                "details",
                # The postal address a complaint needs: given here, no separate step is asked.
                {
                    "full_name": self.name,
                    "email": self.email,
                    "account": "@load",
                    "postal_address": "Oranienstraße 12\n10999 Berlin",
                },
            ),
        ]
        if platform in SERVICES:
            used = RNG.sample(SERVICES[platform], RNG.randint(0, len(SERVICES[platform])))
            steps.append(("services", {"services": used}))
        steps += [
            ("data", {"data": RNG.sample(DATA, RNG.randint(1, 3))}),
            ("situation", {"situation": situation}),
        ]
        if "sensitive_data" in situation:
            steps.append(("sensitive", {"sensitive_categories": ["health"]}))
        if "professional_secrecy" in situation:
            steps.append(("profession", {"profession": "a lawyer"}))
        notice = RNG.choice(("yes", "no", "unsure"))
        steps += [
            ("switched-off", {"opted_out": "yes", "opted_out_on": opted_out_on.isoformat()}),
            ("notice", {"notice_received": notice}),
            ("documents", {"documents": self.documents}),
            # Every visitor writes an objection: how it goes decides when its month starts.
            ("sent-by", {"sent_by": RNG.choice(("email", "web_form", "post"))}),
        ]
        if complaint:
            if self.country != LEAD_COUNTRY and (platform, self.country) not in OWN_CONTROLLERS:
                # An Irish resident's complaint can only go to the DPC, a UK LinkedIn member's to
                # the ICO: the question is skipped.
                steps.append(("authority", {"complaint_to": RNG.choice(("lead", "home"))}))
            steps.append(("earlier-request", {"prior_request": "no"}))
            if notice == "no":
                # Not told beforehand: a complaint now about that alone, or a draft for later.
                steps.append(("complaint-timing", {"complaint_now": RNG.choice(("yes", "no"))}))
            steps += [
                ("representative", {"representative": ""}),
                ("other-proceedings", {"other_proceedings": RNG.choice(("none", "pending"))}),
            ]
        self.steps = steps


def form_post(client, url: str, name: str, fields: dict):
    """A form posted as a browser posts it, not following the redirect; the caller checks the
    response (``with form_post(...) as response``)."""
    return client.post(
        url,
        name=name,
        data=urlencode(fields, doseq=True),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        catch_response=True,
        allow_redirects=False,
    )


def client_address() -> str:
    """A private address for one simulated person, as the proxy would forward it."""
    return f"10.{RNG.randint(0, 255)}.{RNG.randint(0, 255)}.{RNG.randint(1, 254)}"


class Browser(FastHttpUser):
    """What every simulated person does with pages and forms; the subclasses are the people."""

    abstract = True

    def comes_from(self, address: str) -> None:
        # The client's default headers go with every request from now on (the proxy's view).
        self.client.client.default_headers["X-Forwarded-For"] = address

    def answer_questions(self, journey: "Journey") -> bool:
        """A new person with an empty browser: the home page, then every question."""
        self.client.cookiejar.clear()
        if not self.landing():
            return False
        for position, (slug, answers) in enumerate(journey.steps):
            following = journey.steps[position + 1][0] if position + 1 < len(journey.steps) else ""
            expected = f"/start/{following}/" if following else "/start/check/"
            token = self.form(f"/start/{slug}/", f"step: {slug}")
            if token is None:
                return False
            self.wait()
            if not self.post(f"/start/{slug}/", f"step: {slug}", token, answers, expected):
                return False
        return True

    def landing(self) -> bool:
        with self.client.get("/", name="home", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return False
            assets = ASSET_RE.findall(response.text)
        for asset in assets:
            with self.client.get(asset, name="static", catch_response=True) as response:
                if response.status_code == 200 and not response.content:
                    response.failure("empty static file")
        with self.client.get(
            "/start/", name="start", catch_response=True, allow_redirects=False
        ) as response:
            if (
                response.status_code != 302
                or response.headers.get("Location") != "/start/platform/"
            ):
                response.failure(f"HTTP {response.status_code}, not a redirect to the first step")
                return False
        return True

    def form(self, url: str, name: str) -> str | None:
        """GET a page with a form; its CSRF token, or None (a failure) when there is none."""
        with self.client.get(
            url, name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            match = CSRF_RE.search(response.text)
            if match is None:
                response.failure("no CSRF token in the form")
                return None
            return match.group(1)

    def post(self, url: str, name: str, token: str, answers: dict, expected: str) -> bool:
        with form_post(
            self.client, url, name, {"csrfmiddlewaretoken": token, **answers}
        ) as response:
            location = response.headers.get("Location")
            if response.status_code == 200:
                # The form came back with errors: this script or the form changed.
                response.failure("answer refused by the form")
                return False
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
                return False
            if location != expected:
                counts["lost data"] += 1
                response.failure(f"lost data: redirected to {location}, expected {expected}")
                return False
        return True

    def page(self, url: str, name: str, journey: Journey, needles: tuple = ()) -> str | None:
        """GET a page that must show this visitor's name and each of ``needles``."""
        with self.client.get(
            url, name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code == 302:
                # The wizard sends a visitor whose answers are gone back to the start.
                counts["lost data"] += 1
                response.failure(f"lost data: redirected to {response.headers.get('Location')}")
                return None
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            page = response.text
            if html.escape(journey.name) not in page:
                counts["lost data"] += 1
                response.failure("lost data: the visitor's name is missing")
                return None
            for needle in needles:
                if needle not in page:
                    counts["lost data"] += 1
                    response.failure(f"lost data: {needle} is missing")
                    return None
            return page

    def finish(self, journey: Journey) -> bool:
        check = self.page("/start/check/", "check", journey, ('name="csrfmiddlewaretoken"',))
        if check is None:
            return False
        self.wait()
        token = CSRF_RE.search(check).group(1)
        if not self.post("/start/check/", "check", token, {}, "/start/result/"):
            return False
        links = tuple(f'href="/start/result/{kind}.pdf"' for kind in journey.documents)
        if self.page("/start/result/", "result", journey, links) is None:
            return False
        self.wait()
        for kind in journey.documents:
            if not self.pdf(kind, journey):
                return False
        return self.text(journey.documents[0], journey)

    def pdf(self, kind: str, journey: Journey) -> bool:
        url = f"/start/result/{kind}.pdf"
        with self.client.get(url, name=f"pdf: {kind}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return False
            content = response.content or b""
            if (
                not content.startswith(b"%PDF-")
                or response.headers.get("Content-Type") != "application/pdf"
            ):
                response.failure("not a PDF")
                return False
            started = time.perf_counter()
            try:
                text = pdf_text(content)
            except Exception as error:  # any unreadable PDF is a failure, whatever the reason
                response.failure(f"unreadable PDF: {error!r}")
                return False
            counts["PDF check seconds"] += time.perf_counter() - started
            if normalised(journey.name) not in normalised(text):
                counts["lost data"] += 1
                response.failure("lost data: the visitor's name is missing from the PDF")
                return False
            counts["PDFs verified"] += 1
        return True

    def text(self, kind: str, journey: Journey) -> bool:
        url = f"/start/result/{kind}.txt"
        with self.client.get(url, name="text", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return False
            if normalised(journey.name) not in normalised(response.text):
                counts["lost data"] += 1
                response.failure("lost data: the visitor's name is missing from the text")
                return False
        return True


class Visitor(Browser):
    """A person who answers the questions and takes their letters, from their own address."""

    wait_time = think_time()

    @task
    def whole_wizard(self):
        journey = Journey()
        self.comes_from(client_address())
        counts["journeys started"] += 1
        if self.answer_questions(journey) and self.finish(journey):
            counts["journeys completed"] += 1
