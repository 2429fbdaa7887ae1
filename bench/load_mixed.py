"""The mixed scenario's other clients (bench/locustfile.py): anonymous PDF flooders and logged-in
users downloading their complaint bundles, beside the visitors."""

import itertools
import json
import os
import uuid
from io import BytesIO

from load_report import counts
from load_visitors import CSRF_RE, RNG, Browser, Journey, client_address, form_post
from locust import FastHttpUser, between, constant, task
from PIL import Image

# How many flooders run (LOAD_FLOODERS), each from its own TEST-NET-1 address.
FLOODERS = int(os.environ.get("LOAD_FLOODERS", "6"))


class PdfFlooder(Browser):
    """An anonymous client forcing a fresh render on every download: it changes the name on its
    letters between downloads, as fast as the server answers. The render limit must answer 429
    with Retry-After, and the letters must still be there afterwards."""

    fixed_count = FLOODERS
    wait_time = constant(0)

    def on_start(self):
        self.comes_from(f"192.0.2.{RNG.randint(1, 254)}")
        self.journey = Journey()
        self.ready = self.answer_questions(self.journey) and self.finish(self.journey)
        self.token = ""

    @task
    def render_again(self):
        if not self.ready:
            # The wizard failed (already counted as a failure): start over as a new client.
            self.on_start()
            return
        self.journey.name = f"{self.journey.name.rsplit(' ', 1)[0]} {uuid.uuid4().hex[:12]}"
        details = dict(next(answers for slug, answers in self.journey.steps if slug == "details"))
        details["full_name"] = self.journey.name
        token = self.form("/start/details/", "flood: details")
        if token is None or not self.edit(token, details):
            self.ready = False
            return
        with self.client.get(
            "/start/result/objection.pdf", name="flood: PDF", catch_response=True
        ) as response:
            if response.status_code == 429:
                if not response.headers.get("Retry-After"):
                    response.failure("429 without Retry-After")
                    return
                # The refusal is the protection working, not an error.
                response.success()
                counts["flood renders refused (429)"] += 1
                self.letters_still_there()
            elif response.status_code == 200 and (response.content or b"").startswith(b"%PDF-"):
                counts["flood renders served"] += 1
            else:
                response.failure(f"HTTP {response.status_code}")

    def edit(self, token: str, details: dict) -> bool:
        """Change the name, confirm the answers again: the result now needs a new render."""
        fields = {"csrfmiddlewaretoken": token, **details}
        with form_post(self.client, "/start/details/", "flood: details", fields) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
                return False
        check = self.page("/start/check/", "flood: check", self.journey)
        if check is None:
            return False
        token = CSRF_RE.search(check).group(1)
        return self.post("/start/check/", "flood: check", token, {}, "/start/result/")

    def letters_still_there(self) -> None:
        # A refused render must keep the answers: the result page still shows this client's name.
        if self.page("/start/result/", "flood: result after 429", self.journey) is not None:
            counts["flood results kept after 429"] += 1


def _seeded_accounts() -> list[dict]:
    """The accounts bench/load_seed.py created for this run (one JSON object a line)."""
    path = os.environ.get("LOAD_SEED_FILE", "")
    if not path:
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


SEEDED = _seeded_accounts()
ACCOUNTS = itertools.cycle(SEEDED)


def screenshot() -> bytes:
    """A small PNG, different every time, so each one is a new annex."""
    out = BytesIO()
    colour = (RNG.randint(0, 255), RNG.randint(0, 255), RNG.randint(0, 255))
    Image.new("RGB", (400, 300), colour).save(out, "PNG")
    return out.getvalue()


class BundleDownloader(FastHttpUser):
    """A logged-in user who downloads their complaint bundle again and again, and now and then
    attaches another file (which makes the next bundle a new build). A 503 "busy" with
    Retry-After, when every build slot is taken, is the limit working."""

    fixed_count = len(SEEDED)
    wait_time = between(0.2, 1)

    def on_start(self):
        self.account = next(ACCOUNTS, {})
        self.uploads = 0
        self.logged_in = bool(self.account) and self.log_in()

    def log_in(self) -> bool:
        self.client.client.default_headers["X-Forwarded-For"] = client_address()
        with self.client.get("/accounts/login/", name="bundle: login", catch_response=True) as r:
            match = CSRF_RE.search(r.text or "")
            if r.status_code != 200 or match is None:
                r.failure(f"HTTP {r.status_code}, no login form")
                return False
        fields = {
            "csrfmiddlewaretoken": match.group(1),
            "login": self.account["email"],
            "password": self.account["password"],
        }
        with form_post(self.client, "/accounts/login/", "bundle: login", fields) as response:
            if response.status_code != 302:
                response.failure(f"login refused: HTTP {response.status_code}")
                return False
        return True

    @task
    def download(self):
        if not self.logged_in:
            self.logged_in = self.log_in()
            return
        if self.uploads < 8 and RNG.random() < 0.2:
            self.attach()
        url = f"/tracking/requests/{self.account['request']}/complaint-bundle.pdf"
        with self.client.get(url, name="bundle: PDF", catch_response=True) as response:
            if response.status_code == 503:
                if not response.headers.get("Retry-After"):
                    response.failure("503 without Retry-After")
                    return
                response.success()
                counts["bundles refused while busy (503)"] += 1
                return
            content = response.content or b""
            if response.status_code != 200 or not content.startswith(b"%PDF-"):
                response.failure(f"HTTP {response.status_code}, not a PDF")
                return
            counts["bundles served"] += 1

    def attach(self) -> None:
        page_url = f"/tracking/requests/{self.account['request']}/"
        with self.client.get(page_url, name="bundle: request page", catch_response=True) as r:
            match = CSRF_RE.search(r.text or "")
            if r.status_code != 200 or match is None:
                r.failure(f"HTTP {r.status_code}, no form")
                return
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{match.group(1)}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n'
            f"Screenshot {self.uploads + 1}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="shot.png"'
            f"\r\nContent-Type: image/png\r\n\r\n".encode()
            + screenshot()
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        with self.client.post(
            f"/tracking/requests/{self.account['request']}/attach/",
            name="bundle: attach",
            data=b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"attachment refused: HTTP {response.status_code}")
                return
        self.uploads += 1
        counts["files attached"] += 1
