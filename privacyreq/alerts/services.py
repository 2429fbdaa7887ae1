"""Subscribing to warnings, confirming, unsubscribing, and the watches of account holders."""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from privacyreq.alerts.emails import alert_message
from privacyreq.alerts.models import Watcher
from privacyreq.alerts.tokens import (
    confirm_token_make,
    confirm_token_read,
    unsubscribe_token_read,
    watcher_for,
)
from privacyreq.reference.models import Platform

logger = logging.getLogger(__name__)


def _language(code: str) -> str:
    known = {code for code, _ in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def _platforms(slugs: list[str]) -> list[Platform]:
    return list(Platform.objects.filter(slug__in=slugs).order_by("position", "service_name"))


def watcher_subscribe(*, email: str, platforms: list[str], language: str, site_url: str) -> bool:
    """Ask ``email`` to confirm warnings about ``platforms``; return whether an email went out.

    The caller answers the same whatever happens here, so the form never tells whether an address
    is subscribed. A new address is stored unconfirmed (deleted after ALERTS_UNCONFIRMED_DAYS if
    never confirmed); a confirmed one is left as it is until its owner clicks the link, which
    carries the new choice. At most one email per address every ALERTS_EMAIL_INTERVAL_MINUTES:
    the claim on ``confirmation_sent_at`` is a single conditional UPDATE, so two requests at once
    cannot both send.
    """
    email = email.strip().lower()
    language = _language(language)
    chosen = _platforms(platforms)
    now = timezone.now()
    try:
        with transaction.atomic():
            watcher, _ = Watcher.objects.get_or_create(
                user=None, email=email, defaults={"language": language}
            )
    except IntegrityError:  # created by a request at the same moment
        watcher = Watcher.objects.get(user=None, email=email)
    if watcher.confirmed_at is None:
        watcher.platforms.set(chosen)
        Watcher.objects.filter(pk=watcher.pk).update(language=language)
    interval = dt.timedelta(minutes=settings.ALERTS_EMAIL_INTERVAL_MINUTES)
    claimed = (
        Watcher.objects.filter(pk=watcher.pk)
        .filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lte=now - interval))
        .update(confirmation_sent_at=now)
    )
    if not claimed:
        return False
    token = confirm_token_make(
        watcher=watcher, platforms=[p.slug for p in chosen], language=language
    )
    with override(language):
        message = alert_message(
            template="confirm",
            context={
                "platforms": chosen,
                "confirm_url": site_url + reverse("alerts:confirm", args=[token]),
                "already_confirmed": watcher.confirmed_at is not None,
                "days": settings.ALERTS_UNCONFIRMED_DAYS,
            },
            watcher=watcher,
            to=email,
            site_url=site_url,
        )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Warnings: confirmation email to watcher %s not sent", watcher.pk)
        # Given back, so the visitor can try again at once.
        Watcher.objects.filter(pk=watcher.pk, confirmation_sent_at=now).update(
            confirmation_sent_at=None
        )
        return False
    return True


def confirm_token_check(*, token: str) -> Watcher | None:
    """The subscription a confirmation link is for, if the link is valid and not too old."""
    payload = confirm_token_read(
        token=token, max_age_seconds=settings.ALERTS_UNCONFIRMED_DAYS * 24 * 60 * 60
    )
    return watcher_for(payload) if payload else None


@transaction.atomic
def watcher_confirm(*, token: str) -> Watcher | None:
    """Confirm the subscription with the platforms and language the link carries."""
    payload = confirm_token_read(
        token=token, max_age_seconds=settings.ALERTS_UNCONFIRMED_DAYS * 24 * 60 * 60
    )
    watcher = watcher_for(payload) if payload else None
    if watcher is None or payload is None:
        return None
    watcher.platforms.set(_platforms(list(payload.get("p") or [])))
    watcher.language = _language(str(payload.get("l") or ""))
    if watcher.confirmed_at is None:
        watcher.confirmed_at = timezone.now()
    watcher.save(update_fields=["language", "confirmed_at"])
    return watcher


def unsubscribe_token_check(*, token: str) -> Watcher | None:
    payload = unsubscribe_token_read(token=token)
    return watcher_for(payload) if payload else None


def watcher_unsubscribe(*, token: str) -> bool:
    """Delete the subscription the link is for (all of it: the address is all there is)."""
    watcher = unsubscribe_token_check(token=token)
    if watcher is None:
        return False
    watcher.delete()
    return True


def unconfirmed_delete(*, now: dt.datetime) -> int:
    """Delete subscriptions never confirmed within ALERTS_UNCONFIRMED_DAYS."""
    cutoff = now - dt.timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
    _, deleted = Watcher.objects.filter(
        user__isnull=True, confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted.get(Watcher._meta.label, 0)


@transaction.atomic
def account_watch_set(*, user, platforms: list[str], language: str) -> None:
    """The platforms an account holder is warned about, at the account's address; none: the
    account no longer watches anything and its row goes."""
    chosen = _platforms(platforms)
    if not chosen:
        Watcher.objects.filter(user=user).delete()
        return
    watcher, _ = Watcher.objects.get_or_create(
        user=user, defaults={"language": _language(language), "confirmed_at": timezone.now()}
    )
    watcher.language = _language(language)
    watcher.save(update_fields=["language"])
    watcher.platforms.set(chosen)


def account_watch_language_set(*, user, language: str) -> None:
    """An account holder's warnings follow the language they choose for privacyreq's emails in
    Settings, like their reminders."""
    Watcher.objects.filter(user=user).update(language=_language(language))
