"""The app's own settings, plus the yardstick pages of bench/urls.py and their template."""

from privacyreq.settings import *  # noqa: F403
from privacyreq.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
