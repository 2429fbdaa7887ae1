"""Sections 2 and 5: pages and PDFs per second under gunicorn against a trivial view of the same
app, and a worker's memory after a thousand PDF renders.

Two servers, one after the other, with the same worker count:
- "as deployed": the document cache on; pages a new visitor sees, and the result page and PDFs
  asked for again;
- "cache off" (DOCUMENT_CACHE_ENTRIES=0): every result page drafts the letters and every PDF is
  rendered, the cost of a visitor's first look; this server also renders the thousand PDFs whose
  memory section 5 reports.
Endpoints take turns, round after round, so each ratio compares figures from the same minutes.
"""

import itertools
import os
import urllib.request
from pathlib import Path

from bench.common import JOURNEY, ORGANISATION_JOURNEY, ORGANISATION_STEP, Row, journey
from bench.common import new_session as session
from bench.server import HOST, Gunicorn, LoadGenerator, Target, memory_kib

THROUGHPUT = "2 throughput"
MEMORY = "5 memory"
PAGE_GOAL = 0.6
# Cold renders timed per round for PDF/s; the memory section renders the rest of its thousand.
PDFS_PER_ROUND = 60


def _cookie(value: str) -> str:
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={value}" if value else ""


def _sessions(clients: int) -> dict[str, tuple[str, ...]]:
    """Cookies per endpoint, one visitor per client: for each question, visitors who answered
    everything before it (so the page shows, rather than redirecting); for the result page and
    the downloads, visitors who finished."""
    by_page: dict[str, tuple[str, ...]] = {}
    for position, (slug, _) in enumerate(JOURNEY):
        by_page[slug] = tuple(_cookie(session(journey(i)[:position])) for i in range(clients))
    by_page[ORGANISATION_STEP] = tuple(
        _cookie(session(ORGANISATION_JOURNEY)) for _ in range(clients)
    )
    by_page["check"] = tuple(_cookie(session(journey(i))) for i in range(clients))
    by_page["done"] = tuple(_cookie(session(journey(i), check=True)) for i in range(clients))
    return by_page


def _etag(port: int, path: str, cookie: str) -> str:
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.headers.get("ETag", "")


def _rounds(load, targets, *, rounds: int, seconds: float) -> dict[str, list[float]]:
    rates: dict[str, list[float]] = {t.name: [] for t in targets}
    for target in targets:  # warm every template and code path in every worker
        load.run(target, seconds=0.3)
    for _ in range(rounds):
        for target in targets:
            rates[target.name].append(load.run(target, seconds=seconds)[1])
    return rates


