"""Phones (issue 18): every page a visitor meets, at 320 and 390 px wide, without sideways
scrolling; the navigation collapsed behind one "Menu" button that works with the keyboard and
without JavaScript; the dashboard's next step visible; radio and checkbox rows 44 px tall; the
first "Download PDF" near the top. Then the same pages in the dark colour scheme, checked with
axe-core (contrast included). Photos of every page go to the run's screenshot folder."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from privacyreq.tracking import services
from tests.accounts.helpers import PASSWORD
from tests.browser.helpers import DOCUMENT_LABELS, answer_questions, at
from tests.factories import (
    CaseFactory,
    RequestFactory,
    StoredDocumentFactory,
    UserFactory,
    x_answers,
)

PHONES = {320: 568, 390: 844}  # width: height (an iPhone SE, an iPhone 12 to 15)
MIN_TARGET = 44  # px: WCAG 2.5.5's size, and Apple's and Google's guidance for touch

# What sticks out past the right edge of the window, for the failure message: the deepest
# elements only, so the culprit (a URL, a table) is named rather than all its ancestors.
_LAYOUT = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll("body *")].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 0.5;
  });
  const deepest = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
  const rows = [...document.querySelectorAll(".form-check")]
    .filter((el) => el.offsetParent !== null)
    .map((el) => {
      const label = el.querySelector("label");
      const input = el.querySelector("input");
      return {
        text: (label ? label.innerText : el.innerText).slice(0, 60),
        label: label ? label.getBoundingClientRect().height : 0,
        input: input ? Math.min(input.offsetWidth, input.offsetHeight) : 0,
      };
    });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    culprits: deepest.slice(0, 5).map((el) => el.outerHTML.slice(0, 140)),
    rows: rows,
  };
}"""


