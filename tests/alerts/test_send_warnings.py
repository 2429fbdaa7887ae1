import datetime as dt
import io
import smtplib
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, override

from privacyreq.alerts import dispatch
from privacyreq.alerts.dispatch import warning_candidates, warnings_send
from privacyreq.alerts.models import WarningSent, Watcher
from privacyreq.reference.models import TimelineEventKind
from tests.alerts.factories import TODAY, WatcherFactory, upcoming_start
from tests.alerts.helpers import link_in
from tests.factories import PlatformFactory, TimelineEventFactory, UserFactory

SITE = "https://privacyreq.example"


def run(today=TODAY) -> str:
    out = io.StringIO()
    call_command("send_warnings", date=today.isoformat(), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_subscribe_confirm_then_one_warning_for_an_announced_start_and_none_on_a_second_run(
    client, settings, mailoutbox
):
    settings.ALERTS_SUBSCRIBE_RATE_LIMIT = ""
    x = PlatformFactory()
    client.post("/warnings/", {"email": "ada@example.org", "platforms": ["x"]})
    client.post(link_in(mailoutbox.pop(), "/warnings/confirm/"))
    assert "Sent 0 warning(s)." in run()

    # An admin records the announcement.
    upcoming_start(platform=x, on=TODAY + dt.timedelta(days=10))
    assert "Sent 1 warning(s)." in run()

    [message] = mailoutbox
    assert message.to == ["ada@example.org"]
    assert "X starts training AI on your data on" in message.subject
    assert "in 10 days" in message.body
    assert f"{settings.SITE_URL}/platforms/x/" in message.body
    assert f"{settings.SITE_URL}/start/for/x/" in message.body
    assert "“Grok” off" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(message, "/warnings/stop/") in message.extra_headers["List-Unsubscribe"]

    assert "Sent 0 warning(s)." in run()
    assert "Sent 0 warning(s)." in run(TODAY + dt.timedelta(days=1))
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_only_announced_future_starts_of_watched_platforms_warn_confirmed_watchers(mailoutbox):
    x = PlatformFactory()
    linkedin = PlatformFactory(slug="linkedin", service_name="LinkedIn")
    watcher = WatcherFactory(platforms=[x])
    WatcherFactory(confirmed_at=None, platforms=[x])
    WatcherFactory(platforms=[linkedin])
    TimelineEventFactory(platform=x, date=TODAY + dt.timedelta(days=5))  # kind "event"
    upcoming_start(platform=x, on=TODAY)  # today: too late to warn
    upcoming_start(platform=x, on=TODAY - dt.timedelta(days=3))

    assert warnings_send(today=TODAY, site_url=SITE) == 0

    upcoming_start(platform=x, on=TODAY + dt.timedelta(days=1))
    assert warnings_send(today=TODAY, site_url=SITE) == 1
    assert [m.to for m in mailoutbox] == [[watcher.email]]
    assert "in 1 day." in mailoutbox[0].body


@pytest.mark.django_db
def test_the_warning_is_written_in_the_watchers_language(mailoutbox):
    WatcherFactory(language="de")
    upcoming_start()

    warnings_send(today=TODAY, site_url=SITE)

    with override("de"):
        hello = gettext("Hello,")
    assert hello != "Hello,"
    assert mailoutbox[0].body.startswith(hello)


@pytest.mark.django_db
def test_a_start_recorded_again_does_not_warn_again(mailoutbox):
    WatcherFactory()
    event = upcoming_start()
    assert warnings_send(today=TODAY, site_url=SITE) == 1

    # load_reference_data --update deletes and recreates the timeline; an admin may do the same.
    event.delete()
    upcoming_start()
    assert warnings_send(today=TODAY, site_url=SITE) == 0
    # A new date is news.
    upcoming_start(on=TODAY + dt.timedelta(days=30))
    assert warnings_send(today=TODAY, site_url=SITE) == 1
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_warning_for_the_same_start():
    watcher = WatcherFactory()
    event = upcoming_start()
    fields = {"watcher": watcher, "platform": event.platform, "starts_on": event.date}
    WarningSent.objects.create(claim="00000000-0000-0000-0000-000000000001", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        WarningSent.objects.create(claim="00000000-0000-0000-0000-000000000002", **fields)


@pytest.mark.django_db
def test_a_warning_claimed_by_a_concurrent_run_is_not_sent_again(mailoutbox):
    taken, free = WatcherFactory(), WatcherFactory()
    event = upcoming_start()
    stale = list(warning_candidates(event=event))
    # Another run claims one between our read and our insert.
    WarningSent.objects.create(
        watcher=taken, platform=event.platform, starts_on=event.date, claim=dispatch.uuid.uuid4()
    )
    # The stale read: both still look due.
    with mock.patch.object(
        dispatch,
        "warning_candidates",
        return_value=Watcher.objects.filter(pk__in=[w.pk for w in stale]).order_by("pk"),
    ):
        assert warnings_send(today=TODAY, site_url=SITE) == 1

    assert [m.to for m in mailoutbox] == [[free.email]]
    assert WarningSent.objects.filter(watcher=taken).count() == 1
    assert WarningSent.objects.filter(watcher=free).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_claim_outside_any_test_transaction(mailoutbox):
    taken, free = WatcherFactory(), WatcherFactory()
    event = upcoming_start()
    stale = Watcher.objects.filter(pk__in=[taken.pk, free.pk]).order_by("pk")
    WarningSent.objects.create(
        watcher=taken, platform=event.platform, starts_on=event.date, claim=dispatch.uuid.uuid4()
    )

    with mock.patch.object(dispatch, "warning_candidates", return_value=stale):
        assert warnings_send(today=TODAY, site_url=SITE) == 1

    assert [m.to for m in mailoutbox] == [[free.email]]
    assert WarningSent.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_send_leaves_no_claim_so_the_next_run_retries(mailoutbox, caplog):
    watcher = WatcherFactory()
    upcoming_start()
    refused = smtplib.SMTPRecipientsRefused({watcher.email: (550, b"No such user")})
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=refused):
        assert warnings_send(today=TODAY, site_url=SITE) == 0
    assert not WarningSent.objects.exists()
    assert "not sent" in caplog.text

    assert warnings_send(today=TODAY, site_url=SITE) == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_programming_error_stops_the_run_and_leaves_no_claim(mailoutbox):
    WatcherFactory()
    upcoming_start()
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        warnings_send(today=TODAY, site_url=SITE)
    assert not WarningSent.objects.exists()


@pytest.mark.django_db
def test_batches_page_through_every_watcher(mailoutbox):
    watchers = [WatcherFactory() for _ in range(5)]
    upcoming_start()

    assert warnings_send(today=TODAY, site_url=SITE, batch_size=2) == 5
    assert sorted(m.to[0] for m in mailoutbox) == sorted(w.email for w in watchers)


@pytest.mark.django_db
def test_an_account_is_warned_at_its_address_while_active(mailoutbox):
    from privacyreq.alerts.services import account_watch_set

    user, gone = UserFactory(), UserFactory(is_active=False)
    PlatformFactory()
    account_watch_set(user=user, platforms=["x"], language="en")
    account_watch_set(user=gone, platforms=["x"], language="en")
    upcoming_start()

    assert warnings_send(today=TODAY, site_url=SITE) == 1
    assert [m.to for m in mailoutbox] == [[user.email]]


@pytest.mark.django_db
def test_the_command_deletes_unconfirmed_subscriptions(settings):
    stale = WatcherFactory(confirmed_at=None)
    Watcher.objects.filter(pk=stale.pk).update(
        created_at=stale.created_at - dt.timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS + 1)
    )
    assert "Deleted 1 unconfirmed subscription(s)." in run()
    assert not Watcher.objects.exists()


