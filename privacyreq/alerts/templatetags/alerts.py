from django import template

from privacyreq.alerts.forms import AccountWatchForm
from privacyreq.alerts.selectors import account_watched_slugs

register = template.Library()


@register.simple_tag
def account_watch_form(user) -> AccountWatchForm:
    """The settings page's form, ticked as the account watches now (the page's view knows
    nothing of alerts: the section is an include)."""
    return AccountWatchForm(initial={"platforms": account_watched_slugs(user=user)})
