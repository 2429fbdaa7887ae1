"""`make load`'s report: what the simulated people counted (``counts``), the CPU each part of the
machine used, and the compact table printed when Locust quits, with the exit code."""

import os
import shutil
from collections import Counter

from load_cpu import cpu_snapshot
from locust import events
from locust.stats import StatsEntry

# pdftotext (poppler-utils, installed by the Makefile) reads a letter in ~15 ms of CPU in its own
# process, so the gevent loop keeps running; pypdf takes ~140 ms of this process's only core per
# letter and would stall every other visitor's timing meanwhile. pypdf remains the fallback.
PDFTOTEXT = shutil.which("pdftotext")

counts: Counter = Counter()


cpu_at_start: dict = {}


@events.test_start.add_listener
def measure_cpu(**_):
    cpu_at_start.update(cpu_snapshot() or {})


def cpu_report() -> str:
    end = cpu_snapshot()
    if not end or not cpu_at_start:
        return ""
    seconds = end["clock"] - cpu_at_start["clock"]
    used = {key: (end[key] - cpu_at_start[key]) / seconds for key in end}
    other = max(
        used["busy"] - used["steal"] - used["server"] - used["database"] - used["locust"], 0
    )
    line = (
        f"CPU, in cores of {os.cpu_count()}: gunicorn {used['server']:.2f}, "
        f"PostgreSQL {used['database']:.2f}, Locust {used['locust']:.2f}, "
        f"other processes {other:.2f}, stolen by the host {used['steal']:.2f}"
    )
    if other > 0.2 or used["steal"] > 0.2:
        line += "\n  this machine was not quiet: the latencies are inflated"
    return line


STEP_ORDER = ("platform", "country", "region", "details", "services", "data", "situation")
STEP_ORDER += ("sensitive",)
STEP_ORDER += ("profession",)
STEP_ORDER += ("switched-off", "notice")
STEP_ORDER += ("documents", "sent-by", "authority", "earlier-request", "complaint-timing")
STEP_ORDER += ("representative",)
STEP_ORDER += ("other-proceedings",)
PAGE_ORDER = ("home", "static", "start", *(f"step: {slug}" for slug in STEP_ORDER), "check")
PAGE_ORDER += ("result", "pdf: objection", "pdf: erasure", "pdf: access", "pdf: restriction")
PAGE_ORDER += ("pdf: complaint", "text")


def _journey_order(entry: StatsEntry) -> tuple:
    """Rows in the order a visitor meets them, each page's GET before its POST."""
    position = PAGE_ORDER.index(entry.name) if entry.name in PAGE_ORDER else len(PAGE_ORDER)
    return (position, entry.method != "GET", entry.name)


def _row(label: str, entry: StatsEntry) -> str:
    p50 = entry.get_response_time_percentile(0.5) if entry.num_requests else 0
    p95 = entry.get_response_time_percentile(0.95) if entry.num_requests else 0
    return (
        f"{label:<28} {entry.num_requests:>6} {entry.num_failures:>5} "
        f"{p50:>7.0f} {p95:>7.0f} {entry.max_response_time or 0:>7.0f}"
    )


@events.quitting.add_listener
def summary(environment, **_):
    """A compact report on stdout (Locust's own full tables go to stderr), and the exit code."""
    stats = environment.stats
    total = stats.total
    seconds = max((total.last_request_timestamp or 0) - total.start_time, 1e-9)
    pdfs = StatsEntry(stats, "PDF (all letters)", "", use_response_times_cache=False)
    for entry in stats.entries.values():
        if entry.name.startswith("pdf: "):
            pdfs.extend(entry)
    print()
    print(
        f"{environment.parsed_options.num_users} users, {seconds:.0f} s: "
        f"{total.num_requests} requests, {total.num_requests / seconds:.1f} req/s, "
        f"{counts['journeys completed']} visitors completed the wizard and got their letters "
        f"({counts['journeys started']} started; the run's end cuts the rest short)"
    )
    print(f"{'request':<28} {'count':>6} {'fails':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for entry in sorted(stats.entries.values(), key=_journey_order):
        print(_row(f"{entry.method} {entry.name}", entry))
    print(_row(pdfs.name, pdfs))
    print(_row("all requests", total))
    verified = counts["PDFs verified"]
    cost = counts["PDF check seconds"] / verified * 1000 if verified else 0
    print(
        f"failures: {total.num_failures}, lost data: {counts['lost data']}, "
        f"PDFs verified: {verified} (text read back with {'pdftotext' if PDFTOTEXT else 'pypdf'}"
        f" in {cost:.0f} ms each)"
    )
    protections = (
        "flood renders served",
        "flood renders refused (429)",
        "flood results kept after 429",
        "bundles served",
        "bundles refused while busy (503)",
        "files attached",
    )
    if any(counts[name] for name in protections):
        print(", ".join(f"{name}: {counts[name]}" for name in protections))
    cpu = cpu_report()
    if cpu:
        print(cpu)
    for error in stats.errors.values():
        print(f"  {error.occurrences} x {error.method} {error.name}: {error.error}")
    if not counts["journeys completed"]:
        # Nothing was checked end to end, so nothing is proven: a run too short, or all failing.
        print("no visitor completed the wizard: nothing verified (is LOAD_TIME long enough?)")
    if total.num_failures or counts["lost data"] or not counts["journeys completed"]:
        environment.process_exit_code = 1
