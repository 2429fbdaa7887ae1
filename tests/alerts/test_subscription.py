import datetime as dt
import re
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override

from privacyreq.alerts.models import Watcher
from privacyreq.alerts.services import unconfirmed_delete
from tests.alerts.factories import WatcherFactory
from tests.alerts.helpers import link_in
from tests.factories import PlatformFactory

ADDRESS = "ada@example.org"


@pytest.fixture(autouse=True)
def _no_address_limit(settings):
    settings.ALERTS_SUBSCRIBE_RATE_LIMIT = ""


@pytest.fixture
def platforms(db):
    return PlatformFactory(), PlatformFactory(slug="linkedin", service_name="LinkedIn", position=2)


def subscribe(client, email=ADDRESS, platforms=("x",), **extra):
    return client.post("/warnings/", {"email": email, "platforms": list(platforms)}, **extra)


def test_subscribing_sends_a_link_that_confirms_after_one_click(client, platforms, mailoutbox):
    response = subscribe(client, email="Ada@Example.org", platforms=["x", "linkedin"])

    assert response.status_code == 302
    assert response.url == "/warnings/check-your-email/"
    watcher = Watcher.objects.get()
    assert (watcher.email, watcher.confirmed_at) == (ADDRESS, None)
    [message] = mailoutbox
    assert message.to == [ADDRESS]
    assert "X" in message.body and "LinkedIn" in message.body
    confirm = link_in(message, "/warnings/confirm/")

    # Opening the link (a mail scanner does) confirms nothing.
    page = client.get(confirm)
    assert page.status_code == 200 and "Confirm" in page.content.decode()
    assert Watcher.objects.get().confirmed_at is None

    done = client.post(confirm)
    assert done.status_code == 200
    watcher = Watcher.objects.get()
    assert watcher.confirmed_at is not None
    assert sorted(watcher.platforms.values_list("slug", flat=True)) == ["linkedin", "x"]
    assert "LinkedIn" in done.content.decode()


def test_the_language_of_the_page_is_kept_for_the_emails(client, platforms, mailoutbox):
    client.cookies["django_language"] = "de"

    subscribe(client, HTTP_ACCEPT_LANGUAGE="de")

    assert Watcher.objects.get().language == "de"
    with override("de"):
        hello = gettext("Hello,")
    assert hello != "Hello,"
    assert mailoutbox[0].body.startswith(hello)


def test_every_message_carries_a_one_click_unsubscribe(client, platforms, mailoutbox):
    subscribe(client)

    [message] = mailoutbox
    link = link_in(message, "/warnings/stop/")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body


def test_unsubscribing_by_the_link_in_the_email(client, platforms, mailoutbox):
    subscribe(client)
    link = link_in(mailoutbox[0], "/warnings/stop/")

    page = client.get(link)
    assert page.status_code == 200
    assert Watcher.objects.exists()  # a GET alone does not unsubscribe (RFC 8058)

    done = client.post(link)
    assert done.status_code == 200
    assert not Watcher.objects.exists()
    # Used again: nothing left, says so.
    assert client.get(link).status_code == 404


def test_one_click_unsubscribe_from_the_mail_program_needs_no_csrf_token(platforms):
    from django.test import Client

    from privacyreq.alerts.emails import unsubscribe_url

    watcher = WatcherFactory()
    mail_program = Client(enforce_csrf_checks=True)
    path = unsubscribe_url(watcher=watcher, site_url="")

    response = mail_program.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not Watcher.objects.exists()


def test_a_tampered_or_foreign_link_does_nothing(client, platforms):
    watcher = WatcherFactory()
    assert client.post("/warnings/stop/not-a-token/").status_code == 200
    assert client.get("/warnings/stop/not-a-token/").status_code == 404
    assert client.post("/warnings/confirm/not-a-token/").status_code == 404
    assert Watcher.objects.get() == watcher