@pytest.mark.django_db
def test_the_kind_is_optional_in_the_shipped_data_and_checked():
    from django.core.exceptions import ValidationError

    from privacyreq.reference.services import reference_data_load
    from tests.factories import SupervisoryAuthorityFactory

    authority = SupervisoryAuthorityFactory()
    platform = {
        "slug": "p",
        "service_name": "P",
        "legal_entity": "P Ltd",
        "postal_address": "1 Road\nIreland",
        "country": "IE",
        "lead_authority": authority.code,
        "ai_summary": "Summary.",
        "ai_data_used": "Posts",
        "sources": "https://example.org/",
        "last_checked": "2026-01-01",
        "timeline": [
            {"date": "2025-01-01", "summary": "Old.", "source_url": "https://example.org/a"},
            {
                "date": "2027-01-01",
                "kind": "training_starts",
                "summary": "Starts.",
                "source_url": "https://example.org/b",
            },
        ],
    }
    reference_data_load(authorities=[], platforms=[platform])
    kinds = PlatformFactory(slug="p").timeline.order_by("date").values_list("kind", flat=True)
    assert list(kinds) == [TimelineEventKind.EVENT, TimelineEventKind.TRAINING_STARTS]

    platform["timeline"][0]["kind"] = "rumour"
    with pytest.raises(ValidationError):
        reference_data_load(authorities=[], platforms=[platform], update=True)


@pytest.mark.django_db
def test_the_admin_records_an_upcoming_start(client):
    from tests.accounts.helpers import signed_in_with_code

    signed_in_with_code(client, UserFactory(is_staff=True, is_superuser=True))
    x = PlatformFactory()
    page = client.get(f"/admin/reference/platform/{x.pk}/change/").content.decode()
    assert 'name="timeline-0-kind"' in page
    assert "Training starts (announced for this date)" in page


def test_a_wrong_date_is_one_line_and_sends_nothing(mailoutbox):
    with pytest.raises(CommandError, match=r"--date must be a date as YYYY-MM-DD, not '4/12'\."):
        call_command("send_warnings", "--date", "4/12")
    assert not mailoutbox
