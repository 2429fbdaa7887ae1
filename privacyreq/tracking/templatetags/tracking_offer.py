"""The result page's offer to track the letters, rendered by tracking itself so that letters
never asks whether its results were saved: ``{% load tracking_offer %}{% tracking_offer next %}``.

``next`` is where signing up or logging in returns to (the result page's own address).
"""

from django import template

from privacyreq.core.sessions import TRACKED_KEY
from privacyreq.tracking.selectors import case_exists

register = template.Library()


def _tracked_case(request) -> int | None:
    """The case these results were saved as, if this user saved them (shown instead of "Track")."""
    case_id = request.session.get(TRACKED_KEY)
    if case_id and request.user.is_authenticated and case_exists(owner=request.user, pk=case_id):
        return case_id
    return None


@register.inclusion_tag("tracking/offer.html", takes_context=True)
def tracking_offer(context, next_url: str) -> dict:
    request = context["request"]
    # An inclusion tag's template gets a fresh context: the user and the CSRF token (which
    # Django copies across) are all it needs from the page's.
    return {
        "tracked_case": _tracked_case(request),
        "user": request.user,
        "next_url": next_url,
    }