class Phone:
    """Checks each page the visitor meets on a phone-sized window; fails once, with every page.

    It takes over ``site.photo``, which the shared journey (helpers.answer_questions) calls on
    every question, so each question is checked without copying the journey here."""

    def __init__(self, site, width: int):
        self.site = site
        self.page = site.page
        self.width = width
        self.problems: list[str] = []
        self.pages: list[str] = []
        self.page.set_viewport_size({"width": width, "height": PHONES[width]})
        photograph = site.photo

        def photo_and_check(label: str) -> None:
            self.check(label)
            photograph(f"{width}px-{label}")

        site.photo = photo_and_check

    def check(self, label: str) -> None:
        layout = self.page.evaluate(_LAYOUT)
        where = f"{label} ({self.site.path()}) at {self.width}px"
        self.pages.append(label)
        if layout["scrollWidth"] > layout["innerWidth"]:
            self.problems.append(
                f"{where}: {layout['scrollWidth']}px wide in a {layout['innerWidth']}px window;"
                f" sticking out: {layout['culprits']}"
            )
        for row in layout["rows"]:
            if row["label"] < MIN_TARGET or row["input"] < 24:
                self.problems.append(
                    f"{where}: the option {row['text']!r} is {row['label']:.0f}px tall"
                    f" (input {row['input']}px), under {MIN_TARGET}px"
                )

    def visit(self, label: str, path: str) -> None:
        self.site.goto(path)
        self.site.photo(label)

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def log_in(page, email: str) -> None:
    page.goto(reverse("account_login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(at("/tracking/"))


def tracked_requests() -> tuple:
    """A user with a case of two requests: one still to send, one sent long ago (overdue)."""
    user = UserFactory()
    case = CaseFactory(owner=user, answers=x_answers(date="2025-01-01"))
    draft = RequestFactory(case=case)
    sent = RequestFactory(
        case=case, document=StoredDocumentFactory(case=case, kind="erasure", title="Erasure")
    )
    services.request_mark_sent(
        request=sent,
        sent_on=dt.date(2025, 1, 10),
        channel="email",
        actor=user,
        today=timezone.localdate(),
    )
    return user, draft, sent


def first_download_top(page) -> float:
    box = page.get_by_role("link", name="Download PDF").first.bounding_box()
    assert box is not None
    return box["y"] + page.evaluate("window.scrollY")


@pytest.mark.parametrize("width", sorted(PHONES))
def test_visitor_pages_fit_a_phone(site, width):
    phone = Phone(site, width)
    phone.visit("home", "/")
    phone.visit("platform-x", "/platforms/x/")
    # Every question of the X journey, the check page and the letters (photo_and_check above).
    answer_questions(
        site,
        name="Maximiliane Wolkenstein-Oberhausen",
        email="maximiliane.wolkenstein-oberhausen@example.org",
        documents=["objection", "erasure", "access"],
    )
    site.photo("result")
    # On the first screen, not after the whole plan (it was 1,630 px down at 390 px).
    assert first_download_top(site.page) + MIN_TARGET < PHONES[width]
    # The complaint's questions too: ticked on the documents page, then each question answered
    # with its first option (and a postal address) until the check page.
    phone.visit("documents-again", "/start/documents/")
    site.page.get_by_label(DOCUMENT_LABELS["complaint"]).check()
    answer_every_question(site)
    site.page.get_by_role("button", name="Write my letters").click()
    expect(site.page).to_have_url(at("/start/result/"))
    site.photo("result-with-complaint")
    phone.visit("start", "/start/")  # the first question's radios (the journey begins at X's)
    phone.visit("login", reverse("account_login"))
    phone.visit("signup", reverse("account_signup"))
    phone.assert_clean()


def answer_every_question(site) -> None:
    """Continue from the current question to the check page, photographing (and so checking)
    each, answering "No" or the first option, and with an address where one is asked for."""
    page = site.page
    for _ in range(12):
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        if site.path() == "/start/check/":
            site.photo("check-with-complaint")
            return
        site.photo(site.path().strip("/").replace("/", "-"))
        for field in page.locator("main textarea:visible").all():
            if not field.input_value():
                field.fill("Alt-Moabit 1\n10555 Berlin")
        # "No" where a question offers it (a "Yes" asks for more), else the first option.
        radios = page.locator("main input[type=radio]:visible")
        for name in dict.fromkeys(radio.get_attribute("name") for radio in radios.all()):
            group = page.locator(f"main input[type=radio][name='{name}']")
            if not group.and_(page.locator(":checked")).count():
                no = [
                    r
                    for r in group.all()
                    if r.evaluate("(el) => el.labels[0].innerText")[:2] == "No"
                ]
                (no or group.all())[0].check()
    raise AssertionError(f"Never reached the check page; stuck at {site.path()}")


@pytest.mark.parametrize("width", sorted(PHONES))
def test_account_pages_fit_a_phone(site, width):
    user, draft, sent = tracked_requests()
    phone = Phone(site, width)
    log_in(site.page, user.email)
    site.photo("dashboard")
    assert_actions_on_screen(site.page)
    phone.visit("request-draft", f"/tracking/requests/{draft.pk}/")
    phone.visit("request-overdue", f"/tracking/requests/{sent.pk}/")
    phone.visit("settings", "/settings/")
    phone.assert_clean()


def assert_on_screen(page, locator) -> None:
    """Inside the window and not hidden under or clipped by anything: the element (or its own
    text) is what a finger at its centre touches."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None
    width = page.evaluate("window.innerWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
    hit = locator.evaluate(
        """(el) => {
          const box = el.getBoundingClientRect();
          const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return el.contains(top);
        }"""
    )
    assert hit, f"{locator} is covered or clipped"


def assert_actions_on_screen(page) -> None:
    """Each request's next step shows in the window, not cut off in a sideways-scrolling table."""
    actions = page.locator("main .requests-table .btn")
    assert actions.count() >= 2
    for index in range(actions.count()):
        assert_on_screen(page, actions.nth(index))
        assert actions.nth(index).bounding_box()["height"] >= MIN_TARGET


def test_menu_collapses_on_a_phone_and_opens_with_the_keyboard(site):
    page = site.page
    page.set_viewport_size({"width": 390, "height": PHONES[390]})
    site.goto("/")
    nav = page.get_by_role("navigation", name="Site", exact=True)
    menu = nav.locator("summary")
    links = nav.get_by_role("link", name="Write your letters")
    # One row: the brand and the Menu button side by side, the links out of sight.
    expect(menu).to_be_visible()
    expect(links).to_be_hidden()
    brand, button = nav.locator(".navbar-brand").bounding_box(), menu.bounding_box()
    assert abs((brand["y"] + brand["height"] / 2) - (button["y"] + button["height"] / 2)) < 8
    assert nav.bounding_box()["height"] < 80
    assert button["height"] >= MIN_TARGET and button["width"] >= MIN_TARGET
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    site.photo("390px-menu-closed")

    # A screen reader hears a collapsed button; Enter opens it.
    expanded = "(el) => el.parentElement.open"
    assert menu.evaluate(expanded) is False
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.evaluate(expanded) is True
    expect(links).to_be_visible()
    for link in ("Platforms", "Write your letters", "Log in", "Sign up"):
        item = nav.get_by_role("link", name=link)
        expect(item).to_be_visible()
        assert item.bounding_box()["height"] >= MIN_TARGET
    site.photo("390px-menu-open")
    # Escape closes it again, focus back on its button (site.js); Enter reopens it.
    page.keyboard.press("Escape")
    assert menu.evaluate(expanded) is False
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Platforms"
    links.click()
    expect(page).to_have_url(re.compile(r"/start/\w+/$"))
    expect(nav.get_by_role("link", name="Platforms")).to_be_hidden()  # closed again

    # A wide window shows the links in the bar itself, without the button.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(menu).to_be_hidden()
    expect(nav.get_by_role("link", name="Platforms")).to_be_visible()
    nav.get_by_role("link", name="Platforms").focus()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Platforms"


@pytest.mark.parametrize("width", [390, 1280])
def test_menu_without_javascript(chromium, live_server, reference_data, width):
    """The menu is a <details> element: it opens without any script, so the links stay reachable
    with JavaScript off (or while it loads)."""
    context = chromium.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": width, "height": 844},
    )
    try:
        page = context.new_page()
        page.goto("/")
        nav = page.get_by_role("navigation", name="Site", exact=True)
        link = nav.get_by_role("link", name="Sign up")
        if width < 992:
            expect(link).to_be_hidden()
            nav.locator("summary").click()
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(at(reverse("account_signup")))
    finally:
        context.close()


def test_dark_colour_scheme_follows_the_system(site):
    """With the system set to dark, every kind of page turns dark and still passes axe-core's
    contrast rules; switching the system back turns the page light without a reload."""
    page = site.page
    page.emulate_media(color_scheme="dark")
    user, draft, _ = tracked_requests()
    problems: list[str] = []
    site.goto("/")
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", background
    problems += site.audit("dark-home")
    site.goto("/platforms/x/")
    problems += site.audit("dark-platform-x")
    # Every question on the way too: site.photo, which the journey calls on each, audits.
    photograph = site.photo

    def photo_and_audit(label: str) -> None:
        site.photo = photograph  # site.audit photographs through site.photo
        try:
            problems.extend(site.audit(f"dark-{label}"))
        finally:
            site.photo = photo_and_audit

    site.photo = photo_and_audit
    answer_questions(site, name="Noor Dark", email="noor@example.org", documents=["objection"])
    site.photo = photograph
    problems += site.audit("dark-result")
    site.goto("/start/details/")
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    problems += site.audit("dark-error-summary")
    log_in(page, user.email)
    problems += site.audit("dark-dashboard")
    site.goto(f"/tracking/requests/{draft.pk}/")
    problems += site.audit("dark-request")
    site.goto("/settings/")
    problems += site.audit("dark-settings")
    page.set_viewport_size({"width": 390, "height": PHONES[390]})
    site.goto("/tracking/")
    problems += site.audit("dark-390px-dashboard")
    page.emulate_media(color_scheme="light")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")
    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
    # Printing turns the page light (white paper), and it follows the system again after.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
    assert not problems, "\n".join(problems)