def test_a_link_for_a_deleted_subscription_does_not_reach_a_new_one(client, platforms, mailoutbox):
    subscribe(client)
    old_stop = link_in(mailoutbox[0], "/warnings/stop/")
    client.post(old_stop)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(1)):
        subscribe(client)

    assert client.post(old_stop).status_code == 200
    assert Watcher.objects.count() == 1


def _page(response) -> str:
    # The page without what changes on every response (the CSP nonce, the masked CSRF token).
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def test_an_address_already_subscribed_gets_the_same_response(client, platforms, mailoutbox):
    new = subscribe(client, email="new@example.org")
    WatcherFactory(email=ADDRESS, platforms=[platforms[0]])

    known = subscribe(client, email=ADDRESS, platforms=["linkedin"])

    assert (known.status_code, known.url) == (new.status_code, new.url)
    assert _page(client.get(known.url)) == _page(client.get(new.url))
    # Nothing changes until the owner of the address clicks the link.
    watcher = Watcher.objects.get(email=ADDRESS)
    assert list(watcher.platforms.values_list("slug", flat=True)) == ["x"]
    client.post(link_in(mailoutbox[-1], "/warnings/confirm/"))
    assert list(watcher.platforms.values_list("slug", flat=True)) == ["linkedin"]


def test_an_address_is_emailed_at_most_once_in_a_few_minutes(client, platforms, mailoutbox):
    for _ in range(3):
        assert subscribe(client).url == "/warnings/check-your-email/"
    assert len(mailoutbox) == 1

    later = timezone.now() + dt.timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        subscribe(client)
    assert len(mailoutbox) == 2


def test_a_client_over_the_rate_limit_is_told_to_wait(client, platforms, settings, mailoutbox):
    settings.ALERTS_SUBSCRIBE_RATE_LIMIT = "2/m/ip"
    subscribe(client, email="a@example.org")
    subscribe(client, email="b@example.org")

    response = subscribe(client, email="c@example.org")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert 'value="c@example.org"' in response.content.decode()
    assert len(mailoutbox) == 2


def test_an_error_page_names_each_problem_and_keeps_what_was_typed(client, platforms, mailoutbox):
    response = subscribe(client, email="not an address", platforms=[])

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page  # the error summary
    assert page.count("Enter an email address like name@example.com.") == 2
    assert page.count("Choose at least one platform.") == 2
    assert 'value="not an address"' in page
    assert "<title>Error:" in page
    assert not Watcher.objects.exists() and not mailoutbox

    kept = subscribe(client, email="", platforms=["linkedin"]).content.decode()
    assert 'value="linkedin" id="id_platforms_1" checked' in kept
    assert "Enter your email address." in kept


def test_unconfirmed_subscriptions_are_deleted_after_the_configured_days(platforms, settings):
    settings.ALERTS_UNCONFIRMED_DAYS = 7
    now = timezone.now()
    stale = WatcherFactory(confirmed_at=None)
    Watcher.objects.filter(pk=stale.pk).update(created_at=now - dt.timedelta(days=8))
    fresh = WatcherFactory(confirmed_at=None)
    Watcher.objects.filter(pk=fresh.pk).update(created_at=now - dt.timedelta(days=6))
    confirmed = WatcherFactory()
    Watcher.objects.filter(pk=confirmed.pk).update(created_at=now - dt.timedelta(days=80))

    assert unconfirmed_delete(now=now) == 1

    assert set(Watcher.objects.all()) == {fresh, confirmed}


def test_a_confirmation_link_expires_with_the_subscription(client, platforms, mailoutbox, settings):
    settings.ALERTS_UNCONFIRMED_DAYS = 7
    subscribe(client)
    confirm = link_in(mailoutbox[0], "/warnings/confirm/")

    with mock.patch("time.time", return_value=timezone.now().timestamp() + 8 * 86400):
        assert client.post(confirm).status_code == 404
    assert Watcher.objects.get().confirmed_at is None
