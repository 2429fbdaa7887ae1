import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from privacyreq.reference.models import TimelineEventKind
from tests.alerts.factories import upcoming_start
from tests.factories import PlatformFactory, TimelineEventFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, not untrusted input


@pytest.mark.django_db
def test_a_platforms_timeline_is_an_atom_feed_newest_first_with_links_and_stable_ids(client):
    x = PlatformFactory()
    old = TimelineEventFactory(platform=x, date=dt.date(2024, 5, 7), summary="It began.")
    new = upcoming_start(platform=x, on=dt.date(2027, 1, 1))
    other = PlatformFactory(slug="linkedin", service_name="LinkedIn")
    TimelineEventFactory(platform=other, summary="Not X.")

    root = _feed(client, "/platforms/x/feed.atom")

    assert root.tag == f"{ATOM}feed"
    assert "X" in root.findtext(f"{ATOM}title")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}summary") for e in entries] == [new.summary, "It began."]
    first = entries[0]
    links = {link.get("rel"): link.get("href") for link in first.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/platforms/x/"
    assert links["related"] == "https://example.org/announcement"
    assert "starts on" in first.findtext(f"{ATOM}title")
    assert first.find(f"{ATOM}category").get("term") == TimelineEventKind.TRAINING_STARTS
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert ids == [
        f"http://testserver/platforms/x/#event-{new.pk}",
        f"http://testserver/platforms/x/#event-{old.pk}",
    ]
    # Stable: the same ids after an edit.
    old.summary = "It began, corrected."
    old.save()
    again = _feed(client, "/platforms/x/feed.atom")
    assert [e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")] == ids


@pytest.mark.django_db
def test_the_feed_of_all_platforms_has_every_platforms_events(client):
    TimelineEventFactory(platform=PlatformFactory(), summary="About X.")
    TimelineEventFactory(
        platform=PlatformFactory(slug="linkedin", service_name="LinkedIn"),
        date=dt.date(2025, 11, 3),
        summary="About LinkedIn.",
    )

    root = _feed(client, reverse("alerts:feed_all"))

    summaries = [e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")]
    assert summaries == ["About LinkedIn.", "About X."]


@pytest.mark.django_db
def test_an_unknown_platforms_feed_is_404(client):
    assert client.get("/platforms/nobody/feed.atom").status_code == 404


@pytest.mark.django_db
def test_the_platform_page_links_its_feed_in_the_head_and_near_the_timeline(client):
    TimelineEventFactory(platform=PlatformFactory())

    page = client.get("/platforms/x/").content.decode()

    head = page.split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml" href="/platforms/x/feed.atom"' in head
    assert "Follow this timeline (Atom feed)" in page.split("</head>")[1]
