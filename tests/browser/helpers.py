"""What the browser tests share: the recording visitor, axe-core, focus and PDF helpers."""

import datetime as dt
import functools
import io
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, Response, expect
from pypdf import PdfReader

from tests.accounts.helpers import PASSWORD

AXE_PATH = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_BLOCKING = ("serious", "critical")

# axe-core runs inside the page. It cannot come in through a <script> element: the page's CSP
# (script-src 'self', no 'unsafe-inline') would block an inline one, and a bypass_csp context
# would switch off the very policy these tests check. Playwright's evaluate() goes through the
# DevTools protocol, which CSP does not govern, so the page keeps its real policy.
_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""

# What the focus indicator is drawn with: an outline (site.css) or a box-shadow ring (Bootstrap),
# and the background around the element, where the indicator shows.
_FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  let around = "rgb(255, 255, 255)";
  for (let node = el.parentElement; node; node = node.parentElement) {
    const background = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(background) && background !== "transparent") {
      around = background;
      break;
    }
  }
  const box = el.getBoundingClientRect();
  return {
    element: el.outerHTML.slice(0, 160),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    background: around,
    width: box.width,
    height: box.height,
  };
}"""


# Touch targets: WCAG 2.5.5's 44 px, and Apple's and Google's guidance for touch.
MIN_TARGET = 44

# What sticks out past the right edge of the window, for the failure message: the deepest
# elements only, so the culprit (a URL, a table) is named rather than all its ancestors. And the
# height of every visible radio and checkbox row, with the size of its box.
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


def layout_problems(page: Page, where: str) -> list[str]:
    """What makes the page scroll sideways, and radio or checkbox rows under 44 px (with a box
    under 24 px), each with ``where`` it was seen."""
    layout = page.evaluate(_LAYOUT)
    problems = []
    if layout["scrollWidth"] > layout["innerWidth"]:
        problems.append(
            f"{where}: {layout['scrollWidth']}px wide in a {layout['innerWidth']}px window;"
            f" sticking out: {layout['culprits']}"
        )
    for row in layout["rows"]:
        if row["label"] < MIN_TARGET or row["input"] < 24:
            problems.append(
                f"{where}: the option {row['text']!r} is {row['label']:.0f}px tall"
                f" (input {row['input']}px), under {MIN_TARGET}px"
            )
    return problems


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")


class Screenshots:
    """Where page photos go: $SCREENSHOT_DIR if set, else a new temporary folder per run.

    Created on the first photo only, so a run without browser tests leaves nothing behind.
    """

    def __init__(self):
        self.root: Path | None = None

    def folder(self, vendor: str, test_name: str) -> "ShotFolder":
        return ShotFolder(self, vendor, _slug(test_name))

    def ensure_root(self) -> Path:
        if self.root is None:
            chosen = os.environ.get("SCREENSHOT_DIR")
            if chosen:
                self.root = Path(chosen).resolve()
                self.root.mkdir(parents=True, exist_ok=True)
            else:
                self.root = Path(tempfile.mkdtemp(prefix="privacyreq-screens-"))
        return self.root


screenshots = Screenshots()


class ShotFolder:
    def __init__(self, screens: Screenshots, vendor: str, test_name: str):
        self.screens, self.vendor, self.test_name = screens, vendor, test_name
        self.count = 0

    def path(self, label: str, *, numbered: bool = True) -> Path:
        """Numbered in the order taken (a journey reads in order); unnumbered where the label
        says it all (test_screens: <width>-<scheme>-<page>)."""
        self.count += 1
        # One subfolder per database: make test runs the suite twice into the same $SCREENSHOT_DIR.
        folder = self.screens.ensure_root() / self.vendor / self.test_name
        folder.mkdir(parents=True, exist_ok=True)
        if self.count == 1:  # photos of an earlier run in $SCREENSHOT_DIR would mix with these
            for old in folder.glob("*.jpg"):
                old.unlink()
        name = _slug(label) if not numbered else f"{self.count:02d}-{_slug(label)}"
        return folder / f"{name}.jpg"


@functools.cache
def _axe_source() -> str:
    return AXE_PATH.read_text()


class Site:
    """One visitor (a browser context with one page) and everything its pages fetched."""

    def __init__(self, context: BrowserContext, *, origin: str, shots: ShotFolder):
        self.context = context
        self.origin = origin
        self.shots = shots
        self.requested: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        context.on("request", lambda req: self.requested.append(req.url))
        context.on("response", self._on_response)
        self.page: Page = context.new_page()
        self.page.on("console", self._on_console)

    def _on_response(self, response: Response) -> None:
        path = urlsplit(response.url).path
        if response.status >= 500 or (path.startswith("/static/") and response.status >= 400):
            self.failed.append(f"{response.status} {response.url}")

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    # --- navigation and checks -------------------------------------------------------------

    def goto(self, path: str) -> Response:
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return response

    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def checkpoint(self, label: str) -> None:
        """Photograph the page and check it with axe-core."""
        problems = self.audit(label)
        assert not problems, "\n".join(problems)

    def photo(self, label: str, *, numbered: bool = True) -> None:
        # JPEG: a full-page PNG takes Chromium about three times as long to encode.
        self.page.screenshot(
            path=self.shots.path(label, numbered=numbered), full_page=True, type="jpeg", quality=80
        )

    def audit(self, label: str) -> list[str]:
        """Photograph the page; return what axe-core finds serious or critical, with the page."""
        self.photo(label)
        return self.axe(label)

    def axe(self, label: str) -> list[str]:
        """What axe-core finds serious or critical on the page as it is, with the page."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(_axe_source())
        violations = self.page.evaluate(_AXE_RUN, AXE_TAGS)
        return [
            f"axe-core on {label} ({self.path()}): {v['impact']} {v['id']}: {v['help']}\n"
            + "\n".join(f"    at {n['target']}: {n['summary']}" for n in v["nodes"])
            for v in violations
            if v["impact"] in AXE_BLOCKING
        ]

    def focus_style(self) -> dict | None:
        return self.page.evaluate(_FOCUS_STYLE)

    def assert_clean(self) -> None:
        assert self.requested, "The browser made no request at all."
        foreign = [
            url
            for url in self.requested
            if not url.startswith(self.origin + "/") and not url.startswith("data:")
        ]
        assert not foreign, f"Requests outside {self.origin}: {foreign}"
        assert not self.failed, f"Failed responses: {self.failed}"
        csp = [text for text in self.console_errors if "Content Security Policy" in text]
        assert not csp, f"Blocked by the Content Security Policy: {csp}"


