"""The user's settings and their rights over what the tool keeps. Thin: check, validate, call one
service, redirect."""

from functools import wraps

from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from privacyreq.accounts import selectors, services
from privacyreq.accounts.forms import (
    CalendarForm,
    DeleteAccountForm,
    LanguageForm,
    RemindersForm,
)
from privacyreq.alerts import services as alerts_services
from privacyreq.tracking import preferences as tracking_preferences
from privacyreq.tracking.calendar import feed_url


@login_required
@require_GET
def settings_page(request):
    preferences = tracking_preferences.preferences_get(
        user=request.user, language=request.LANGUAGE_CODE
    )
    return render(
        request,
        "accounts/settings.html",
        {
            "preferences": preferences,
            "reminders_form": RemindersForm(
                initial={"reminders_enabled": preferences.reminders_enabled}
            ),
            "language_form": LanguageForm(initial={"language": preferences.language}),
            "feed_url": (
                feed_url(token=preferences.calendar_token, site_url=settings.SITE_URL)
                if preferences.calendar_token
                else ""
            ),
            "mfa_enabled": selectors.mfa_enabled(user=request.user),
        },
    )


# GET on the POST-only actions (a bookmark, a login redirect) goes back to the page, not a 405.
@login_required
@require_http_methods(["GET", "POST"])
def reminders(request):
    if request.method == "POST":
        form = RemindersForm(request.POST)
        form.is_valid()  # an unticked box is simply absent: the form cannot be invalid
        enabled = form.cleaned_data.get("reminders_enabled", False)
        tracking_preferences.preferences_reminders_set(
            user=request.user, enabled=enabled, language=request.LANGUAGE_CODE
        )
        messages.success(
            request,
            _("Email reminders are on.") if enabled else _("Email reminders are off."),
        )
    return redirect("accounts:settings")


@login_required
@require_http_methods(["GET", "POST"])
def language(request):
    if request.method == "GET":
        return redirect("accounts:settings")
    form = LanguageForm(request.POST)
    if not form.is_valid():
        error = form.errors["language"].as_data()[0]
        messages.error(request, " ".join(error.messages))
    else:
        preferences = tracking_preferences.preferences_language_set(
            user=request.user, language=form.cleaned_data["language"]
        )
        alerts_services.account_watch_language_set(
            user=request.user, language=form.cleaned_data["language"]
        )
        messages.success(
            request,
            # Translators: confirmation on the settings page. %(language)s is the language's name
            # in itself ("Deutsch", "Polski"), so it works as a label, not inside a sentence.
            _("Saved. Language of emails from privacyreq: %(language)s.")
            % {"language": preferences.get_language_display()},
        )
    return redirect("accounts:settings")


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    if request.method == "GET":
        return redirect("accounts:settings")
    form = CalendarForm(request.POST)
    if not form.is_valid():
        error = form.errors["action"].as_data()[0]
        messages.error(request, " ".join(error.messages))
    elif form.cleaned_data["action"] == "create":
        tracking_preferences.calendar_token_create(
            user=request.user, language=request.LANGUAGE_CODE
        )
        messages.success(
            request,
            _("Your calendar link is ready. Any link you made before no longer works."),
        )
    else:
        tracking_preferences.calendar_token_revoke(
            user=request.user, language=request.LANGUAGE_CODE
        )
        messages.success(request, _("Your calendar link is turned off: it no longer works."))
    return redirect("accounts:settings")


def _confirm_again_after_reauthentication(view):
    """allauth's ``reauthentication_required``, except for a POST: allauth keeps the POST that was
    stopped and replays it once the user has confirmed it is them, which for the deletion would
    delete the account straight from the password page. Here the POST is dropped instead and the
    user comes back to the confirmation page (a GET), to confirm with the page in front of them."""
    protected = reauthentication_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return protected(request, *args, **kwargs)
        except ReauthenticationRequired:
            if request.method != "POST":
                raise  # allauth's middleware sends a GET to confirm, then back to the page
        # Where allauth's middleware would send it: the user's first way to confirm.
        methods = get_adapter(request).get_reauthentication_methods(request.user)
        confirm_url = methods[0]["url"] if methods else reverse("account_login")
        messages.info(
            request,
            _("Nothing has been deleted. Confirm it is you, then confirm the deletion again."),
        )
        return HttpResponseRedirect(
            f"{confirm_url}?{urlencode({REDIRECT_FIELD_NAME: request.path})}"
        )

    return wrapper


# never_cache: Cache-Control no-store (and private, no-cache), so no cache keeps a copy.
# reauthentication_required: a live session alone (a borrowed laptop, a stolen cookie) must not be
# enough to take everything; after confirming it is them, the user gets the download.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required
def export(request):
    # Streamed: the files are read from storage a chunk at a time, never the whole zip in memory.
    response = StreamingHttpResponse(
        services.account_export(user=request.user), content_type="application/zip"
    )
    filename = f"privacyreq-export-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@_confirm_again_after_reauthentication
def delete(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None, expected=user.email or DeleteAccountForm.WORD)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=user)
        logout(request)
        messages.success(
            request,
            _("Your account and everything stored with it have been deleted."),
        )
        return redirect("reference:home")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "counts": selectors.account_counts(user=user)},
    )
