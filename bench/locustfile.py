"""Simulated visitors for `make load` (bench/load.sh starts the server and runs this headless).

Two scenarios (bench/load.sh runs both, one after the other): ``visitors`` (the Visitor class
alone) and ``mixed``, where visitors share the server with anonymous clients flooding it with
fresh PDF renders (PdfFlooder) and logged-in users downloading complaint bundles over and over
(BundleDownloader). In the mixed one, what protects the server is what is measured: a flooder's
429 and a bundle's 503 "busy" are the expected answers, counted apart, and the visitors must still
get every page, every letter and their own data back.

Every client comes from its own address, as it would through the production proxy: load.sh trusts
127.0.0.1 as the proxy and each visitor's journey sends a fresh X-Forwarded-For, so per-client
limits see many people, not one.

Each iteration of a visitor is a new person with an empty browser: the home page and its static
files, every question of the wizard (GET the form, POST the answer with its CSRF token), the check
page, the result page, every letter as PDF and one as email text. Requests are named by step, so
Locust's statistics are per step.

"Lost data" means what the visitor typed did not come back to that same visitor: a step redirects
somewhere other than the next question (the session lost answers), or the check page, the result
page, a PDF or the text does not contain the visitor's own unique name. Each case is a failed
request, so it counts as an error too.

Django is deliberately not imported: Locust runs on gevent, and the load generator shares the
machine's cores with gunicorn, so it stays small (FastHttpUser, a C HTTP client, for the same
reason).
"""

# Locust runs the User classes this module holds; bench/load.sh names which, per scenario.
import load_report  # noqa: F401  (registers the report and the CPU measurement)
from load_mixed import BundleDownloader, PdfFlooder  # noqa: F401
from load_visitors import Visitor  # noqa: F401
