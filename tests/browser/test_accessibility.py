"""axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on every form in its error state, and on the
states test_screens does not reach: an escalation refused, the two-step page once it is on.
test_screens checks every page as it first shows, at three widths in light and dark; these tests
pass through the same pages without checking them again.

Each test looks at all its pages before failing, so one run lists every problem."""

import datetime as dt
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from privacyreq.tracking import services
from tests.accounts.helpers import PASSWORD, link_from, totp_now
from tests.browser.helpers import answer_until, at, fill_day, log_in
from tests.factories import (
    CaseFactory,
    RequestFactory,
    StoredDocumentFactory,
    UserFactory,
    x_answers,
)


class Audit:
    """Collects axe-core's findings page after page, then fails once with all of them."""

    def __init__(self, site):
        self.site = site
        self.page = site.page
        self.problems: list[str] = []

    def check(self, label: str) -> None:
        self.problems += self.site.audit(label)

    def go(self, path: str, *, status: int = 200) -> None:
        """Open a page without checking it: test_screens checks every page as it first shows."""
        response = self.page.goto(path)
        assert response is not None and response.status == status, (path, response)

    def visit(self, label: str, path: str) -> None:
        self.go(path)
        self.check(label)

    def submit(self, label: str, button: str = "Continue") -> None:
        """Send the form as it is, expecting it to come back with an error summary."""
        self.page.get_by_role("button", name=button).click()
        expect(self.page.locator("[data-error-summary]")).to_be_visible()
        self.check(label)

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def test_public_and_sign_in_pages(site):
    audit = Audit(site)
    page = site.page
    audit.go(reverse("account_login"))
    audit.submit("login-error", "Log in")
    audit.go(reverse("account_signup"))
    page.get_by_label("Email address").fill("not-an-address")
    audit.submit("signup-error", "Sign up")
    audit.go(reverse("account_reset_password"))
    audit.submit("password-reset-error", "Email me a link")
    user = UserFactory()
    page.get_by_label("Email address").fill(user.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page).to_have_url(at(reverse("account_reset_password_done")))
    audit.go(link_from(mail.outbox[-1]))
    audit.submit("password-reset-from-key-error", "Save new password")
    audit.assert_clean()


def test_every_question_with_and_without_errors(site):
    """Another organisation in Germany (organisation and Land questions), then the platform
    changed to X from the check page, which opens the services and complaint authority
    questions."""
    audit = Audit(site)
    page = site.page

    audit.go("/start/")
    audit.submit("platform-error")
    page.get_by_label("Another organisation").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/organisation/"))
    audit.submit("organisation-error")
    page.get_by_label("Legal name of the organisation").fill("Example Social GmbH")
    page.get_by_label("Postal address").fill("Beispielweg 1\n10115 Berlin")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/country/"))
    audit.submit("country-error")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/region/"))
    audit.submit("region-error")
    page.get_by_label("Land").select_option("DE-BE")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/details/"))
    audit.submit("details-error")
    page.get_by_label("Full name").fill("Jana Beispiel")
    page.get_by_label("Email address").fill("jana@example.org")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/data/"))
    audit.submit("data-error")
    page.get_by_label("My profile information").check()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/situation/"))
    page.get_by_label("Something else about my situation").check()
    audit.submit("situation-error")
    page.get_by_label("In your own words (optional)").fill("I am a journalist.")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/switched-off/"))
    audit.submit("switched-off-error")
    page.get_by_label("Yes", exact=True).check()
    audit.submit("switched-off-date-error")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/notice/"))
    audit.submit("notice-error")
    page.get_by_label("I am not sure").check()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/documents/"))
    # The recommended pair comes ticked: untick both to see the error.
    page.get_by_label("Objection to AI training (Art. 21(1) GDPR)").uncheck()
    page.get_by_label("Erasure of data used for training (Art. 17 GDPR)").uncheck()
    audit.submit("documents-error")
    page.get_by_label("Objection to AI training (Art. 21(1) GDPR)").check()
    page.get_by_label("Complaint to a data protection authority (Art. 77 GDPR)").check()
    page.get_by_role("button", name="Continue").click()

    # How the letters go decides when the organisation's month starts.
    expect(page).to_have_url(at("/start/sent-by/"))
    audit.submit("sent-by-error")
    page.get_by_label("By email").check()
    page.get_by_role("button", name="Continue").click()

    # The details left the postal address empty: the complaint asks for it on its own step.
    expect(page).to_have_url(at("/start/postal-address/"))
    audit.submit("postal-address-error")
    page.get_by_label("Postal address").fill("Alt-Moabit 1\n10555 Berlin")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/earlier-request/"))
    audit.submit("earlier-request-error")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/representative/"))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/other-proceedings/"))
    audit.submit("other-proceedings-error")
    page.get_by_label("No, I have not started any other proceedings about this").check()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(at("/start/check/"))
    page.get_by_role("link", name="Change platform").click()
    # Several may be ticked; "Another organisation" goes alone.
    page.get_by_label("Another organisation").uncheck()
    page.get_by_role("checkbox", name=re.compile(r"^X \(")).check()
    page.get_by_role("button", name="Save and return").click()
    # X has two services: which the visitor uses is asked before the authority.
    expect(page).to_have_url(at("/start/services/?change=1"))
    page.get_by_label("Grok", exact=True).check()
    page.get_by_role("button", name="Save and return").click()
    # What was said about the other organisation's setting says nothing about X's: asked again.
    expect(page).to_have_url(at("/start/switched-off/?change=1"))
    answer_until(site, "/start/authority/?change=1")
    audit.submit("authority-error", "Save and return")
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Save and return").click()
    answer_until(site, "/start/check/")
    audit.assert_clean()


