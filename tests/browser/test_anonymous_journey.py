"""An anonymous visitor writes letters to X from start to finish, in a real browser: a mistake on
the way, the browser's back button, a changed answer, then the PDF downloaded and read back."""

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import at, continue_to, fill_day, pdf_text

NAME = "Aoife Murphy"
NEW_NAME = "Aoife Ní Bhriain"
EMAIL = "aoife@example.org"
TYPO = "aoife.example.org"
EMAIL_ERROR = "Enter an email address like name@example.com."


def test_anonymous_visitor_writes_an_objection_to_x(site):
    page = site.page
    site.goto("/start/for/x/")

    # The platform is known from the link, so the first question is the country.
    expect(page).to_have_url(at("/start/country/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Where do you live?")
    # Progress in four parts, which never change along the way (issue 18), and the platform said.
    expect(page.get_by_text("Part 1 of 4: You and the platform")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your letters will go to X.")
    site.checkpoint("country")
    page.get_by_label("Country").select_option("IE")
    continue_to(page, "/start/details/")

    site.checkpoint("details")
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email address").fill(TYPO)
    page.get_by_label("Account name or handle (optional)").fill("@aoife")
    page.get_by_role("button", name="Continue").click()

    # A mistake: the summary at the top (focused, so it is read first) links to the field, the
    # field says what is wrong, and everything typed is still there.
    expect(page).to_have_url(at("/start/details/"))
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    summary_link = summary.get_by_role("link", name=EMAIL_ERROR)
    expect(summary_link).to_have_attribute("href", "#id_email")
    email = page.get_by_label("Email address")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#div_id_email")).to_contain_text(EMAIL_ERROR)
    expect(email).to_have_value(TYPO)
    expect(page.get_by_label("Full name")).to_have_value(NAME)
    expect(page.get_by_label("Account name or handle (optional)")).to_have_value("@aoife")
    site.checkpoint("details-error")
    summary_link.click()
    expect(email).to_be_focused()
    email.fill(EMAIL)
    continue_to(page, "/start/services/")

    # X has two services: the question lists them; the letters name the one ticked.
    site.checkpoint("services")
    page.get_by_label("X", exact=True).check()
    continue_to(page, "/start/data/")

    site.checkpoint("data")
    page.get_by_label("My posts, replies and the text I published").check()
    continue_to(page, "/start/situation/")

    # The browser's back button returns to the answered question, which shows the answer; going
    # on from there works as if nothing happened.
    page.go_back()
    expect(page).to_have_url(at("/start/data/"))
    expect(page.get_by_label("My posts, replies and the text I published")).to_be_checked()
    expect(page.get_by_label("Photos and videos I uploaded")).not_to_be_checked()
    site.checkpoint("data-after-back")
    continue_to(page, "/start/situation/")

    site.checkpoint("situation")
    page.get_by_label("I publish my own creative work (writing, art, photos)").check()
    continue_to(page, "/start/switched-off/")

    site.checkpoint("switched-off")
    page.get_by_label("Yes", exact=True).check()
    fill_day(page, "When did you switch it off?", dt.date(2024, 7, 27))
    continue_to(page, "/start/notice/")

    site.checkpoint("notice")
    page.get_by_label("No, I was not told").check()
    continue_to(page, "/start/documents/")

    site.checkpoint("documents")
    page.get_by_label("Objection to AI training (Art. 21(1) GDPR)").check()
    page.get_by_label("Erasure of data used for training (Art. 17 GDPR)").check()
    continue_to(page, "/start/sent-by/")

    site.checkpoint("sent-by")
    page.get_by_label("Through the organisation's online privacy form").check()
    continue_to(page, "/start/check/")

    site.checkpoint("check")
    answers = page.locator("dl.check-answers")
    expect(answers).to_contain_text(NAME)
    expect(answers).to_contain_text("Ireland")
    expect(answers).to_contain_text("Yes, on 27 July 2024")

    # "Change" goes to the question and "Save and return" back to the check page.
    page.get_by_role("link", name="Change name").click()
    expect(page).to_have_url(at("/start/details/?change=1"))
    expect(page.get_by_role("link", name="Back to your answers")).to_be_visible()
    site.checkpoint("details-change")
    page.get_by_label("Full name").fill(NEW_NAME)
    page.get_by_role("button", name="Save and return").click()
    expect(page).to_have_url(at("/start/check/"))
    expect(answers).to_contain_text(NEW_NAME)
    expect(answers).not_to_contain_text(NAME)

    page.get_by_role("button", name="Write my letters").click()
    expect(page).to_have_url(at("/start/result/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your letters are ready")
    site.checkpoint("result")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download PDF\W+Objection")).click()
    download = download_info.value
    # Named for the platform, the document and the letter's date (issue 18).
    assert download.suggested_filename == f"privacyreq-x-objection-{dt.date.today():%Y-%m-%d}.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    squeezed = re.sub(r"\s+", "", text)

    assert NEW_NAME in text and NAME not in text
    assert EMAIL in text
    assert "X Internet Unlimited Company" in text
    assert "Article21(1)" in squeezed
    assert "I object under Article 21(1) GDPR" in text
    assert (
        "On 27 July 2024 I switched off the setting that allowed the use of my data for training"
        in text
    )
    assert "My creative work." in text
    assert "I use X with the account @aoife." in text
