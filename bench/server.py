"""gunicorn for the benchmark, and a small load generator that drives it.

The load generator is plain sockets in forked processes: cheaper per request than any HTTP
library, so the server, not the client, sets the pace, and the same per-request client cost lands
on every page and on the trivial view alike.
"""

import multiprocessing
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Gunicorn:
    """gunicorn with the deployed configuration (privacyreq/gunicorn_conf.py) serving bench.urls."""

    workers: int
    log: Path
    env: dict = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "WEB_CONCURRENCY": str(self.workers),
            # Recycling a worker costs a second of CPU; every thousand trivial requests it would
            # land on the yardstick, not on the pages. Off here, for all endpoints alike.
            "GUNICORN_MAX_REQUESTS": "0",
            **self.env,
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "python:privacyreq.gunicorn_conf",
            "--bind",
            f"{HOST}:{self.port}",
            "privacyreq.wsgi:application",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)  # noqa: S603
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                url = f"http://{HOST}:{self.port}/healthz"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200 and len(self.worker_pids()) == self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The parent pid is the 2nd field after the command name, which may contain spaces.
            if int(stat.rpartition(")")[2].split()[1]) == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (the peak since the process started), in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


@dataclass(frozen=True)
class Target:
    """One endpoint: a path and, per client, the cookie (and maybe If-None-Match) to send."""

    name: str
    path: str
    cookies: tuple[str, ...] = ()
    if_none_match: tuple[str, ...] = ()
    expect: int = 200


def _request(port: int, path: str, headers: str) -> tuple[int, int]:
    with socket.create_connection((HOST, port), timeout=30) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{headers}Connection: close\r\n\r\n".encode()
        )
        received = bytearray()
        while chunk := connection.recv(262144):
            received += chunk
    return int(received[9:12]), len(received)


def _client(port: int, index: int, commands, results) -> None:
    while (command := commands.get()) is not None:
        target, seconds, count = command
        headers = ""
        cookie = target.cookies[index % len(target.cookies)] if target.cookies else ""
        if cookie:
            headers += f"Cookie: {cookie}\r\n"
        if target.if_none_match:
            etag = target.if_none_match[index % len(target.if_none_match)]
            headers += f"If-None-Match: {etag}\r\n"
        done = errors = 0
        started = time.perf_counter()
        deadline = started + seconds
        while (count and done < count) or (not count and time.perf_counter() < deadline):
            status, _ = _request(port, target.path, headers)
            done += 1
            errors += status != target.expect
        results.put((done, errors, time.perf_counter() - started))


class LoadGenerator:
    """``clients`` processes, each one request at a time, all on the same endpoint at once."""

    def __init__(self, *, port: int, clients: int):
        context = multiprocessing.get_context("fork")
        self.clients = clients
        self.commands = [context.Queue() for _ in range(clients)]
        self.results = context.Queue()
        self.processes = [
            context.Process(target=_client, args=(port, i, self.commands[i], self.results))
            for i in range(clients)
        ]
        for process in self.processes:
            process.start()

    def run(self, target: Target, *, seconds: float = 0, requests: int = 0) -> tuple[int, float]:
        """Requests completed and requests per second (``seconds`` long, or ``requests`` in all)."""
        per_client = -(-requests // self.clients) if requests else 0
        for queue in self.commands:
            queue.put((target, seconds, per_client))
        done = errors = 0
        elapsed = 0.0
        for _ in self.processes:
            d, e, t = self.results.get(timeout=600)
            done, errors, elapsed = done + d, errors + e, max(elapsed, t)
        if errors:
            raise RuntimeError(f"{errors} of {done} requests to {target.path} failed")
        return done, done / elapsed

    def close(self) -> None:
        for queue in self.commands:
            queue.put(None)
        for process in self.processes:
            process.join(timeout=30)
