"""Accounts for the bundle downloaders of `make load`'s mixed scenario (bench/load.sh runs this
with ``manage.py shell``). Each has a verified address, a password, and a case whose objection went
unanswered and was escalated, with annexes like a real one: the reply as a PDF of a few pages and
two phone photos. Everything goes through the real services, so the bundle is the real one.

Writes one JSON object a line to LOAD_SEED_FILE: email, password, the complaint's request id.
"""

import datetime as dt
import io
import json
import os
import secrets

from PIL import Image


def _photo(seed: int) -> bytes:
    """A 6-megapixel JPEG (a phone photo), inside the upload limits."""
    image = Image.effect_noise((3000, 2000), 40 + seed).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _reply_pdf() -> bytes:
    from privacyreq.letters.pdf import html_to_pdf

    paragraphs = "".join(
        f"<p>Paragraph {number}: we have received your request and decline to act on it.</p>"
        for number in range(120)
    )
    return html_to_pdf(f'<!doctype html><html lang="en"><title>Reply</title>{paragraphs}</html>')


def _account(number: int, *, today: dt.date, annexes: list[tuple[bytes, str]]) -> dict:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from privacyreq.letters.services import answers_validate
    from privacyreq.tracking.attachments import attachment_add
    from privacyreq.tracking.escalation import request_escalate
    from privacyreq.tracking.services import case_create, request_mark_sent

    email = f"load-bundle-{number}@example.org"
    password = secrets.token_urlsafe(16)
    user = get_user_model().objects.create_user(username=email, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    letter_date = today - dt.timedelta(days=70)
    raw = {
        "platform": "x",
        "country": "IE",
        "full_name": f"Bundle Tester {number}",
        "email": email,
        "account": f"@bundle{number}",
        "postal_address": "1 Main Street\nDublin 8",
        "data": ["posts", "ai_chats"],
        "situation": [],
        "situation_text": "",
        "documents": ["objection"],
        "language": "en",
        "date": letter_date.isoformat(),
    }
    case = case_create(owner=user, answers=answers_validate(raw=raw, today=letter_date))
    request = case.requests.get(kind="objection")
    sent_on = letter_date + dt.timedelta(days=1)
    request_mark_sent(
        request=request, sent_on=sent_on, channel="email", reference="", actor=None, today=sent_on
    )
    for data, name in annexes:
        attachment_add(request=request, data=data, name=name, note="")
    request = request_escalate(request=request, complaint_to="lead", actor=user, today=today)
    return {"email": email, "password": password, "request": request.pk}


def main() -> None:
    from django.utils import timezone

    users = int(os.environ.get("LOAD_BUNDLE_USERS", "4"))
    annexes = [(_reply_pdf(), "reply.pdf"), (_photo(1), "photo-1.jpg"), (_photo(2), "photo-2.jpg")]
    today = timezone.localdate()
    with open(os.environ["LOAD_SEED_FILE"], "w", encoding="utf-8") as out:
        for number in range(1, users + 1):
            account = _account(number, today=today, annexes=annexes)
            out.write(json.dumps(account) + "\n")
