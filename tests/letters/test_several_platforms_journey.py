"""Issue 19's "done when", end to end: a newcomer who uses Instagram, X and LinkedIn gets three
sets of letters from one questionnaire, downloads them in one zip, subscribes to warnings,
confirms by email, and receives one warning when an admin adds an upcoming start, not a second
on a second run."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from privacyreq.reference.models import Platform, TimelineEvent, TimelineEventKind
from tests.alerts.helpers import link_in

pytestmark = pytest.mark.django_db

ANSWERS = [
    ("platform", {"platform": ["x", "meta", "linkedin"]}),
    ("country", {"country": "BE"}),
    ("details", {"full_name": "Lotte Peeters", "email": "lotte@example.org"}),
    ("x/services", {"services": ["x", "grok"]}),
    ("meta/services", {"services": ["instagram"]}),
    ("data", {"data": ["posts", "profile"]}),
    ("situation", {"situation": []}),
    ("x/switched-off", {"opted_out": "no"}),
    ("x/notice", {"notice_received": "no"}),
    ("meta/switched-off", {"opted_out": "no"}),
    ("meta/notice", {"notice_received": "yes"}),
    ("linkedin/switched-off", {"opted_out": "yes", "opted_out_on": "2025-10-01"}),
    ("linkedin/notice", {"notice_received": "yes"}),
    ("documents", {"documents": ["objection", "erasure"]}),
    ("sent-by", {"sent_by": "post"}),
]


def run_warnings(today: dt.date) -> str:
    out = io.StringIO()
    call_command("send_warnings", date=today.isoformat(), stdout=out)
    return out.getvalue()


def test_three_platforms_one_zip_then_one_warning(client, reference_data, settings, mailoutbox):
    settings.ALERTS_SUBSCRIBE_RATE_LIMIT = ""
    # One questionnaire.
    for key, data in ANSWERS:
        response = client.post(f"/start/{key}/", data)
        assert response.status_code == 302, (key, response.content.decode()[:2000])
    assert client.post("/start/check/", {"language": "en"})["Location"] == "/start/result/"
    page = client.get("/start/result/").content.decode()
    assert "Meta (Instagram)" in page

    # Three sets of letters in one zip, each to its own controller.
    response = client.get("/start/result/all.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    recipients = {}
    for name in archive.namelist():
        if "-objection-" in name and name.endswith(".pdf"):
            pages = PdfReader(io.BytesIO(archive.read(name))).pages
            text = " ".join(each.extract_text() for each in pages)
            recipients[name.split("/")[0]] = " ".join(text.split())
    assert sorted(recipients) == ["linkedin", "meta", "x"]
    assert "X Internet Unlimited Company" in recipients["x"]
    assert "Meta Platforms Ireland Limited" in recipients["meta"]
    assert "LinkedIn Ireland Unlimited Company" in recipients["linkedin"]
    # LinkedIn's letter says it was switched off; the others do not say so.
    assert "1 October 2025" in recipients["linkedin"]
    assert "1 October 2025" not in recipients["x"] + recipients["meta"]

    # Warnings for the three platforms, confirmed by email.
    response = client.post(
        "/warnings/", {"email": "lotte@example.org", "platforms": ["x", "meta", "linkedin"]}
    )
    assert response.status_code == 302
    [confirmation] = mailoutbox
    client.post(link_in(confirmation, "/warnings/confirm/"))
    mailoutbox.clear()

    # An admin records that LinkedIn starts training in two weeks.
    today = timezone.localdate()
    TimelineEvent.objects.create(
        platform=Platform.objects.get(slug="linkedin"),
        date=today + dt.timedelta(days=14),
        kind=TimelineEventKind.TRAINING_STARTS,
        summary="LinkedIn says it will start training on members' posts.",
        source_url="https://example.org/linkedin-announcement",
    )
    assert "Sent 1 warning(s)." in run_warnings(today)
    [warning] = mailoutbox
    assert warning.to == ["lotte@example.org"]
    assert "LinkedIn" in warning.subject
    assert "Sent 0 warning(s)." in run_warnings(today)
    assert len(mailoutbox) == 1
