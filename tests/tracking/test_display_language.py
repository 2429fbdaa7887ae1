"""What the tracking pages show comes from stored codes, labelled in the reader's language, not
from English kept in the database."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from privacyreq.letters.kinds import DocumentKind as Document
from privacyreq.tracking.models import StatusEvent
from privacyreq.tracking.services import AUTO_OVERDUE_NOTE
from privacyreq.tracking.templatetags import tracking as tags
from privacyreq.tracking.templatetags.tracking import event_note, isodate, weekday_date
from tests.factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_the_request_page_names_the_document_by_its_kind_not_its_stored_title(client):
    request = RequestFactory(document__kind=Document.ACCESS, document__title="Stale title")
    client.force_login(request.case.owner)

    page = client.get(reverse("tracking:request", args=[request.pk])).content.decode()
    dashboard = client.get(reverse("tracking:dashboard")).content.decode()

    label = str(Document.ACCESS.label)
    assert label in page and label in dashboard
    assert "Stale title" not in page and "Stale title" not in dashboard


def test_a_note_the_tool_wrote_is_shown_through_the_catalogue_a_users_note_as_written():
    request = RequestFactory()
    automatic = StatusEvent(
        request=request, status="overdue", happened_on=dt.date(2026, 12, 3), note=AUTO_OVERDUE_NOTE
    )
    typed = StatusEvent(
        request=request,
        status="overdue",
        happened_on=dt.date(2026, 12, 3),
        actor=request.case.owner,
        note="Phoned them, no answer",
    )
    # The note escalation.py stores has a catalogue entry: a reworded constant needs one too.
    assert AUTO_OVERDUE_NOTE in tags._APP_NOTES
    assert event_note(automatic) == AUTO_OVERDUE_NOTE  # English until the catalogues exist
    assert type(event_note(automatic)) is str
    assert event_note(typed) == "Phoned them, no answer"


def test_dates_follow_the_active_language():
    day = dt.date(2026, 12, 2)
    with translation.override("de"):
        assert isodate(day.isoformat()) == "2. Dezember 2026"
        assert "Mittwoch" in weekday_date(day) and "2. Dezember 2026" in weekday_date(day)
    with translation.override("en"):
        assert isodate(day.isoformat()) == "2 December 2026"
        assert weekday_date(day) == "Wednesday 2 December 2026"
