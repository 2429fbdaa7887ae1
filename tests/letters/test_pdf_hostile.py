"""Hostile text in every field that ends up in a PDF: printed literally, and nothing is fetched.

Letters and complaint bundles print what users typed. Django escapes it and ``LockedFetcher``
refuses anything outside the letter assets; these tests prove both from the outside. The payloads
point at a real TCP listener on 127.0.0.1, so a renderer that followed any of them would show up as
a connection, whichever fetcher it used. Every path a user can take is covered: the services
directly, the questionnaire and its PDF downloads through the test client, and a tracked request
escalated to a complaint whose bundle carries the user's reference, notes and attachment notes.
"""

import datetime as dt
import io
import re
import socketserver
import threading
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from privacyreq.letters import pdf as pdf_module
from privacyreq.letters.answers import Answers, PriorRequest
from privacyreq.letters.pdf import ASSETS_DIR, LockedFetcher, html_to_pdf
from privacyreq.letters.services import letters_draft
from privacyreq.tracking.models import Request
from tests.factories import (
    PlatformFactory,
    UserFactory,
    berlin_authority,
)
from tests.properties import pdf_text, squeeze

pytestmark = pytest.mark.django_db

ALL_DOCUMENTS = ("objection", "erasure", "access", "restriction", "complaint")
PASSWD = "file:///etc/passwd"


# --- A listener that notices any fetch -----------------------------------------------------------


class _Listener(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _RecordConnection)
        self.connections: list[str] = []

    @property
    def port(self) -> int:
        return self.server_address[1]


