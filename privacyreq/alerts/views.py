"""Warnings before training starts: the feeds, the subscription without an account, the links in
its emails, and the account holder's choice from Settings. Thin: validate, call one service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from privacyreq.alerts import services
from privacyreq.alerts.forms import AccountWatchForm, SubscribeForm
from privacyreq.core.rate_limits import rate_limit_consume


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        # ?platform=x&platform=meta: the platforms the page linking here was about, ticked.
        initial = {"platforms": [slug for slug in request.GET.getlist("platform") if slug]}
        return render(request, "alerts/subscribe.html", {"form": SubscribeForm(initial=initial)})
    form = SubscribeForm(request.POST)
    status = 200
    if form.is_valid():
        wait = rate_limit_consume(
            request=request, action="alerts-subscribe", rates=settings.ALERTS_SUBSCRIBE_RATE_LIMIT
        )
        if wait is None:
            services.watcher_subscribe(
                email=form.cleaned_data["email"],
                platforms=form.cleaned_data["platforms"],
                language=request.LANGUAGE_CODE,
                site_url=settings.SITE_URL,
            )
            # The same page whether the address was new, waiting or subscribed, and whether an
            # email went out: nobody learns from it who is subscribed.
            return redirect("alerts:check_email")
        minutes = max(1, -(-wait // 60))
        form.add_error(
            None,
            # Translators: %(minutes)s is a whole number of minutes.
            ngettext(
                "Too many attempts from your connection. Try again in %(minutes)s minute.",
                "Too many attempts from your connection. Try again in %(minutes)s minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        status = 429
    return render(request, "alerts/subscribe.html", {"form": form}, status=status)


def check_email(request):
    return render(request, "alerts/check_email.html", {"days": settings.ALERTS_UNCONFIRMED_DAYS})


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """A GET only shows a button: mail scanners open links, and must not subscribe anybody."""
    if request.method == "GET":
        watcher = services.confirm_token_check(token=token)
        return render(
            request,
            "alerts/confirm.html",
            {"valid": watcher is not None},
            status=200 if watcher else 404,
        )
    watcher = services.watcher_confirm(token=token)
    if watcher is None:
        return render(request, "alerts/confirm.html", {"valid": False}, status=404)
    return render(
        request,
        "alerts/confirmed.html",
        {"platforms": watcher.platforms.order_by("position", "service_name")},
    )


# No CSRF token: mail programs POST "List-Unsubscribe=One-Click" here themselves (RFC 8058); the
# signed token in the address is the proof, and unsubscribing is all a POST can do.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """A GET shows one button (RFC 8058: a GET must not unsubscribe, scanners follow links)."""
    if request.method == "GET":
        valid = services.unsubscribe_token_check(token=token) is not None
        return render(
            request, "alerts/unsubscribe.html", {"valid": valid}, status=200 if valid else 404
        )
    services.watcher_unsubscribe(token=token)
    # Done either way: a link already used has nothing left to stop.
    return render(request, "alerts/unsubscribed.html")


@login_required
@require_http_methods(["GET", "POST"])
def account_watch(request):
    if request.method == "POST":
        form = AccountWatchForm(request.POST)
        if form.is_valid():
            services.account_watch_set(
                user=request.user,
                platforms=form.cleaned_data["platforms"],
                language=request.LANGUAGE_CODE,
            )
            if form.cleaned_data["platforms"]:
                messages.success(request, _("Saved. We will warn you at your account's address."))
            else:
                messages.success(request, _("Saved. You will get no warnings."))
        else:
            messages.error(request, _("Choose platforms from the list."))
    return redirect("accounts:settings")
