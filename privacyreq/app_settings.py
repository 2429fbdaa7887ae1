"""Settings of privacyreq's own apps and of who runs the site, imported by ``settings.py``.

Every variable goes through the validating helpers in ``privacyreq/env.py``; README lists them.
"""

from django.core.exceptions import ImproperlyConfigured

from privacyreq.env import env_email, env_int, env_lines, env_rates, env_str, env_url

# Tracking: days a letter sent by post is assumed to take to arrive, when the user cannot say.
TRACKING_POST_DAYS = env_int("TRACKING_POST_DAYS", 5, minimum=0)
# Letters the user says they will send by post: days the letters and the result page assume the
# letter takes to arrive, before the controller's month starts ("if it arrives by ..."). By default
# the same as tracking's, so the due date the letter states is the one a tracked case counts when
# the user marks it posted without a delivery date; 5 days leaves room for a letter crossing a
# border and a weekend, and the letter says it is an assumption either way.
LETTERS_POST_DAYS = env_int("LETTERS_POST_DAYS", TRACKING_POST_DAYS, minimum=0)
# The final period a follow-up (a reminder, or a reply to a deficient answer) gives the
# organisation before a complaint, in days from its receipt; an answers file may choose its own
# (``final_period_days``, 7 to 30).
LETTERS_FINAL_PERIOD_DAYS = env_int("LETTERS_FINAL_PERIOD_DAYS", 14, minimum=7)
TRACKING_UPLOAD_MAX_BYTES = env_int("TRACKING_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# Pages an attached PDF may have: a few kilobytes of blank pages cost the bundle seconds and
# hundreds of MB each; an email's printed attachments share the same budget in its annex.
TRACKING_UPLOAD_MAX_PAGES = env_int("TRACKING_UPLOAD_MAX_PAGES", 200, minimum=1)
# Pixels an attached image may have (25 MP: an A4 page scanned at 400 dpi is 15.5 MP, a phone
# photo 12 to 24 MP); decoding one costs 3 to 4 bytes a pixel.
TRACKING_UPLOAD_MAX_PIXELS = env_int("TRACKING_UPLOAD_MAX_PIXELS", 25_000_000, minimum=1_000_000)
# Attachments per request, and their total size per request and per user (issue 17): uploads are
# kept until the account is deleted, and each is read again for the complaint bundle.
TRACKING_ATTACHMENTS_PER_REQUEST = env_int("TRACKING_ATTACHMENTS_PER_REQUEST", 20, minimum=1)
TRACKING_ATTACHMENT_BYTES_PER_REQUEST = env_int(
    "TRACKING_ATTACHMENT_BYTES_PER_REQUEST", 50 * 1024 * 1024, minimum=1024
)
TRACKING_ATTACHMENT_BYTES_PER_USER = env_int(
    "TRACKING_ATTACHMENT_BYTES_PER_USER", 200 * 1024 * 1024, minimum=1024
)
# Complaint bundles built at once across all workers (counted in the shared default cache): a
# bundle of large annexes takes seconds and hundreds of MB; beyond this, the page asks the user
# to try again in a minute (503) instead of holding a worker. A built bundle is kept and served
# again until what it is made of changes.
TRACKING_BUNDLE_BUILDS = env_int("TRACKING_BUNDLE_BUILDS", 2, minimum=1)
TRACKING_PAGE_SIZE = env_int("TRACKING_PAGE_SIZE", 20, minimum=1)
TRACKING_MAX_CASES = env_int("TRACKING_MAX_CASES", 50, minimum=1)
# Absolute links in reminder emails and calendar feeds, which have no request to build them from.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Warnings before training starts (privacyreq.alerts): a subscription not confirmed within this
# many days is deleted by send_warnings, and its confirmation link stops working; subscribing
# is counted per client address (a confirmation email per address goes at most once in
# ALERTS_EMAIL_INTERVAL_MINUTES, whatever the limit).
ALERTS_UNCONFIRMED_DAYS = env_int("ALERTS_UNCONFIRMED_DAYS", 7, minimum=1)
ALERTS_EMAIL_INTERVAL_MINUTES = env_int("ALERTS_EMAIL_INTERVAL_MINUTES", 5, minimum=1)
ALERTS_SUBSCRIBE_RATE_LIMIT = env_rates("ALERTS_SUBSCRIBE_RATE_LIMIT", "5/m/ip,20/h/ip")
# The catalogue (privacyreq.reference): a platform or authority whose last_checked date is more
# than this many days ago says it may be out of date on the pages, and the admin lists it first.
REFERENCE_STALE_DAYS = env_int("REFERENCE_STALE_DAYS", 180, minimum=1)
# The licence the catalogue is published under as open data (/data/*.json, *.csv): an SPDX
# identifier and the address of its text, both carried in every JSON document. Another licence
# needs its own address: the default one is the CC BY 4.0 text.
OPEN_DATA_LICENCE = env_str("OPEN_DATA_LICENCE", "CC-BY-4.0").strip()
OPEN_DATA_LICENCE_URL = env_url("OPEN_DATA_LICENCE_URL") or (
    "https://creativecommons.org/licenses/by/4.0/" if OPEN_DATA_LICENCE == "CC-BY-4.0" else ""
)
if not OPEN_DATA_LICENCE or not OPEN_DATA_LICENCE_URL:
    raise ImproperlyConfigured(
        "OPEN_DATA_LICENCE must name a licence (e.g. CC-BY-4.0), and OPEN_DATA_LICENCE_URL must "
        "give the address of its text when it is not CC-BY-4.0."
    )

# --- Operator ---------------------------------------------------------------------------------
# Who runs this site, shown on the About, Contact, Privacy and Legal notice pages (privacyreq.core
# .views). None is invented: a page says plainly which of these the operator has not set. The
# legal notice (Impressum) for a German audience needs the name, a postal address and an email
# address; register, VAT id and the person responsible for the content only where they exist.


# The person or organisation who runs the site and is the controller of its visitors' data.
OPERATOR_NAME = env_str("OPERATOR_NAME", "").strip()
# Their postal address (where they can be served, not a P.O. box), lines separated by | or \n.
OPERATOR_ADDRESS = env_lines("OPERATOR_ADDRESS")
# Where visitors and users write to; checked as an email address at start-up.
OPERATOR_EMAIL = env_email("OPERATOR_EMAIL")
# Optional: a phone number, shown as given.
OPERATOR_PHONE = env_str("OPERATOR_PHONE", "").strip()
# Optional: the register court and number ("Amtsgericht Berlin-Charlottenburg, HRB 12345"),
# only for an operator entered in a commercial or similar register.
OPERATOR_REGISTER = env_str("OPERATOR_REGISTER", "").strip()
# Optional: the VAT identification number, only if the operator has one.
OPERATOR_VAT_ID = env_str("OPERATOR_VAT_ID", "").strip()
# Optional: the person responsible for the content (for an organisation, the person who
# represents it), with their address if it differs from the one above.
OPERATOR_REPRESENTATIVE = env_str("OPERATOR_REPRESENTATIVE", "").strip()
# Who hosts the servers, name and place ("Hetzner Online GmbH, Gunzenhausen, Germany"): a
# recipient of every visitor's data, so the privacy notice names it.
HOSTING_PROVIDER = env_str("HOSTING_PROVIDER", "").strip()
# Where this site's source code is published. The licence, AGPL-3.0-or-later, asks whoever runs
# a changed copy to offer its source to the people using it over the network: set this to the
# code actually running. Empty: the footer has no source link and the About page says so.
SOURCE_CODE_URL = env_url("SOURCE_CODE_URL")
