"""`make bench`: how fast privacyreq is, as ratios against yardsticks measured in the same run.

    make bench                      # a throwaway PostgreSQL, about three minutes
    .venv/bin/python -m bench.run   # the same against DATABASE_URL, or a temporary SQLite file

Absolute times on a shared machine move by tens of percent from one run to the next; a ratio of two
figures taken side by side moves much less, so every figure is printed next to its yardstick:
1. a letter's PDF against WeasyPrint rendering a minimal one-page document, same process;
2. pages and PDFs per second under gunicorn against a trivial view of the same app;
3. the dashboard's queries with 1,000 requests against 10;
4. ``send_reminders`` over 100,000 requests with 1,000 due;
5. a gunicorn worker's peak memory after 1,000 PDF renders against its memory after warm-up.

Knobs (environment): BENCH_RENDERS (40), BENCH_WORKERS (gunicorn's default for this machine),
BENCH_CLIENTS (2 x workers), BENCH_ROUNDS (3), BENCH_SECONDS (0.8 per endpoint and round),
BENCH_PDFS (1000), BENCH_REQUESTS (100000), BENCH_DUE (1000).
"""

import datetime as dt
import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row

ROOT = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        sys.exit(f"{name} must be a whole number of at least 1, not {value!r}.")
    return int(value)


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        number = float(value) if value else default
    except ValueError:
        number = 0
    if number <= 0:
        sys.exit(f"{name} must be a positive number of seconds, not {value!r}.")
    return number


def _configure(tmp: Path) -> None:
    """Production settings over plain HTTP on loopback; everything written goes to ``tmp``."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["DJANGO_DEBUG"] = "false"
    # Over http:// no client sends a Secure cookie back: no session, no CSRF.
    os.environ["DJANGO_SECURE"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")


def _prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("load_reference_data", verbosity=0)


def _machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores {model}, Python {platform.python_version()}"


def _table(rows: list[Row]) -> str:
    header = ("", "measure", "ours", "yardstick", "ratio", "goal", "", "note")
    lines = [header]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        met = {True: "ok", False: "MISSED", None: ""}[row.met]
        lines.append(
            (row.section, row.measure, row.ours, row.baseline, ratio, row.goal, met, row.note)
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        cells = [
            cell.rjust(width) if i in (2, 3, 4) else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("| " + " | ".join(cells) + " |")
        if number == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main() -> int:
    started = time.monotonic()
    renders = _env_int("BENCH_RENDERS", 40)
    # Logs, media and (without DATABASE_URL) the database; kept for a look when a section fails.
    tmp = Path(tempfile.mkdtemp(prefix="privacyreq-bench."))
    _configure(tmp)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from bench import render, throughput, tracking
    from privacyreq import gunicorn_conf

    workers = _env_int("BENCH_WORKERS", gunicorn_conf.workers)
    clients = _env_int("BENCH_CLIENTS", 2 * workers)
    rounds = _env_int("BENCH_ROUNDS", 3)
    seconds = _env_float("BENCH_SECONDS", 0.8)
    today = dt.date.today()
    print(f"privacyreq benchmark, {dt.date.today()}, {_machine()}, {connection.vendor}")
    _prepare_database()

    rows: list[Row] = []
    sections = (
        ("1 PDF render", lambda: render.run(renders=renders)),
        (
            "2 throughput, 5 memory",
            lambda: throughput.run(
                workers=workers,
                clients=clients,
                rounds=rounds,
                seconds=seconds,
                pdfs=_env_int("BENCH_PDFS", 1000),
                tmp=tmp,
            ),
        ),
        (
            "4 reminders",
            lambda: tracking.reminders(
                today=today,
                requests=_env_int("BENCH_REQUESTS", 100_000),
                due=_env_int("BENCH_DUE", 1000),
            ),
        ),
        # After the reminders: the dashboard's owners are then two among a hundred thousand rows.
        ("3 dashboard", lambda: tracking.dashboard(today=today)),
    )
    for name, section in sections:
        section_start = time.monotonic()
        rows += section()
        print(f"  {name}: {time.monotonic() - section_start:.0f} s", flush=True)
    print()
    print(_table(sorted(rows, key=lambda row: row.section[0])))
    print(f"\n{time.monotonic() - started:.0f} s in all")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