def at(path: str) -> re.Pattern:
    """Matches a page URL whose path (and query) is ``path``; a fragment such as #id_email
    outlives a redirect, so any is accepted."""
    return re.compile(re.escape(path) + "(#.*)?$")


def focus_is_visible(style: dict | None) -> bool:
    """An outline or ring at least 2px wide with 3:1 contrast against what surrounds the element
    (WCAG 2.4.7 focus visible, 1.4.11 non-text contrast)."""
    if not style or style["width"] == 0 or style["height"] == 0:
        return False
    background = _rgba(style["background"])
    indicators = []
    if style["outlineStyle"] != "none" and style["outlineWidth"] >= 2:
        indicators.append(style["outlineColor"])
    # Each shadow reads "rgba(13, 110, 253, 0.25) 0px 0px 0px 4px": colour, x, y, blur, spread.
    for color, spread in re.findall(
        r"(rgba?\([^)]*\)) [-\d.]+px [-\d.]+px [-\d.]+px ([-\d.]+)px", style["boxShadow"]
    ):
        if float(spread) >= 2:
            indicators.append(color)
    return any(contrast(_over(_rgba(color), background), background) >= 3 for color in indicators)


def _rgba(text: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _over(color, background) -> tuple[float, float, float, float]:
    alpha = color[3]
    return (
        *(alpha * c + (1 - alpha) * b for c, b in zip(color[:3], background[:3], strict=True)),
        1.0,
    )


def contrast(first, second) -> float:
    def luminance(color) -> float:
        channels = [c / 255 for c in color[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pdf_text(data: bytes) -> str:
    """A PDF's text with whitespace collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- the questionnaire, answered quickly (tests/browser/test_anonymous_journey.py goes slowly) --

DOCUMENT_LABELS = {
    "objection": "Objection to AI training (Art. 21(1) GDPR)",
    "erasure": "Erasure of data used for training (Art. 17 GDPR)",
    "access": "Access: what they hold and how it was used (Art. 15 GDPR)",
    "restriction": "Restriction while they decide (Art. 18 GDPR)",
    "complaint": "Complaint to a data protection authority (Art. 77 GDPR)",
}


def answer_questions(site: Site, *, name: str, email: str, documents: list[str]) -> None:
    """An X user in Ireland answers every question and writes the letters: ends on the result
    page. The pages are photographed only: test_anonymous_journey and test_accessibility run
    axe-core on every question."""
    page = site.page
    site.goto("/start/for/x/")
    site.photo("country")
    page.get_by_label("Country").select_option("IE")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/details/"))
    site.photo("details")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/services/"))
    site.photo("services")
    page.get_by_label("X", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/data/"))
    site.photo("data")
    page.get_by_label("My posts, replies and the text I published").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/situation/"))
    site.photo("situation")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/switched-off/"))
    site.photo("switched-off")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/notice/"))
    site.photo("notice")
    page.get_by_label("No, I was not told").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/documents/"))
    site.photo("documents")
    # The recommended pair comes ticked (issue 18): set each box to exactly what was asked.
    for document, label in DOCUMENT_LABELS.items():
        page.get_by_label(label).set_checked(document in documents)
    page.get_by_role("button", name="Continue").click()
    if any(document != "complaint" for document in documents):
        # How the letters go: the organisation's month starts when they arrive.
        expect(page).to_have_url(at("/start/sent-by/"))
        site.photo("sent-by")
        page.get_by_label("By email").check()
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/start/check/"))
    site.photo("check")
    page.get_by_role("button", name="Write my letters").click()
    expect(page).to_have_url(at("/start/result/"))


def fill_day(page, legend: str, day: dt.date) -> None:
    """``day`` typed into the day, month and year boxes of the date named ``legend``."""
    group = page.get_by_role("group", name=legend)
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        group.get_by_label(part, exact=True).fill(str(value))


def continue_to(page, path: str, button: str = "Continue") -> None:
    """Press the form's button and wait for the next page."""
    page.get_by_role("button", name=button).click()
    expect(page).to_have_url(at(path))


def log_in(page, email: str) -> None:
    """Log in through the page, with the test accounts' password."""
    page.goto(reverse("account_login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def answer_what_is_left(page) -> None:
    """The first option of each unanswered group, an address in each empty text box."""
    for field in page.locator("main textarea:visible").all():
        if not field.input_value():
            field.fill("Alt-Moabit 1\n10555 Berlin")
    # A date as day, month and year boxes: a day last year.
    last_year = str(timezone.localdate().year - 1)
    for part, value in (("Day", "1"), ("Month", "3"), ("Year", last_year)):
        for field in page.get_by_role("textbox", name=part, exact=True).all():
            if not field.input_value():
                field.fill(value)
    for select in page.locator("main select:visible").all():
        if not select.input_value():
            select.select_option(index=1)
    radios = page.locator("main input[type=radio]:visible")
    for name in dict.fromkeys(radio.get_attribute("name") for radio in radios.all()):
        group = page.locator(f"main input[type=radio][name='{name}']")
        if not group.and_(page.locator(":checked")).count():
            group.first.check()


def answer_until(site: Site, path: str, *, button: str = "Save and return", limit: int = 8) -> None:
    """Answer whatever is asked (``answer_what_is_left``) until the questionnaire reaches
    ``path`` (with its query)."""
    page = site.page
    for _ in range(limit):
        if site.path() == path:
            break
        answer_what_is_left(page)
        page.get_by_role("button", name=button).click()
    expect(page).to_have_url(at(path))
