"""Simulated visitors for `make load` (bench/load.sh starts the server and runs this headless).

Two scenarios (bench/load.sh runs both, one after the other): ``visitors`` (the Visitor class
alone) and ``mixed``, where visitors share the server with anonymous clients flooding it with
fresh PDF renders (PdfFlooder) and logged-in users downloading complaint bundles over and over
(BundleDownloader). In the mixed one, what protects the server is what is measured: a flooder's
429 and a bundle's 503 "busy" are the expected answers, counted apart, and the visitors must still
get every page, every letter and their own data back.

Every client comes from its own address, as it would through the production proxy: load.sh trusts
127.0.0.1 as the proxy and each visitor's journey sends a fresh X-Forwarded-For, so per-client
limits see many people, not one.

Each iteration of a visitor is a new person with an empty browser: the home page and its static
files, every question of the wizard (GET the form, POST the answer with its CSRF token), the check
page, the result page, every letter as PDF and one as email text. Requests are named by step, so
Locust's statistics are per step.

"Lost data" means what the visitor typed did not come back to that same visitor: a step redirects
somewhere other than the next question (the session lost answers), or the check page, the result
page, a PDF or the text does not contain the visitor's own unique name. Each case is a failed
request, so it counts as an error too.

Django is deliberately not imported: Locust runs on gevent, and the load generator shares the
machine's cores with gunicorn, so it stays small (FastHttpUser, a C HTTP client, for the same
reason).
"""

import html
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import time
import unicodedata
import uuid
from collections import Counter
from datetime import date, timedelta
from io import BytesIO
from urllib.parse import urlencode, urlsplit

from load_cpu import cpu_snapshot
from locust import FastHttpUser, between, constant, events, task
from locust.stats import StatsEntry
from PIL import Image

# The platforms load_reference_data ships (privacyreq/reference/data/platforms.json).
PLATFORMS = ("x", "meta", "linkedin", "google")
# The platforms with two or more services, which the questionnaire asks about (as shipped in
# privacyreq/reference/data/platforms.json); the others have one, implied.
SERVICES = {"x": ("x", "grok"), "meta": ("facebook", "instagram", "threads", "whatsapp", "meta_ai")}
# Every platform above has its lead authority in Ireland (the DPC), so Irish residents are never
# asked which authority their complaint goes to.
LEAD_COUNTRY = "IE"
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
# pdftotext (poppler-utils, installed by the Makefile) reads a letter in ~15 ms of CPU in its own
# process, so the gevent loop keeps running; pypdf takes ~140 ms of this process's only core per
# letter and would stall every other visitor's timing meanwhile. pypdf remains the fallback.
PDFTOTEXT = shutil.which("pdftotext")

