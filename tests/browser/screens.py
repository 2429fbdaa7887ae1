"""The screens test's one list of pages and its photographer (``test_screens.py``).

PAGES names every page a visitor or account holder can reach, group by group, in the order each
test reaches them; ROUTE_PAGES and NOT_PAGES tie the project's routes to them. ``Screens``
photographs a page at every width in both colour schemes and collects what is wrong.
"""

from collections.abc import Callable

from playwright.sync_api import expect

from tests.browser.helpers import layout_problems

WINDOWS = {320: 568, 390: 844, 1280: 900}  # width: height (iPhone SE, iPhone 12 to 15, laptop)
SCHEMES = ("dark", "light")  # light last: the journey goes on in the light scheme at 1280 px


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The one list of pages, in the order each test reaches them.
PAGES: dict[str, tuple[str, ...]] = {
    "public": _names(
        "home platform-x platform-meta platform-linkedin platform-google platform-openai"
        " platform-reddit about contact privacy"
        " legal-notice not-found login too-many-attempts signup password-reset"
        " password-reset-done password-reset-from-key"
    ),
    "questionnaire": _names(
        "platform organisation country region details details-error data situation sensitive"
        " profession switched-off notice documents sent-by postal-address earlier-request"
        " complaint-timing representative other-proceedings check-other-organisation"
        " earlier-request-details services authority check result letters-too-many"
    ),
    "several": _names("several-services several-switched-off several-check several-result"),
    "account": _names(
        "dashboard-empty dashboard request-draft request-sent request-overdue request-answered"
        " request-escalated mark-sent record escalate settings email password-change"
        " export-reauthenticate two-step totp-activate recovery-codes totp-deactivate delete"
        " logout two-step-authenticate"
    ),
    "warnings": _names(
        "warnings warnings-error warnings-check-email warnings-confirm warnings-confirmed"
        " warnings-stop warnings-stopped"
    ),
}

# Routes of the project that are not pages of their own: files, and forms posted from a page
# above (a GET of them redirects to it).
NOT_PAGES = {
    "healthz": "for the load balancer",
    "example_objection_pdf": "a file",
    "letters:download": "a file",
    "letters:download_all": "a file",
    "letters:platform_download": "a file",
    "tracking:bundle": "a file",
    "tracking:request_ics": "a file",
    "tracking:document_pdf": "a file",
    "tracking:attachment": "a file",
    "tracking:feed": "a file",
    "tracking:track": "posted from the result page",
    "tracking:attach": "posted from the request page",
    "tracking:note": "posted from the request page",
    "tracking:follow_up": "posted from the request page",
    "tracking:redate": "posted from the mark-sent page",
    "accounts:reminders": "posted from the settings page",
    "accounts:language": "posted from the settings page",
    "accounts:calendar": "posted from the settings page",
    "alerts:account_watch": "posted from the settings page",
    "alerts:feed": "a file",
    "alerts:feed_all": "a file",
    "reference:open_data_platforms_json": "a file",
    "reference:open_data_platforms_csv": "a file",
    "reference:open_data_authorities_json": "a file",
    "reference:open_data_authorities_csv": "a file",
}
# The project's own routes and the pages above that show them.
ROUTE_PAGES = {
    "reference:home": "home",
    "reference:platform": "platform-x",
    "core:about": "about",
    "core:contact": "contact",
    "core:privacy": "privacy",
    "core:legal_notice": "legal-notice",
    "letters:start": "platform",
    "letters:start_for_platform": "country",
    "letters:step": "details",
    "letters:platform_step": "several-switched-off",
    "letters:check": "check",
    "letters:result": "result",
    "tracking:dashboard": "dashboard",
    "tracking:request": "request-draft",
    "tracking:mark_sent": "mark-sent",
    "tracking:record": "record",
    "tracking:escalate": "escalate",
    "accounts:settings": "settings",
    "accounts:export": "export-reauthenticate",
    "accounts:delete": "delete",
    "alerts:subscribe": "warnings",
    "alerts:check_email": "warnings-check-email",
    "alerts:confirm": "warnings-confirm",
    "alerts:unsubscribe": "warnings-stop",
}


class Screens:
    """Photographs and checks the page in the browser at every width in both schemes, and
    collects the problems; ``extra`` runs further checks at each width."""

    def __init__(self, site):
        self.site = site
        self.page = site.page
        self.problems: list[str] = []
        self.shot: list[str] = []

    def take(self, name: str, extra: Callable[[int], list[str]] | None = None) -> None:
        page = self.page
        self.shot.append(name)
        for width, height in WINDOWS.items():
            page.set_viewport_size({"width": width, "height": height})
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                expect(page.locator("html")).to_have_attribute("data-bs-theme", scheme)
                label = f"{width}-{scheme}-{name}"
                self.site.photo(label, numbered=False)
                self.problems += layout_problems(page, f"{label} ({self.site.path()})")
                self.problems += self.site.axe(label)
            if extra is not None:
                self.problems += [f"{width}-{name}: {problem}" for problem in extra(width)]

    def visit(self, name: str, path: str, *, status: int = 200, **kwargs) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == status, (path, response)
        self.take(name, **kwargs)

    def assert_clean(self, group: str) -> None:
        assert self.shot == list(PAGES[group]), f"Photographed {self.shot}, listed {PAGES[group]}"
        assert not self.problems, "\n".join(self.problems)