class _RecordConnection(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.connections.append(f"{self.client_address[0]}:{self.client_address[1]}")
        # Answer like a web server would, so a fetch that happened could also succeed.
        try:
            self.request.settimeout(2)
            self.request.recv(4096)
            self.request.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
        except OSError:
            pass


@pytest.fixture
def listener():
    server = _Listener()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class _SpyFetcher(LockedFetcher):
    """``LockedFetcher`` that also remembers what it was asked for and what it served."""

    created: list["_SpyFetcher"] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []
        self.served: list[str] = []
        _SpyFetcher.created.append(self)

    def fetch(self, url, headers=None):
        self.asked.append(url)
        result = super().fetch(url, headers)
        self.served.append(url)
        return result


@pytest.fixture
def fetchers(monkeypatch):
    """Every fetcher the app's own renders create from now on (views and services included)."""
    _SpyFetcher.created = []
    monkeypatch.setattr(pdf_module, "LockedFetcher", _SpyFetcher)
    return _SpyFetcher.created


def assert_nothing_fetched(listener, fetchers):
    assert listener.connections == []
    for fetcher in fetchers:
        assert fetcher.refused == [], fetcher.refused
        for url in fetcher.served:
            path = Path(url.removeprefix("file://")).resolve()
            assert path.is_relative_to(ASSETS_DIR), url


# --- Payloads and how they read back ----------------------------------------------------------


def payloads(port: int) -> list[str]:
    probe = f"http://127.0.0.1:{port}"
    return [
        f"<img src={PASSWD}>",
        f"<link rel=attachment href={PASSWD}>",
        f'<img src="{probe}/probe.png">',
        f'<link rel=stylesheet href="{probe}/x.css">',
        f"</style><style>@import url({probe}/i.css); body{{background:url({probe}/bg.png)}}"
        "</style>",
        f"url({probe}/u)",
    ]


def assert_printed(data: bytes, expected: list[str], where: str = ""):
    text = pdf_text(data)
    squeezed = squeeze(text)
    for item in expected:
        assert squeeze(item) in squeezed, (where, item)
    assert "root:" not in text


def hostile_values(port: int) -> dict[str, str]:
    """Every free-text answer, each full of payloads and within its field's length limit."""
    items = payloads(port)
    return {
        # A quote first: the name is also an attribute (the PDF's author <meta>).
        "full_name": f'Eve"> {items[4]}',
        "account": f"@eve{items[0]}{items[5]}",
        "postal_address": "\n".join(items),
        "situation_text": " ".join(items),
        "controller_name": f"Evil {items[2]} {items[3]}",
        "representative": f"Evil body {items[1]} {items[5]}",
        # An earlier request's reference number (at most 100 characters).
        "reference": items[0][:100],
        "controller_address": "\n".join(items),
        # Quoted local parts (which could carry markup) are refused since issue 17 (point 9):
        # the questionnaire takes ordinary addresses; hostile_answers still tries quoted ones.
        "controller_email": "dpo@evil.test",
        "email": "eve@example.org",
    }


# --- Sanity: the listener and the spy would notice ----------------------------------------------


def test_the_listener_notices_a_connection(listener):
    urllib.request.urlopen(f"http://127.0.0.1:{listener.port}/check", timeout=5).read()
    assert len(listener.connections) == 1


def test_an_unlocked_renderer_would_have_connected(listener):
    """The same payload as raw HTML, rendered without our fetcher, does reach the listener: so a
    silent listener in the tests below means nothing was fetched, not that the probe is blind."""
    html = (
        '<!doctype html><html lang="en"><title>Probe</title>'
        f'<img src="http://127.0.0.1:{listener.port}/probe.png" alt="probe"></html>'
    )
    HTML(string=html).write_pdf()
    assert len(listener.connections) >= 1


def test_locked_fetcher_refuses_what_raw_html_asks_for(listener):
    html = (
        '<!doctype html><html lang="en"><head><title>Probe</title>'
        f'<link rel="stylesheet" href="http://127.0.0.1:{listener.port}/x.css"></head><body>'
        f'<p>Probe</p><img src="{PASSWD}" alt="probe">'
        f'<img src="http://127.0.0.1:{listener.port}/probe.png" alt="probe"></body></html>'
    )
    fetcher = LockedFetcher()
    pdf = html_to_pdf(html, fetcher=fetcher)
    assert PASSWD in fetcher.refused
    assert f"http://127.0.0.1:{listener.port}/probe.png" in fetcher.refused
    assert listener.connections == []
    assert "root:" not in pdf_text(pdf)


# --- The services -------------------------------------------------------------------------------


@pytest.fixture
def x_platform():
    return PlatformFactory()  # lead authority: the Irish DPC


@pytest.fixture
def home_authority():
    return berlin_authority()


def hostile_answers(port: int) -> Answers:
    values = hostile_values(port)
    return Answers(
        platform="x",
        country="DE",
        region="DE-BE",
        full_name=values["full_name"],
        email=values["email"],
        account=values["account"],
        postal_address=values["postal_address"],
        data=("posts",),
        situation=("other",),
        situation_text=values["situation_text"],
        documents=ALL_DOCUMENTS,
        complaint_to="home",
        prior_request=PriorRequest(
            sent_on=dt.date(2026, 10, 1),
            document="erasure",
            channel="email",
            reference=values["reference"],
            reply="refused",
        ),
        representative=values["representative"],
        date=dt.date(2026, 11, 23),
    )


# A known platform; the client test below takes the "another organisation" path.
def test_every_document_prints_hostile_answers_literally(listener, x_platform, home_authority):
    values = hostile_values(listener.port)
    draft = letters_draft(answers=hostile_answers(listener.port))
    assert [d.kind for d in draft.documents] == list(ALL_DOCUMENTS)
    for document in draft.documents:
        fetcher = LockedFetcher()
        data = html_to_pdf(document.html, fetcher=fetcher)
        assert fetcher.refused == [], document.kind
        # The postal address holds every payload, one per line, and heads every letter.
        expected = [*payloads(listener.port), values["full_name"], values["account"]]
        if document.kind != "access":  # access needs no reasons, so no situation text
            expected.append(values["situation_text"])
        if document.kind == "complaint":
            expected += [values["representative"], values["reference"]]
        assert_printed(data, expected, document.kind)
        for item in payloads(listener.port):
            assert item in document.text, document.kind
        assert values["full_name"] in document.email_body
        # Nothing the user typed became an element in the letter's HTML.
        body = document.html.split("<body>", 1)[1]
        assert not re.search(r"<(img|link|style)\b", body), document.kind
    assert listener.connections == []


# --- The questionnaire and its downloads, through the test client -------------------------------


def walk(client, journey):
    for slug, data in journey:
        response = client.post(f"/start/{slug}/", data)
        assert response.status_code == 302, (slug, response.content[:3000])


def hostile_journey(port: int) -> list[tuple[str, dict]]:
    values = hostile_values(port)
    return [
        ("platform", {"platform": "other"}),
        (
            "organisation",
            {
                "name": values["controller_name"],
                "address": values["controller_address"],
                "email": values["controller_email"],
            },
        ),
        ("country", {"country": "IE"}),
        (
            "details",
            {
                "full_name": values["full_name"],
                "email": values["email"],
                "account": values["account"],
                "postal_address": values["postal_address"],
            },
        ),
        ("data", {"data": ["posts", "ai_chats"]}),
        ("situation", {"situation": ["other"], "situation_text": values["situation_text"]}),
        ("switched-off", {"opted_out": "no"}),
        ("notice", {"notice_received": "no"}),
        ("documents", {"documents": list(ALL_DOCUMENTS)}),
        ("sent-by", {"sent_by": "web_form"}),
        ("earlier-request", {"prior_request": "yes", "prior_request_sent_on": "2025-01-10"}),
        (
            "earlier-request-details",
            {
                "prior_document": "erasure",
                "prior_channel": "email",
                "prior_reference": values["reference"],
                "prior_reply": "refused",
            },
        ),
        ("representative", {"representative": values["representative"]}),
        ("other-proceedings", {"other_proceedings": "none"}),
    ]


def assert_escaped_on_page(html: str, port: int):
    for item in payloads(port):
        assert "<" not in item or item not in html
    assert not re.search(rf"<(img|link|style)\b[^>]*(etc/passwd|127\.0\.0\.1:{port})", html)


def test_questionnaire_downloads_print_hostile_answers_literally(
    client, reference_data, listener, fetchers
):
    port = listener.port
    values = hostile_values(port)
    walk(client, hostile_journey(port))
    check = client.get("/start/check/").content.decode()
    assert_escaped_on_page(check, port)
    assert escape(values["full_name"]) in check
    assert client.post("/start/check/")["Location"] == "/start/result/"

    result = client.get("/start/result/")
    assert result.status_code == 200
    page = result.content.decode()
    assert_escaped_on_page(page, port)
    assert escape(payloads(port)[4]) in page

    for kind in ALL_DOCUMENTS:
        response = client.get(f"/start/result/{kind}.pdf")
        assert response.status_code == 200, kind
        assert response["Content-Type"] == "application/pdf"
        expected = [*payloads(port), values["full_name"], values["controller_name"]]
        if kind == "complaint":
            expected.append(values["representative"])
        assert_printed(response.content, expected, kind)
        text = client.get(f"/start/result/{kind}.txt").content.decode()
        assert values["full_name"] in text
    assert fetchers, "the downloads rendered through LockedFetcher"
    assert_nothing_fetched(listener, fetchers)


# --- A tracked request escalated to a complaint, and its bundle ---------------------------------


def reply_pdf() -> bytes:
    return html_to_pdf(
        '<!doctype html><html lang="en"><title>Reply</title><p>We decline.</p></html>'
    )


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


def upload(name: str, data: bytes) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_complaint_bundle_prints_hostile_tracking_text_literally(
    client, reference_data, listener, fetchers
):
    port = listener.port
    items = payloads(port)
    values = hostile_values(port)
    owner = UserFactory()
    client.force_login(owner)
    # The objection alone: the questions about a complaint are the last two.
    walk(client, [*hostile_journey(port)[:-2], ("documents", {"documents": ["objection"]})])
    client.post("/start/check/")
    assert client.post(reverse("tracking:track"))["Location"] == reverse("tracking:dashboard")
    request = Request.objects.get(case__owner=owner, kind="objection")
    today = timezone.localdate().isoformat()

    reference = items[3]  # the longest payload that fits the 100 characters of a reference
    note = "\n".join(items)
    response = client.post(
        reverse("tracking:mark_sent", args=[request.pk]),
        {"sent_on": today, "channel": "email", "reference": reference, "note": note},
    )
    assert response.status_code == 302, response.content[:3000]
    response = client.post(
        reverse("tracking:record", args=[request.pk]),
        {"status": "answered", "on": today, "outcome": "refused", "note": note},
    )
    assert response.status_code == 302, response.content[:3000]
    response = client.post(reverse("tracking:note", args=[request.pk]), {"text": note})
    assert response.status_code == 302
    attachment_note = " ".join(items)
    # A slash ends a file name on upload, so the name's payload does without one.
    filename = f"<img src=probe.png><link rel=stylesheet href=x.css>{items[5][:9]}.pdf"
    for name, data, what in [(filename, reply_pdf(), attachment_note), ("scan.png", png(), note)]:
        response = client.post(
            reverse("tracking:attach", args=[request.pk]),
            {"file": upload(name, data), "note": what[:500]},
        )
        assert response.status_code == 302, response.content[:3000]

    detail = client.get(reverse("tracking:request", args=[request.pk])).content.decode()
    assert_escaped_on_page(detail, port)
    assert escape(items[4]) in detail

    response = client.post(
        reverse("tracking:escalate", args=[request.pk]), {"complaint_to": "home"}
    )
    assert response.status_code == 302, response.content[:3000]
    request.refresh_from_db()
    attachment_names = list(request.attachments.values_list("original_name", flat=True))
    assert "<img src=probe.png>" in attachment_names[0]

    with request.complaint.pdf.open("rb") as handle:
        complaint = handle.read()
    in_complaint = [reference, attachment_note, attachment_names[0], values["full_name"]]
    assert_printed(complaint, [*in_complaint, values["controller_name"]], "complaint")

    bundle = client.get(reverse("tracking:bundle", args=[request.pk]))
    assert bundle.status_code == 200
    content = b"".join(bundle.streaming_content)
    assert_printed(content, [*in_complaint, *items], "bundle")
    reader = PdfReader(io.BytesIO(content))
    covers = [page.extract_text() for page in reader.pages if "Annex 2 —" in page.extract_text()]
    assert covers and squeeze(attachment_note) in squeeze(covers[0])
    assert reader.metadata.author == values["full_name"]
    assert fetchers, "the complaint and its covers rendered through LockedFetcher"
    assert_nothing_fetched(listener, fetchers)
