"""The whole questionnaire with the keyboard alone: Tab, Shift+Tab, Space, Enter, arrow keys and
typing, never a click or a fill. Every element that receives focus on the way must show it.
The pages are photographed with the focus on them; axe-core checks them in the other tests."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import at, focus_is_visible

NAME = "Séan Keyboard"
EMAIL = "sean@example.org"


class Keyboard:
    """Moves focus with the keyboard and checks the focus indicator at every stop."""

    def __init__(self, site):
        self.site = site
        self.page = site.page
        self.stops = 0
        self.invisible: list[str] = []

    def focused_matches(self, selector: str) -> bool:
        return self.page.evaluate(
            "(selector) => document.activeElement?.matches(selector) ?? false", selector
        )

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        if key in ("Tab", "Shift+Tab"):
            self.check_focus()

    def check_focus(self) -> None:
        """Note the focused element if its focus indicator cannot be seen."""
        style = self.site.focus_style()
        if style is None:  # focus left the page's content (past the last element)
            return
        self.stops += 1
        if not focus_is_visible(style):
            self.invisible.append(f"{self.site.path()}: {style}")

    def assert_all_visible(self) -> None:
        """Every stop so far, reported together: one faint style usually shows on many pages."""
        assert not self.invisible, "Focus not visible at:\n" + "\n".join(self.invisible)

    def tab_to(self, selector: str, *, backwards: bool = False, limit: int = 60) -> None:
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            self.press(key)
            if self.focused_matches(selector):
                return
        raise AssertionError(f"{key} never reached {selector} on {self.site.path()}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def submit(self, next_path: str) -> None:
        """Tab to the form's submit button and press Enter."""
        self.tab_to("main form button[type=submit]")
        self.press("Enter")
        expect(self.page).to_have_url(at(next_path))


def test_whole_questionnaire_by_keyboard_with_visible_focus(site):
    page = site.page
    keys = Keyboard(site)
    site.goto("/")

    # The first Tab reaches the skip link, which appears, and Enter takes focus past the menu.
    keys.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["width"] > 10 and box["height"] > 10, box
    site.photo("home-skip-link")
    keys.press("Enter")
    expect(page.locator("main")).to_be_focused()
    keys.tab_to("main a[href='/start/']")
    keys.press("Enter")

    # Platforms: the space bar ticks the first box (X).
    expect(page).to_have_url(at("/start/platform/"))
    keys.tab_to("input[name=platform]")
    keys.press("Space")
    expect(page.get_by_role("checkbox", name=re.compile(r"^X \("))).to_be_checked()
    site.photo("platform")
    keys.submit("/start/country/")

    # Country: typing the name picks it in the closed select.
    keys.tab_to("#id_country")
    keys.type("Ireland")
    expect(page.locator("#id_country")).to_have_value("IE")
    site.photo("country")
    keys.submit("/start/details/")

    # Details: Enter in a text field submits; first with the email left out, to use the error
    # summary: it takes focus, and its link takes focus to the field.
    keys.tab_to("#id_full_name")
    keys.type(NAME)
    keys.press("Enter")
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    keys.check_focus()
    site.photo("details-error")
    keys.tab_to("[data-error-summary] a")
    keys.press("Enter")
    expect(page.locator("#id_email")).to_be_focused()
    keys.check_focus()
    keys.type(EMAIL)
    # Shift+Tab goes back to the name, which kept what was typed.
    keys.tab_to("#id_full_name", backwards=True)
    expect(page.locator("#id_full_name")).to_have_value(NAME)
    keys.tab_to("#id_email")
    keys.press("Enter")
    expect(page).to_have_url(at("/start/services/"))

    # Services: Space ticks the first (X); the question is optional.
    keys.tab_to("#id_services_0")
    keys.press("Space")
    expect(page.locator("#id_services_0")).to_be_checked()
    site.photo("services")
    keys.submit("/start/data/")

    # Data: Space ticks a checkbox.
    keys.tab_to("#id_data_0")
    keys.press("Space")
    expect(page.locator("#id_data_0")).to_be_checked()
    site.photo("data")
    keys.submit("/start/situation/")

    # Situation is optional: straight on, with Space on the button this time.
    keys.tab_to("main form button[type=submit]")
    keys.press("Space")
    expect(page).to_have_url(at("/start/switched-off/"))

    # Switched off: the date appears only with "Yes" (chosen with the arrow keys), and is typed
    # into its day, month and year boxes, moving between them with Tab.
    day = page.get_by_role("group", name="When did you switch it off?").get_by_label("Day")
    expect(day).to_be_hidden()
    keys.tab_to("input[name=opted_out]")
    keys.press("ArrowDown")
    expect(page.get_by_label("No", exact=True)).to_be_checked()
    expect(day).to_be_hidden()
    keys.press("ArrowUp")
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()
    expect(day).to_be_visible()
    keys.tab_to("#id_opted_out_on")
    keys.type("7")
    keys.press("Tab")
    keys.type("7")
    keys.press("Tab")
    keys.type("2024")
    for box, typed in (
        ("opted_out_on_day", "7"),
        ("opted_out_on_month", "7"),
        ("opted_out_on_year", "2024"),
    ):
        expect(page.locator(f"input[name={box}]")).to_have_value(typed)
    site.photo("switched-off")
    keys.submit("/start/notice/")

    # Told beforehand: the first answer chosen with the arrow keys.
    keys.tab_to("input[name=notice_received]")
    keys.press("Space")
    expect(page.get_by_label("Yes, I was told before it started")).to_be_checked()
    keys.submit("/start/documents/")

    # The recommended pair (objection and erasure) comes ticked; Space unticks and ticks again.
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(2)
    keys.tab_to("#id_documents_1")
    keys.press("Space")
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(1)
    keys.press("Space")
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(2)
    site.photo("documents")
    keys.submit("/start/sent-by/")

    # How the letters go: the first way, chosen with the keyboard.
    keys.tab_to("input[name=sent_by]")
    keys.press("Space")
    expect(page.get_by_label("By email")).to_be_checked()
    keys.submit("/start/check/")

    expect(page.locator("dl.check-answers")).to_contain_text(NAME)
    expect(page.locator("dl.check-answers")).to_contain_text("Yes, on 7 July 2024")
    site.photo("check")
    keys.submit("/start/result/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your letters are ready")
    keys.tab_to("a[href='/start/result/objection.pdf']")
    site.photo("result")
    assert keys.stops > 40, keys.stops
    keys.assert_all_visible()
