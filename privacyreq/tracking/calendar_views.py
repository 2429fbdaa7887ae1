"""Deadlines for calendar apps: one request's deadline as a download, and the private feed.

The feed has no login (calendar apps cannot sign in): the random token in its URL is the only key,
so an unknown or revoked token is a plain 404 that says nothing about which tokens exist.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_safe

from privacyreq.tracking import selectors
from privacyreq.tracking.calendar import calendar_for_requests, request_deadline

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _ics_response(data: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    # Deadlines are personal: no shared cache may keep them, and a revoked link stops at once.
    response["Cache-Control"] = "private, no-store"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def request_ics(request, pk: int):
    item = selectors.request_get(owner=request.user, pk=pk)
    if request_deadline(item) is None:
        messages.info(
            request,
            _(
                "This request has no deadline to add to a calendar yet: one appears once you mark "
                "it as sent (or lodge the complaint), and goes once it is answered or closed."
            ),
        )
        return redirect("tracking:request", pk=item.pk)
    data = calendar_for_requests(requests=[item], site_url=settings.SITE_URL, now=timezone.now())
    return _ics_response(data, filename=f"deadline-{item.pk}.ics")


@require_safe
def feed(request, token: str):
    preferences = selectors.preferences_by_calendar_token(token=token)
    if preferences is None:
        raise Http404
    requests = selectors.request_list(owner=preferences.user, today=timezone.localdate())
    # A calendar app fetches the feed from its own servers, in no language of the user's: the
    # events are written in the language the user chose for privacyreq's emails.
    with override(preferences.language):
        data = calendar_for_requests(
            requests=requests, site_url=settings.SITE_URL, now=timezone.now()
        )
    response = _ics_response(data)
    # The token is in the URL: keep it out of search engines should the link ever leak.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
