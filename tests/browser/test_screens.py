"""Every page a visitor or account holder can reach (issue 18), photographed at 1280, 390 and
320 px wide in the light and the dark colour scheme (``<width>-<scheme>-<page>.jpg`` in the run's
screenshot folder), each checked for sideways scrolling, radio and checkbox rows under 44 px and
axe-core's serious or critical findings. Each test looks at all its pages in all six ways before
failing, so one run lists every problem.

A page is loaded once and then re-laid out at each width and turned dark and light (site.js
follows the system's scheme without a reload), which keeps the whole file to a few minutes.
PAGES is the one list of pages; a test fails when it photographs more or fewer, and
test_every_route_has_a_page fails when a route is added without a page here (or a reason)."""

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import expect

from privacyreq.alerts.models import Watcher
from privacyreq.alerts.tokens import unsubscribe_token_make
from privacyreq.letters.cache import documents_cache_clear
from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from privacyreq.tracking.escalation import request_escalate
from tests.accounts.helpers import PASSWORD, link_from, totp_now
from tests.alerts.helpers import link_in
from tests.browser.helpers import (
    MIN_TARGET,
    answer_until,
    answer_what_is_left,
    at,
    continue_to,
    log_in,
)
from tests.browser.screens import NOT_PAGES, PAGES, ROUTE_PAGES, WINDOWS, Screens
from tests.factories import UserFactory, x_answers


def test_public_and_sign_in_screens(site, settings):
    screens = Screens(site)
    page = site.page
    screens.visit("home", "/")
    # The four first, OpenAI (letters, a fact not confirmed) and Reddit (no letters offered).
    for slug in ("x", "meta", "linkedin", "google", "openai", "reddit"):
        screens.visit(f"platform-{slug}", f"/platforms/{slug}/")
    screens.visit("about", reverse("core:about"))
    screens.visit("contact", reverse("core:contact"))
    screens.visit("privacy", reverse("core:privacy"))
    screens.visit("legal-notice", reverse("core:legal_notice"))
    screens.visit("not-found", "/no-such-page/", status=404)
    screens.visit("login", reverse("account_login"))
    # Too many logins from one address: allauth's 429 page.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "0/m/ip"}
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(lambda r: r.status == 429):
        page.get_by_role("button", name="Log in").click()
    screens.take("too-many-attempts")
    screens.visit("signup", reverse("account_signup"))
    screens.visit("password-reset", reverse("account_reset_password"))
    user = UserFactory()
    page.get_by_label("Email address").fill(user.email)
    continue_to(page, reverse("account_reset_password_done"), "Email me a link")
    screens.take("password-reset-done")
    screens.visit("password-reset-from-key", link_from(mail.outbox[-1]))
    screens.assert_clean("public")


def test_warning_screens(site):
    """Warnings before training starts: asking, the error, the email, confirming, stopping."""
    screens = Screens(site)
    page = site.page
    screens.visit("warnings", reverse("alerts:subscribe"))
    continue_to(page, reverse("alerts:subscribe"), "Send me the confirmation link")
    screens.take("warnings-error")
    page.get_by_label("Your email address").fill("watcher@example.org")
    page.get_by_label("X", exact=True).check()
    continue_to(page, reverse("alerts:check_email"), "Send me the confirmation link")
    screens.take("warnings-check-email")
    confirm = link_in(mail.outbox[-1], "/warnings/confirm/")
    screens.visit("warnings-confirm", confirm)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("h1")).to_have_text("Your warnings are on")
    screens.take("warnings-confirmed")
    watcher = Watcher.objects.get(email="watcher@example.org")
    stop = reverse("alerts:unsubscribe", args=[unsubscribe_token_make(watcher=watcher)])
    screens.visit("warnings-stop", stop)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("The warnings are stopped")
    screens.take("warnings-stopped")
    screens.assert_clean("warnings")


def check_change_links(page) -> Callable[[int], list[str]]:
    """Each "Change" link on the check page is a 44 px target, like the rest."""

    def check(width: int) -> list[str]:
        links = page.locator("main .check-answers a")
        problems = [] if links.count() else ["no Change links found"]
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            if box is None or box["height"] < MIN_TARGET:
                problems.append(f"the Change link {index + 1} is {box and box['height']}px tall")
        return problems

    return check