def test_account_tracking_and_two_step_login_pages(site):
    audit = Audit(site)
    page = site.page
    user = UserFactory()
    today = timezone.localdate()
    # Dated before the sending date below: a letter is never sent before its date.
    case = CaseFactory(owner=user, answers=x_answers(date="2025-01-01"))
    draft = RequestFactory(case=case)
    sent = RequestFactory(
        case=case, document=StoredDocumentFactory(case=case, kind="erasure", title="Erasure")
    )
    services.request_mark_sent(
        request=sent, sent_on=dt.date(2025, 1, 10), channel="email", actor=user, today=today
    )

    log_in(page, user.email)
    expect(page).to_have_url(at("/tracking/"))
    audit.go(f"/tracking/requests/{draft.pk}/sent/")
    for box in page.get_by_role("group", name="Date you sent it").get_by_role("textbox").all():
        box.fill("")
    audit.submit("mark-sent-error", "Save")
    # Before the letter's date: refused, with the offer to re-date the letter.
    fill_day(page, "Date you sent it", dt.date(2024, 12, 20))
    page.get_by_label("Email", exact=True).check()
    audit.submit("mark-sent-redate", "Save")
    expect(page.get_by_role("button", name="Re-date the letter")).to_be_visible()
    audit.visit("escalate-refused", f"/tracking/requests/{draft.pk}/escalate/")
    audit.go(f"/tracking/requests/{sent.pk}/record/")
    audit.submit("record-error", "Save")

    audit.go(reverse("account_change_password"))
    audit.submit("password-change-error", "Change password")

    # Two-step login: set up an authenticator (after typing the password again), see the
    # recovery codes, then log in again with one of them.
    page.goto(reverse("mfa_activate_totp"))
    expect(page).to_have_url(re.compile(re.escape(reverse("account_reauthenticate"))))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^Confirm")).click()
    expect(page).to_have_url(at(reverse("mfa_activate_totp")))
    audit.submit("totp-activate-error", "Turn on two-step login")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code from the app").fill(totp_now(secret))
    page.get_by_role("button", name="Turn on two-step login").click()
    expect(page).not_to_have_url(at(reverse("mfa_activate_totp")))
    audit.go(reverse("mfa_view_recovery_codes"))
    recovery_code = page.locator("#recovery_codes li").first.inner_text().strip()
    audit.visit("two-step-on", reverse("mfa_index"))
    # Deleting the account asks to confirm it is you first (issue 17, point 3): done above with the
    # password, a few minutes ago at most, so the page opens.
    audit.go("/settings/delete/")
    page.get_by_label("Type your email address to confirm").fill("someone-else@example.org")
    audit.submit("delete-error", "Delete my account and all my data")

    audit.go(reverse("account_logout"))
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    log_in(page, user.email)
    expect(page).to_have_url(at(reverse("mfa_authenticate")))
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(recovery_code)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(at("/tracking/"))
    audit.assert_clean()
