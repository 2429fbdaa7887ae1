"""Phones (issue 18): the navigation collapsed behind one "Menu" button that works with the
keyboard and without JavaScript, and the colour scheme following the system's. test_screens
photographs every page at 320, 390 and 1280 px in light and dark, checking sideways scrolling,
44 px option rows and axe-core's findings there."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import MIN_TARGET, at

PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 15


def test_menu_collapses_on_a_phone_and_opens_with_the_keyboard(site):
    page = site.page
    page.set_viewport_size(PHONE)
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
    """With the system set to dark, the page turns dark; switching the system back turns it light
    without a reload, and printing turns it light (white paper) until the print is done."""
    page = site.page
    page.emulate_media(color_scheme="dark")
    site.goto("/")
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", background
    page.emulate_media(color_scheme="light")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")
    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
