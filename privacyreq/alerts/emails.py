"""The emails alerts sends: plain text, each with a one-click unsubscribe (RFC 8058)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from privacyreq.alerts.models import Watcher
from privacyreq.alerts.tokens import unsubscribe_token_make


def unsubscribe_url(*, watcher: Watcher, site_url: str) -> str:
    token = unsubscribe_token_make(watcher=watcher)
    return site_url + reverse("alerts:unsubscribe", args=[token])


def alert_message(
    *, template: str, context: dict, watcher: Watcher, to: str, site_url: str
) -> EmailMessage:
    """``alerts/email/<template>_subject.txt`` and ``_body.txt`` rendered in the active language,
    with the unsubscribe link in the body and in the headers mail programs show as a button."""
    link = unsubscribe_url(watcher=watcher, site_url=site_url)
    context = {**context, "unsubscribe_url": link, "site_url": site_url}
    # A subject is one line whatever the template's line breaks.
    subject = " ".join(render_to_string(f"alerts/email/{template}_subject.txt", context).split())
    return EmailMessage(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}_body.txt", context),
        to=[to],
        headers={
            # RFC 3834: out-of-office replies should not answer an automatic message.
            "Auto-Submitted": "auto-generated",
            # RFC 2369 and RFC 8058: the mail program's own unsubscribe button POSTs to the link.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