def first_download_on_screen(page) -> Callable[[int], list[str]]:
    """On a phone the first "Download PDF" is on the first screen, not after the whole plan."""

    def check(width: int) -> list[str]:
        if width > 390:
            return []
        box = page.get_by_role("link", name="Download PDF").first.bounding_box()
        top = box["y"] + page.evaluate("window.scrollY") if box else None
        if top is None or top + MIN_TARGET > WINDOWS[width]:
            return [f"the first Download PDF is at {top}px, below the first screen"]
        return []

    return check


def test_question_and_letter_screens(site, settings):
    """Another organisation in Germany, with every follow-up question its answers open, then the
    earlier request changed to yes and the platform to X from the check page (services and
    authority questions), the letters, and the page shown over the PDF rate limit."""
    screens = Screens(site)
    page = site.page
    screens.visit("platform", "/start/")
    page.get_by_label("Another organisation").check()
    continue_to(page, "/start/organisation/")
    screens.take("organisation")
    page.get_by_label("Legal name of the organisation").fill("Example Social GmbH")
    page.get_by_label("Postal address").fill("Beispielweg 1\n10115 Berlin")
    continue_to(page, "/start/country/")
    screens.take("country")
    page.get_by_label("Country").select_option("DE")
    continue_to(page, "/start/region/")
    screens.take("region")
    page.get_by_label("Land").select_option("DE-BE")
    continue_to(page, "/start/details/")
    screens.take("details")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    screens.take("details-error")
    page.get_by_label("Full name").fill("Maximiliane Wolkenstein-Oberhausen")
    page.get_by_label("Email address").fill("maximiliane.wolkenstein-oberhausen@example.org")
    continue_to(page, "/start/data/")
    screens.take("data")
    page.get_by_label("My profile information").check()
    continue_to(page, "/start/situation/")
    screens.take("situation")
    page.get_by_role("checkbox", name=re.compile("reveal sensitive things")).check()
    page.get_by_role("checkbox", name=re.compile("involves professional secrecy")).check()
    continue_to(page, "/start/sensitive/")
    screens.take("sensitive")
    page.locator("main input[type=checkbox]").first.check()
    continue_to(page, "/start/profession/")
    screens.take("profession")
    page.locator("main input[type=text]").first.fill("Journalist")
    continue_to(page, "/start/switched-off/")
    screens.take("switched-off")
    page.get_by_label("No", exact=True).check()
    continue_to(page, "/start/notice/")
    screens.take("notice")
    page.get_by_label("No, I was not told").check()
    continue_to(page, "/start/documents/")
    screens.take("documents")
    page.get_by_label("Erasure of data used for training (Art. 17 GDPR)").uncheck()
    page.get_by_label("Complaint to a data protection authority (Art. 77 GDPR)").check()
    continue_to(page, "/start/sent-by/")
    screens.take("sent-by")
    page.get_by_label("By email").check()
    continue_to(page, "/start/postal-address/")
    screens.take("postal-address")
    page.get_by_label("Postal address").fill("Alt-Moabit 1\n10555 Berlin")
    continue_to(page, "/start/earlier-request/")
    screens.take("earlier-request")
    page.get_by_label("No", exact=True).check()
    continue_to(page, "/start/complaint-timing/")
    screens.take("complaint-timing")
    page.locator("main input[type=radio]").first.check()
    continue_to(page, "/start/representative/")
    screens.take("representative")
    continue_to(page, "/start/other-proceedings/")
    screens.take("other-proceedings")
    page.get_by_label("No, I have not started any other proceedings about this").check()
    continue_to(page, "/start/check/")
    screens.take("check-other-organisation", extra=check_change_links(page))

    # An earlier request after all: its details are asked next.
    page.get_by_role("link", name=re.compile("^Change earlier request", re.IGNORECASE)).click()
    page.get_by_label("Yes", exact=True).check()
    answer_what_is_left(page)  # when it was sent
    continue_to(page, "/start/earlier-request-details/?change=1", "Save and return")
    screens.take("earlier-request-details")
    answer_what_is_left(page)
    page.get_by_role("button", name="Save and return").click()
    for _ in range(3):  # the questions the new answer opens, if any, until the check page
        if site.path() == "/start/check/":
            break
        answer_what_is_left(page)
        page.get_by_role("button", name="Save and return").click()
    expect(page).to_have_url(at("/start/check/"))

    # X has two services: which the visitor uses is asked before the authority.
    page.get_by_role("link", name="Change platform").click()
    # Several may be ticked; "Another organisation" goes alone.
    page.get_by_label("Another organisation").uncheck()
    page.get_by_role("checkbox", name=re.compile(r"^X \(")).check()
    continue_to(page, "/start/services/?change=1", "Save and return")
    screens.take("services")
    page.get_by_label("Grok", exact=True).check()
    page.get_by_role("button", name="Save and return").click()
    # What was said about the other organisation's setting and notice says nothing about X's:
    # asked again, then the authority.
    answer_until(site, "/start/authority/?change=1")
    screens.take("authority")
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Save and return").click()
    answer_until(site, "/start/check/")
    screens.take("check", extra=check_change_links(page))
    continue_to(page, "/start/result/", "Write my letters")
    screens.take("result", extra=first_download_on_screen(page))

    # Over the limit of fresh PDFs: the page that says when to come back.
    settings.LETTERS_RENDER_RATE_LIMIT = "1/m/ip"
    href = page.get_by_role("link", name="Download PDF").first.get_attribute("href")
    documents_cache_clear()  # forgotten, so each request renders afresh
    assert page.request.get(href).status == 200  # the one render a minute allowed
    documents_cache_clear()
    screens.visit("letters-too-many", href, status=429)
    screens.assert_clean("questionnaire")


