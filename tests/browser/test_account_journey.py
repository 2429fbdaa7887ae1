"""From letters to a complaint with an account, in a real browser: sign up from the result page
(email code), save and track the letters, mark one sent, record the refusal, escalate, download the
complaint bundle and the data export, then delete the account."""

import io
import json
import re
import uuid
import zipfile
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from privacyreq.tracking.models import Case, Request
from tests.browser.helpers import answer_questions, at, fill_day, pdf_text

NAME = "Niamh Ó Súilleabháin"
PASSWORD = "lanterns over quiet rivers 7"
# The letters are dated today (a letter is never sent before its date); the refusal recorded the
# same day is what makes the request escalable.
SENT = timezone.localdate()


def emailed_code(address: str) -> str:
    """The verification code, on its own line after the sentence that announces it."""
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, f"No email to {address}"
    match = re.search(
        r"Your code to confirm this email address:\s*\n\s*\n\s*(\S+)\s*\n", messages[-1].body
    )
    assert match, messages[-1].body
    return match.group(1)


def download(page, link):
    with page.expect_download() as info:
        link.click()
    result = info.value
    return result.suggested_filename, Path(result.path()).read_bytes()


def test_sign_up_track_send_record_escalate_export_and_delete(site):
    page = site.page
    # Unique per run: the address is the key of allauth's confirm_email rate limit (1 per 3 min).
    email = f"niamh-{uuid.uuid4().hex[:10]}@example.org"
    answer_questions(site, name=NAME, email=email, documents=["objection"])
    site.checkpoint("result")

    # --- sign up from the result page; the code is typed in the same tab ---------------------
    page.get_by_role("link", name="Create an account to track them").click()
    expect(page).to_have_url(at("/accounts/signup/?next=/start/result/%23track"))
    site.checkpoint("signup")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(at(reverse("account_email_verification_sent")))
    expect(page.get_by_text(email, exact=True)).to_be_visible()
    site.checkpoint("code")
    code = emailed_code(email)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    page.get_by_label("Code from the email").fill(code)
    page.get_by_role("button", name="Confirm").click()

    # Back on the letters, still in the session, now signed in.
    expect(page).to_have_url(re.compile(r"/start/result/#track$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your letters are ready")
    site.checkpoint("result-signed-in")
    page.get_by_role("button", name="Save and track these requests").click()

    # --- track, mark as sent, record the refusal ---------------------------------------------
    expect(page).to_have_url(at("/tracking/"))
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    site.checkpoint("dashboard")
    tracked = Request.objects.get(case__owner__email=email)
    page.get_by_role("link", name=re.compile("^Mark as sent")).click()

    expect(page).to_have_url(at(f"/tracking/requests/{tracked.pk}/sent/"))
    site.checkpoint("mark-sent")
    fill_day(page, "Date you sent it", SENT)
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(at(f"/tracking/requests/{tracked.pk}/"))
    expect(page.get_by_role("status")).to_contain_text("Marked as sent. The answer is due by")
    expect(page.get_by_text(f"{SENT.day} {SENT:%B %Y} by email")).to_be_visible()
    site.checkpoint("request-sent")
    page.get_by_role("link", name="Record what happened").click()

    expect(page).to_have_url(at(f"/tracking/requests/{tracked.pk}/record/"))
    site.checkpoint("record")
    page.get_by_label("Answered", exact=True).check()
    page.get_by_label("Refused", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(at(f"/tracking/requests/{tracked.pk}/"))
    expect(page.get_by_role("status")).to_contain_text("Recorded: Answered.")
    site.checkpoint("request-refused")

    # --- escalate from the dashboard ---------------------------------------------------------
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Your requests").click()
    expect(page).to_have_url(at("/tracking/"))
    site.checkpoint("dashboard-refused")
    page.get_by_role("link", name=re.compile("^Escalate to a complaint")).click()

    expect(page).to_have_url(at(f"/tracking/requests/{tracked.pk}/escalate/"))
    site.checkpoint("escalate")
    choices = page.get_by_role("radio")
    if choices.count() > 1:
        page.get_by_label(re.compile("lead authority")).check()
    expect(page.get_by_role("radio", checked=True)).to_have_count(1)
    page.get_by_role("button", name="Draft the complaint").click()

    expect(page).to_have_url(at(f"/tracking/requests/{tracked.pk}/"))
    expect(page.get_by_role("status")).to_contain_text("The complaint to")
    site.checkpoint("request-escalated")
    filename, bundle = download(page, page.get_by_role("link", name=re.compile("bundle")))
    assert filename == f"complaint-bundle-{tracked.pk}.pdf"
    text = pdf_text(bundle)
    assert NAME in text
    assert "Article 77" in text
    assert "Annex 1" in text
    assert "I object under Article 21(1) GDPR" in text  # the letter, behind its cover page

    # --- export ------------------------------------------------------------------------------
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Settings").click()
    expect(page).to_have_url(at("/settings/"))
    site.checkpoint("settings")
    # The export asks to confirm it is you first (issue 17, point 3), then starts by itself.
    page.get_by_role("link", name="Download my data").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("account_reauthenticate"))))
    page.get_by_label("Password").fill(PASSWORD)
    filename, export = download(page, page.get_by_role("button", name=re.compile("^Confirm")))
    assert filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(export)) as archive:
        assert "data.json" in archive.namelist()
        data = json.loads(archive.read("data.json"))
    assert email in json.dumps(data, ensure_ascii=False)

    # --- delete ------------------------------------------------------------------------------
    # The download left the browser on the confirmation page: back to the settings.
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Delete my account").click()
    expect(page).to_have_url(at("/settings/delete/"))
    site.checkpoint("delete")
    page.get_by_label("Type your email address to confirm").fill(email)
    page.get_by_role("button", name=re.compile("^Delete")).click()

    expect(page).to_have_url(at("/"))
    expect(page.get_by_role("status")).to_contain_text("Your account and everything stored")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    site.checkpoint("deleted")
    assert not get_user_model().objects.filter(email=email).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not Case.objects.exists()
