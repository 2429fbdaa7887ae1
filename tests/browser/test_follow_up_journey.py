"""Issue 16's journey in a real browser: a newcomer tracks a case, records a reply that demanded an
ID copy, downloads the reply letter, records no answer to it and escalates: one complaint naming
both letters and the ID demand, with the reply email (.eml) as annex pages. On the way the letters
are re-dated to the days they were sent, as a sending date before a letter's date is refused."""

import datetime as dt
import re
from email.message import EmailMessage
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from privacyreq.tracking.models import Request
from tests.accounts.helpers import PASSWORD
from tests.browser.helpers import answer_questions, at, fill_day, pdf_text
from tests.factories import UserFactory

NAME = "Siobhán Ní Bhriain"


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def reply_email(tmp_path: Path, *, on: dt.date) -> Path:
    message = EmailMessage()
    message["From"] = "Privacy Team <privacy@x.example>"
    message["To"] = "siobhan@example.org"
    message["Date"] = f"{on:%a, %d %b %Y} 10:15:00 +0000"
    message["Subject"] = "Re: Your objection [ref 4471]"
    message.set_content(
        "Hello,\n\nBefore we can act on your request, please send us a copy of your passport."
    )
    path = tmp_path / "reply-from-x.eml"
    path.write_bytes(message.as_bytes())
    return path


def test_id_demand_reply_letter_no_answer_then_one_complaint(site, tmp_path):
    page = site.page
    today = timezone.localdate()
    objection_sent = today - dt.timedelta(days=45)
    id_demand_on = objection_sent + dt.timedelta(days=5)
    reply_sent = today - dt.timedelta(days=20)
    user = UserFactory()

    page.goto(reverse("account_login"))
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(at("/tracking/"))

    answer_questions(site, name=NAME, email="siobhan@example.org", documents=["objection"])
    page.get_by_role("button", name="Save and track these requests").click()
    expect(page).to_have_url(at("/tracking/"))
    site.checkpoint("dashboard-by-case")
    expect(page.locator("tbody.case-group")).to_have_count(1)
    objection = Request.objects.get(case__owner=user, kind="objection")

    # --- sent 45 days ago: refused, then the letter is re-dated to that day ---------------
    page.get_by_role("link", name=re.compile("^Mark as sent")).click()
    fill_day(page, "Date you sent it", objection_sent)
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("cannot have been sent before")
    site.checkpoint("mark-sent-before-letter-date")
    page.get_by_role("button", name="Re-date the letter").click()
    expect(page.get_by_role("status")).to_contain_text("The letter is now dated")
    fill_day(page, "Date you sent it", objection_sent)
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(at(f"/tracking/requests/{objection.pk}/"))

    # --- the reply demanded an ID copy; the reply email is attached ---------------------
    page.get_by_role("link", name="Record what happened").click()
    page.get_by_label("Acknowledged", exact=True).check()
    fill_day(page, "Date it happened", id_demand_on)
    page.get_by_label("They asked for a copy of my ID although my account identifies me").check()
    site.checkpoint("record-with-problems")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(at(f"/tracking/requests/{objection.pk}/"))
    page.get_by_label(re.compile("Their reply")).set_input_files(
        str(reply_email(tmp_path, on=id_demand_on))
    )
    page.get_by_role("button", name="Attach").click()
    expect(page.get_by_role("status")).to_contain_text("The file is attached.")
    site.checkpoint("request-with-problems")

    # --- the reply letter: written, downloaded, re-dated and sent ------------------------
    page.get_by_role("button", name="Write a reply letter").click()
    reply = Request.objects.get(follows=objection)
    expect(page).to_have_url(at(f"/tracking/requests/{reply.pk}/"))
    expect(page.get_by_role("status")).to_contain_text("Your reply letter is written")
    site.checkpoint("reply-letter")
    letter = pdf_text(download(page, page.get_by_role("link", name=re.compile(r"\(PDF\)$"))))
    assert "You asked me for a copy of an identity document" in letter
    assert "paragraphs 72–74" in letter  # noqa: RUF001

    page.get_by_role("link", name=re.compile("^Mark as sent")).click()
    fill_day(page, "Date you sent it", reply_sent)
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Re-date the letter").click()
    fill_day(page, "Date you sent it", reply_sent)
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(at(f"/tracking/requests/{reply.pk}/"))

    # --- no answer to it: overdue, then escalate --------------------------------------------
    page.get_by_role("link", name="Record what happened").click()
    page.get_by_label("Overdue", exact=True).check()
    fill_day(page, "Date it happened", today)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(at(f"/tracking/requests/{reply.pk}/"))
    page.get_by_role("link", name="Escalate to a complaint").first.click()
    expect(page).to_have_url(at(f"/tracking/requests/{reply.pk}/escalate/"))
    expect(page.get_by_text("One complaint for the whole case")).to_be_visible()
    site.checkpoint("escalate-whole-case")
    if page.get_by_role("radio").count() > 1:
        page.get_by_label(re.compile("lead authority")).check()
    page.get_by_role("button", name="Draft the complaint").click()
    expect(page.get_by_role("status")).to_contain_text("The complaint to")

    bundle = pdf_text(download(page, page.get_by_role("link", name=re.compile("bundle"))))
    assert "I sent the controller my objection under Article 21(1) GDPR by email" in bundle
    assert "the controller asked me for a copy of an identity document" in bundle
    assert "I sent the controller my answer to its reply by email" in bundle
    assert "Re: Your objection [ref 4471]" in bundle  # the reply email, as annex pages
    assert "please send us a copy of your passport" in bundle
    objection.refresh_from_db()
    reply.refresh_from_db()
    assert objection.complaint_id == reply.complaint_id is not None
    assert objection.case.documents.filter(kind="complaint").count() == 1
    site.assert_clean()