def test_several_platforms_screens(site):
    """Instagram (Meta), X and LinkedIn from one questionnaire: a question asked for one of them,
    the check page with a row for each, and the result page with a plan for each."""
    screens = Screens(site)
    page = site.page
    page.goto("/start/")
    for name in ("Meta", "X", "LinkedIn"):
        # Named with their services, as people know them: "Meta (Facebook, Instagram, …)".
        page.get_by_role("checkbox", name=re.compile(rf"^{name}( \(|$)")).check()
    continue_to(page, "/start/country/")
    page.get_by_label("Country").select_option("NL")
    continue_to(page, "/start/details/")
    page.get_by_label("Full name").fill("Sanne de Vries")
    page.get_by_label("Email address").fill("sanne@example.org")
    # In the list's order: X first.
    continue_to(page, "/start/x/services/")
    page.get_by_label("X", exact=True).check()
    continue_to(page, "/start/meta/services/")
    screens.take("several-services")
    page.get_by_label("Instagram", exact=True).check()
    continue_to(page, "/start/data/")
    page.get_by_label("My posts, replies and the text I published").check()
    continue_to(page, "/start/situation/")
    continue_to(page, "/start/x/switched-off/")
    screens.take("several-switched-off")
    for _ in range(12):  # each platform's questions, then the documents, until the check page
        if site.path() == "/start/check/":
            break
        answer_what_is_left(page)
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/check/"))
    screens.take("several-check", extra=check_change_links(page))
    continue_to(page, "/start/result/", "Write my letters")
    expect(page.get_by_role("heading", name="LinkedIn", exact=True)).to_be_visible()
    screens.take("several-result")
    screens.assert_clean("several")


def tracked_case(owner, *, letter_date: dt.date, documents: list[str]):
    answers = answers_validate(
        raw=x_answers(date=letter_date.isoformat(), documents=documents), today=letter_date
    )
    return services.case_create(owner=owner, answers=answers)


def account_with_requests(user) -> dict:
    """Requests in every state a user meets: still to send, sent, overdue, answered, escalated."""
    today = timezone.localdate()
    letter_date = today - dt.timedelta(days=90)
    case = tracked_case(
        user, letter_date=letter_date, documents=["objection", "erasure", "access", "restriction"]
    )
    found = {kind: case.requests.get(kind=kind) for kind in ("objection", "erasure", "access")}

    def mark_sent(request, days_ago: int):
        on = today - dt.timedelta(days=days_ago)
        services.request_mark_sent(
            request=request, sent_on=on, channel="email", actor=user, today=on
        )

    mark_sent(found["objection"], 3)
    mark_sent(found["erasure"], 80)
    mark_sent(found["access"], 80)
    services.request_record(
        request=found["access"],
        status="answered",
        outcome="partly",
        on=today - dt.timedelta(days=10),
        actor=user,
        today=today,
    )
    other = tracked_case(user, letter_date=letter_date, documents=["objection"])
    escalated = other.requests.get(kind="objection")
    mark_sent(escalated, 80)
    request_escalate(request=escalated, complaint_to="lead", actor=user, today=today)
    return {
        "draft": case.requests.get(kind="restriction"),
        "sent": found["objection"],
        "overdue": found["erasure"],
        "answered": found["access"],
        "escalated": escalated,
    }