counts: Counter = Counter()
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
            if self.country != LEAD_COUNTRY:
                # An Irish resident's complaint can only go to the DPC: the question is skipped.
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
        body = urlencode({"csrfmiddlewaretoken": token, **answers}, doseq=True)
        with self.client.post(
            url,
            name=name,
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            catch_response=True,
            allow_redirects=False,
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


# The flooders' addresses (TEST-NET-1): a few clients, as in the report that asked for the limit.
FLOODERS = int(os.environ.get("LOAD_FLOODERS", "6"))


class PdfFlooder(Browser):
    """An anonymous client forcing a fresh render on every download: it changes the name on its
    letters between downloads, as fast as the server answers. The render limit must answer 429
    with Retry-After, and the letters must still be there afterwards."""

    fixed_count = FLOODERS
    wait_time = constant(0)

    def on_start(self):
        self.comes_from(f"192.0.2.{RNG.randint(1, 254)}")
        self.journey = Journey()
        self.ready = self.answer_questions(self.journey) and self.finish(self.journey)
        self.token = ""

    @task
    def render_again(self):
        if not self.ready:
            # The wizard failed (already counted as a failure): start over as a new client.
            self.on_start()
            return
        self.journey.name = f"{self.journey.name.rsplit(' ', 1)[0]} {uuid.uuid4().hex[:12]}"
        details = dict(next(answers for slug, answers in self.journey.steps if slug == "details"))
        details["full_name"] = self.journey.name
        token = self.form("/start/details/", "flood: details")
        if token is None or not self.edit(token, details):
            self.ready = False
            return
        with self.client.get(
            "/start/result/objection.pdf", name="flood: PDF", catch_response=True
        ) as response:
            if response.status_code == 429:
                if not response.headers.get("Retry-After"):
                    response.failure("429 without Retry-After")
                    return
                # The refusal is the protection working, not an error.
                response.success()
                counts["flood renders refused (429)"] += 1
                self.letters_still_there()
            elif response.status_code == 200 and (response.content or b"").startswith(b"%PDF-"):
                counts["flood renders served"] += 1
            else:
                response.failure(f"HTTP {response.status_code}")

    def edit(self, token: str, details: dict) -> bool:
        """Change the name, confirm the answers again: the result now needs a new render."""
        body = urlencode({"csrfmiddlewaretoken": token, **details}, doseq=True)
        with self.client.post(
            "/start/details/",
            name="flood: details",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
                return False
        check = self.page("/start/check/", "flood: check", self.journey)
        if check is None:
            return False
        token = CSRF_RE.search(check).group(1)
        return self.post("/start/check/", "flood: check", token, {}, "/start/result/")

    def letters_still_there(self) -> None:
        # A refused render must keep the answers: the result page still shows this client's name.
        if self.page("/start/result/", "flood: result after 429", self.journey) is not None:
            counts["flood results kept after 429"] += 1


def _seeded_accounts() -> list[dict]:
    """The accounts bench/load_seed.py created for this run (one JSON object a line)."""
    path = os.environ.get("LOAD_SEED_FILE", "")
    if not path:
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


SEEDED = _seeded_accounts()
ACCOUNTS = itertools.cycle(SEEDED)


def screenshot() -> bytes:
    """A small PNG, different every time, so each one is a new annex."""
    out = BytesIO()
    colour = (RNG.randint(0, 255), RNG.randint(0, 255), RNG.randint(0, 255))
    Image.new("RGB", (400, 300), colour).save(out, "PNG")
    return out.getvalue()


class BundleDownloader(FastHttpUser):
    """A logged-in user who downloads their complaint bundle again and again, and now and then
    attaches another file (which makes the next bundle a new build). A 503 "busy" with
    Retry-After, when every build slot is taken, is the limit working."""

    fixed_count = len(SEEDED)
    wait_time = between(0.2, 1)

    def on_start(self):
        self.account = next(ACCOUNTS, {})
        self.uploads = 0
        self.logged_in = bool(self.account) and self.log_in()

    def log_in(self) -> bool:
        self.client.client.default_headers["X-Forwarded-For"] = client_address()
        with self.client.get("/accounts/login/", name="bundle: login", catch_response=True) as r:
            match = CSRF_RE.search(r.text or "")
            if r.status_code != 200 or match is None:
                r.failure(f"HTTP {r.status_code}, no login form")
                return False
        body = urlencode(
            {
                "csrfmiddlewaretoken": match.group(1),
                "login": self.account["email"],
                "password": self.account["password"],
            }
        )
        with self.client.post(
            "/accounts/login/",
            name="bundle: login",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused: HTTP {response.status_code}")
                return False
        return True

    @task
    def download(self):
        if not self.logged_in:
            self.logged_in = self.log_in()
            return
        if self.uploads < 8 and RNG.random() < 0.2:
            self.attach()
        url = f"/tracking/requests/{self.account['request']}/complaint-bundle.pdf"
        with self.client.get(url, name="bundle: PDF", catch_response=True) as response:
            if response.status_code == 503:
                if not response.headers.get("Retry-After"):
                    response.failure("503 without Retry-After")
                    return
                response.success()
                counts["bundles refused while busy (503)"] += 1
                return
            content = response.content or b""
            if response.status_code != 200 or not content.startswith(b"%PDF-"):
                response.failure(f"HTTP {response.status_code}, not a PDF")
                return
            counts["bundles served"] += 1

    def attach(self) -> None:
        page_url = f"/tracking/requests/{self.account['request']}/"
        with self.client.get(page_url, name="bundle: request page", catch_response=True) as r:
            match = CSRF_RE.search(r.text or "")
            if r.status_code != 200 or match is None:
                r.failure(f"HTTP {r.status_code}, no form")
                return
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{match.group(1)}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n'
            f"Screenshot {self.uploads + 1}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="shot.png"'
            f"\r\nContent-Type: image/png\r\n\r\n".encode()
            + screenshot()
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        with self.client.post(
            f"/tracking/requests/{self.account['request']}/attach/",
            name="bundle: attach",
            data=b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"attachment refused: HTTP {response.status_code}")
                return
        self.uploads += 1
        counts["files attached"] += 1


cpu_at_start: dict = {}


@events.test_start.add_listener
def measure_cpu(**_):
    cpu_at_start.update(cpu_snapshot() or {})


def cpu_report() -> str:
    end = cpu_snapshot()
    if not end or not cpu_at_start:
        return ""
    seconds = end["clock"] - cpu_at_start["clock"]
    used = {key: (end[key] - cpu_at_start[key]) / seconds for key in end}
    other = max(
        used["busy"] - used["steal"] - used["server"] - used["database"] - used["locust"], 0
    )
    line = (
        f"CPU, in cores of {os.cpu_count()}: gunicorn {used['server']:.2f}, "
        f"PostgreSQL {used['database']:.2f}, Locust {used['locust']:.2f}, "
        f"other processes {other:.2f}, stolen by the host {used['steal']:.2f}"
    )
    if other > 0.2 or used["steal"] > 0.2:
        line += "\n  this machine was not quiet: the latencies are inflated"
    return line


STEP_ORDER = ("platform", "country", "region", "details", "services", "data", "situation")
STEP_ORDER += ("sensitive",)
STEP_ORDER += ("profession",)
STEP_ORDER += ("switched-off", "notice")
STEP_ORDER += ("documents", "sent-by", "authority", "earlier-request", "complaint-timing")
STEP_ORDER += ("representative",)
STEP_ORDER += ("other-proceedings",)
PAGE_ORDER = ("home", "static", "start", *(f"step: {slug}" for slug in STEP_ORDER), "check")
PAGE_ORDER += ("result", "pdf: objection", "pdf: erasure", "pdf: access", "pdf: restriction")
PAGE_ORDER += ("pdf: complaint", "text")


def _journey_order(entry: StatsEntry) -> tuple:
    """Rows in the order a visitor meets them, each page's GET before its POST."""
    position = PAGE_ORDER.index(entry.name) if entry.name in PAGE_ORDER else len(PAGE_ORDER)
    return (position, entry.method != "GET", entry.name)


def _row(label: str, entry: StatsEntry) -> str:
    p50 = entry.get_response_time_percentile(0.5) if entry.num_requests else 0
    p95 = entry.get_response_time_percentile(0.95) if entry.num_requests else 0
    return (
        f"{label:<28} {entry.num_requests:>6} {entry.num_failures:>5} "
        f"{p50:>7.0f} {p95:>7.0f} {entry.max_response_time or 0:>7.0f}"
    )


@events.quitting.add_listener
def summary(environment, **_):
    """A compact report on stdout (Locust's own full tables go to stderr), and the exit code."""
    stats = environment.stats
    total = stats.total
    seconds = max((total.last_request_timestamp or 0) - total.start_time, 1e-9)
    pdfs = StatsEntry(stats, "PDF (all letters)", "", use_response_times_cache=False)
    for entry in stats.entries.values():
        if entry.name.startswith("pdf: "):
            pdfs.extend(entry)
    print()
    print(
        f"{environment.parsed_options.num_users} users, {seconds:.0f} s: "
        f"{total.num_requests} requests, {total.num_requests / seconds:.1f} req/s, "
        f"{counts['journeys completed']} visitors completed the wizard and got their letters "
        f"({counts['journeys started']} started; the run's end cuts the rest short)"
    )
    print(f"{'request':<28} {'count':>6} {'fails':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for entry in sorted(stats.entries.values(), key=_journey_order):
        print(_row(f"{entry.method} {entry.name}", entry))
    print(_row(pdfs.name, pdfs))
    print(_row("all requests", total))
    verified = counts["PDFs verified"]
    cost = counts["PDF check seconds"] / verified * 1000 if verified else 0
    print(
        f"failures: {total.num_failures}, lost data: {counts['lost data']}, "
        f"PDFs verified: {verified} (text read back with {'pdftotext' if PDFTOTEXT else 'pypdf'}"
        f" in {cost:.0f} ms each)"
    )
    protections = (
        "flood renders served",
        "flood renders refused (429)",
        "flood results kept after 429",
        "bundles served",
        "bundles refused while busy (503)",
        "files attached",
    )
    if any(counts[name] for name in protections):
        print(", ".join(f"{name}: {counts[name]}" for name in protections))
    cpu = cpu_report()
    if cpu:
        print(cpu)
    for error in stats.errors.values():
        print(f"  {error.occurrences} x {error.method} {error.name}: {error.error}")
    if not counts["journeys completed"]:
        # Nothing was checked end to end, so nothing is proven: a run too short, or all failing.
        print("no visitor completed the wizard: nothing verified (is LOAD_TIME long enough?)")
    if total.num_failures or counts["lost data"] or not counts["journeys completed"]:
        environment.process_exit_code = 1
