"""Where the machine's CPU went during a load run (Linux /proc; nothing elsewhere): the server's
process tree, PostgreSQL's, Locust's own, other processes and time stolen by the host. Kept apart
from the locustfile, which imports it as a sibling (Locust puts the locustfile's folder on the
path); like it, it imports no Django."""

import glob
import os
import time
from collections import defaultdict
from urllib.parse import unquote, urlsplit

# Where the machine's CPU went during the run (Linux /proc; skipped elsewhere). On a shared
# machine other processes take cores from the server, and the latencies mean little unless that
# share is near zero, so the report says how big it was.
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds of the process and of its children it has reaped)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as file:
                stat = file.read()
        except OSError:  # it exited meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime, stime, cutime, cstime: a tree's live members plus what they reaped is all of it.
        table[int(entry)] = (int(fields[1]), sum(map(int, fields[11:15])) / CLOCK_TICKS)
    return table


def _tree(table: dict, root: int | None) -> float:
    children = defaultdict(list)
    for pid, (parent, _) in table.items():
        children[parent].append(pid)
    total, stack = 0.0, [root] if root else []
    while stack:
        pid = stack.pop()
        if pid in table:
            total += table[pid][1]
            stack.extend(children[pid])
    return total


def _database_pid() -> int | None:
    """The postmaster behind a Unix-socket DATABASE_URL: its socket's lock file names it."""
    netloc = urlsplit(os.environ.get("DATABASE_URL", "")).netloc.rpartition("@")[2]
    for lock in glob.glob(os.path.join(unquote(netloc), ".s.PGSQL.*.lock")):
        try:
            with open(lock) as file:
                return int(file.readline())
        except (OSError, ValueError):  # not ours to read: PostgreSQL is then counted as "other"
            return None
    return None


def cpu_snapshot() -> dict[str, float] | None:
    try:
        with open("/proc/stat") as file:
            ticks = [int(x) for x in file.readline().split()[1:]]
        table = _processes()
    except OSError:
        return None
    server = os.environ.get("LOAD_SERVER_PID")
    return {
        "busy": (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLOCK_TICKS,  # all but idle and iowait
        # In a VM: time the host ran something else although this machine had work to do.
        "steal": ticks[7] / CLOCK_TICKS if len(ticks) > 7 else 0.0,
        "server": _tree(table, int(server) if server else None),
        "database": _tree(table, _database_pid()),
        "locust": _tree(table, os.getpid()),
        "clock": time.monotonic(),
    }