def actions_on_screen(page) -> Callable[[int], list[str]]:
    """Each request's next step shows in the window, 44 px tall, not cut off in a sideways
    scrolling table or covered by anything."""

    def check(width: int) -> list[str]:
        actions = page.locator("main .requests-table .btn")
        problems = [] if actions.count() >= 2 else ["fewer than two next steps"]
        for index in range(actions.count()):
            action = actions.nth(index)
            action.scroll_into_view_if_needed()
            box = action.bounding_box()
            hit = action.evaluate(
                """(el) => {
                  const box = el.getBoundingClientRect();
                  const top = document.elementFromPoint(
                    box.left + box.width / 2, box.top + box.height / 2);
                  return el.contains(top);
                }"""
            )
            inside = box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
            if not (inside and hit and box["height"] >= MIN_TARGET):
                problems.append(f"next step {index + 1} is off screen, covered or small: {box}")
        return problems

    return check


def test_account_screens(site):
    screens = Screens(site)
    page = site.page
    user = UserFactory()
    log_in(page, user.email)
    expect(page).to_have_url(at("/tracking/"))
    screens.take("dashboard-empty")
    requests = account_with_requests(user)
    screens.visit("dashboard", "/tracking/", extra=actions_on_screen(page))
    for state, request in requests.items():
        screens.visit(f"request-{state}", f"/tracking/requests/{request.pk}/")
    screens.visit("mark-sent", f"/tracking/requests/{requests['draft'].pk}/sent/")
    screens.visit("record", f"/tracking/requests/{requests['sent'].pk}/record/")
    screens.visit("escalate", f"/tracking/requests/{requests['overdue'].pk}/escalate/")
    screens.visit("settings", reverse("accounts:settings"))
    screens.visit("email", reverse("account_email"))
    screens.visit("password-change", reverse("account_change_password"))
    # The data export asks to confirm it is you first; the file itself is not a page.
    screens.visit("export-reauthenticate", reverse("accounts:export"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^Confirm")).click()
    page.wait_for_load_state()

    screens.visit("two-step", reverse("mfa_index"))
    screens.visit("totp-activate", reverse("mfa_activate_totp"))
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code from the app").fill(totp_now(secret))
    page.get_by_role("button", name="Turn on two-step login").click()
    expect(page).not_to_have_url(at(reverse("mfa_activate_totp")))
    screens.visit("recovery-codes", reverse("mfa_view_recovery_codes"))
    recovery_code = page.locator("#recovery_codes li").first.inner_text().strip()
    screens.visit("totp-deactivate", reverse("mfa_deactivate_totp"))
    screens.visit("delete", reverse("accounts:delete"))
    screens.visit("logout", reverse("account_logout"))
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    log_in(page, user.email)
    expect(page).to_have_url(at(reverse("mfa_authenticate")))
    screens.take("two-step-authenticate")
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(recovery_code)
    continue_to(page, "/tracking/", "Log in")
    screens.assert_clean("account")


def _route_names(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _route_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(namespace + pattern.name)
    return names


@pytest.mark.parametrize(
    "app", ["", "reference", "core", "letters", "tracking", "accounts", "alerts"]
)
def test_every_route_has_a_page(app):
    """A new route of the project's own needs a page in PAGES (or a reason in NOT_PAGES); ""
    stands for the routes in the root URL configuration itself (allauth's are listed by hand)."""
    listed = {page for pages in PAGES.values() for page in pages}
    if app:
        routes = [name for name in _route_names(get_resolver()) if name.startswith(f"{app}:")]
    else:
        routes = [p.name for p in get_resolver().url_patterns if isinstance(p, URLPattern)]
    assert routes
    for name in routes:
        assert name in NOT_PAGES or ROUTE_PAGES.get(name) in listed, name