def _page_rows(
    rates, *, trivial: float, pages: list[str], label: str, floor: float = 0
) -> list[Row]:
    rows = []
    for name in pages:
        rate = sum(rates[name]) / len(rates[name])
        note = f"{rate / floor:.2f}x the layout floor" if floor else ""
        rows.append(
            Row(
                THROUGHPUT,
                f"{name} ({label})",
                f"{rate:.0f}/s",
                f"{trivial:.0f}/s",
                rate / trivial,
                f"≥ {PAGE_GOAL}x",
                rate / trivial >= PAGE_GOAL,
                note,
            )
        )
    return rows


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def run(*, workers: int, clients: int, rounds: int, seconds: float, pdfs: int, tmp: Path):
    sessions = _sessions(clients)
    done = sessions["done"]
    trivial = Target("trivial view", "/bench/trivial/")
    floor = Target("layout floor", "/bench/floor/", sessions["check"])
    pages = [Target("home page", "/")]
    for slug, _ in (*JOURNEY[:1], (ORGANISATION_STEP, None), *JOURNEY[1:]):
        pages.append(Target(f"step {slug}", f"/start/{slug}/", sessions[slug]))
    pages.append(Target("check page", "/start/check/", sessions["check"]))
    result = Target("result page", "/start/result/", done)
    pdf = Target("objection PDF", "/start/result/objection.pdf", done)
    text = Target("objection text", "/start/result/objection.txt", done)
    log = tmp / "gunicorn.log"
    rows: list[Row] = []

    with Gunicorn(workers=workers, log=log) as server:
        load = LoadGenerator(port=server.port, clients=clients)
        try:
            etags = tuple(_etag(server.port, pdf.path, cookie) for cookie in done)
            revalidate = (
                [Target("objection PDF, If-None-Match", pdf.path, done, etags, expect=304)]
                if all(etags)
                else []
            )
            # Each worker keeps its own document cache: ask for every visitor's letters often
            # enough that every worker has drafted and rendered them, so "again" means a hit.
            for target in (result, pdf, text):
                load.run(target, requests=4 * clients * workers)
            measured = [trivial, floor, *pages, result, pdf, *revalidate, text, trivial]
            rates = _rounds(load, measured, rounds=rounds, seconds=seconds)
        finally:
            load.close()
    base = _mean(rates["trivial view"])
    label = "new visitor"
    rows += _page_rows(rates, trivial=base, pages=["layout floor"], label="session + layout")
    floor_rate = _mean(rates["layout floor"])
    rows += _page_rows(
        rates, trivial=base, pages=[p.name for p in pages], label=label, floor=floor_rate
    )
    rows += _page_rows(
        rates, trivial=base, pages=["result page"], label="seen again", floor=floor_rate
    )
    for target in (pdf, *revalidate, text):
        rate = _mean(rates[target.name])
        rows.append(
            Row(THROUGHPUT, f"{target.name} (again)", f"{rate:.0f}/s", f"{base:.0f}/s", rate / base)
        )

    with Gunicorn(workers=workers, log=log, env={"DOCUMENT_CACHE_ENTRIES": "0"}) as server:
        load = LoadGenerator(port=server.port, clients=clients)
        try:
            # Every worker has rendered a few letters: fonts and stylesheets loaded, caches full.
            load.run(pdf, requests=10 * workers)
            settled = {pid: memory_kib(pid) for pid in server.worker_pids()}
            cold = {"trivial view": [], "result page": [], "objection PDF": []}
            rendered = 10 * workers
            for _ in range(rounds):
                cold["trivial view"].append(load.run(trivial, seconds=seconds)[1])
                cold["result page"].append(load.run(result, seconds=seconds)[1])
                count, rate = load.run(pdf, requests=max(clients, PDFS_PER_ROUND))
                cold["objection PDF"].append(rate)
                rendered += count
            # The rest of the thousand renders, of every letter in turn, for the memory figure.
            kinds = ("erasure", "access", "restriction", "complaint", "objection")
            for turn in itertools.count():
                if rendered >= pdfs:
                    break
                kind = kinds[turn % len(kinds)]
                target = Target(f"{kind} PDF", f"/start/result/{kind}.pdf", done)
                rendered += load.run(target, requests=min(100, pdfs - rendered))[0]
            after = {pid: memory_kib(pid) for pid in server.worker_pids()}
        finally:
            load.close()
    base = _mean(cold["trivial view"])
    rows += _page_rows(cold, trivial=base, pages=["result page"], label="first view, cache off")
    rate = _mean(cold["objection PDF"])
    rows.append(
        Row(
            THROUGHPUT,
            "objection PDF (first download, cache off)",
            f"{rate:.1f} PDF/s",
            f"{base:.0f}/s",
            rate / base,
            note=f"{workers} workers, {os.cpu_count()} cores",
        )
    )
    rows += _memory_rows(settled, after, rendered=rendered, workers=workers)
    return rows


def _memory_rows(settled, after, *, rendered: int, workers: int) -> list[Row]:
    if set(settled) != set(after):
        return [Row(MEMORY, "a worker restarted during the run; no figure", "", "", None)]
    peak = max(after[pid]["VmHWM"] for pid in after)
    start = max(settled[pid]["VmRSS"] for pid in settled)
    growth = max(after[pid]["VmRSS"] - settled[pid]["VmRSS"] for pid in after)
    mib = 1024
    return [
        Row(
            MEMORY,
            f"worker peak RSS after {rendered} PDFs ({workers} workers), vs after warm-up",
            f"{peak / mib:.0f} MiB",
            f"{start / mib:.0f} MiB",
            peak / start,
            "≤ 1.2x",
            peak / start <= 1.2,
            note=f"largest growth of one worker: {growth / mib:+.1f} MiB",
        )
    ]
