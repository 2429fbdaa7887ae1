#!/usr/bin/env bash
# `make load`: simulated visitors (bench/locustfile.py) go through the whole questionnaire and
# download their letters, against gunicorn and a throwaway PostgreSQL on this machine only. Prints
# requests/s, p50/p95 latency per step and errors; exits non-zero if any request failed or any
# visitor's answers did not come back to them. Bounded: it stops by itself after LOAD_TIME.
#
#   make load                                   # 50 visitors for 60 s
#   LOAD_USERS=100 LOAD_TIME=2m LOAD_WORKERS=3 make load
#
# Knobs (environment): LOAD_USERS (50), LOAD_SPAWN_RATE (10 new visitors/s), LOAD_TIME (60s),
# LOAD_WORKERS (gunicorn sync workers; cores + 1), LOAD_THINK ("0.5,2": seconds a visitor
# spends on each page, min,max).
set -euo pipefail

cd "$(dirname "$0")/.."
bin=.venv/bin

# Never a database anyone cares about: without one, get a throwaway cluster (tests/postgres.sh
# calls this script back with DATABASE_URL set, and deletes the cluster afterwards).
if [ -z "${DATABASE_URL:-}" ]; then
    exec tests/postgres.sh "$0" "$@"
fi
case $DATABASE_URL in
    postgres://*@%2F* | postgres://*@127.0.0.1[:/]* | postgres://*@localhost[:/]*) ;;
    *)
        echo "DATABASE_URL must be a PostgreSQL server on this machine (or unset)." >&2
        exit 2
        ;;
esac
if [ ! -f staticfiles/staticfiles.json ]; then
    echo "Static files are not collected; run 'make install' (or 'make load')." >&2
    exit 2
fi

users=${LOAD_USERS:-50}
spawn_rate=${LOAD_SPAWN_RATE:-10}
run_time=${LOAD_TIME:-60s}
# Sync workers, one request at a time each, and one more than cores. The work is CPU-bound (a PDF
# is 0.1-0.2 s of CPU), so extra processes only time-slice the renders and make each one slower:
# at 50 visitors on 2 cores, 2-3 workers gave p95 0.4-0.5 s, 5 workers 0.7 s and 8 workers 0.7 s,
# with the same requests/s. The spare one keeps both cores busy while a worker waits on
# PostgreSQL or restarts (max_requests in privacyreq/gunicorn_conf.py).
workers=${LOAD_WORKERS:-$(($(nproc) + 1))}

# Loopback only: the server binds 127.0.0.1 and the locustfile refuses any other host.
host=127.0.0.1
tmp=$(mktemp -d /tmp/privacyreq-load.XXXXXX)
gunicorn_pid=""
cleanup() {
    if [ -n "$gunicorn_pid" ]; then
        # TERM is gunicorn's graceful stop; nothing is in flight any more once Locust is done.
        kill -TERM "$gunicorn_pid" 2>/dev/null || true
        wait "$gunicorn_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# Production settings, except plain HTTP: over http:// the client would (rightly) not send Secure
# cookies back, so no session and no CSRF cookie. The key is thrown away with the run.
DJANGO_SECRET_KEY=$("$bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY
export DJANGO_DEBUG=false DJANGO_SECURE=false DJANGO_ALLOWED_HOSTS=$host
export MEDIA_ROOT=$tmp/media

"$bin/python" manage.py migrate --noinput -v0
"$bin/python" manage.py createcachetable
"$bin/python" manage.py load_reference_data >/dev/null

port=$("$bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Explicit bind and workers win over the shared configuration file, when there is one, so the
# benchmark measures the deployed settings apart from these two.
gunicorn_args=(--bind "$host:$port" --workers "$workers")
config=""
if [ -f privacyreq/gunicorn_conf.py ]; then
    config="privacyreq/gunicorn_conf.py"
    gunicorn_args=(-c python:privacyreq.gunicorn_conf "${gunicorn_args[@]}")
fi
"$bin/gunicorn" "${gunicorn_args[@]}" privacyreq.wsgi:application >"$tmp/gunicorn.log" 2>&1 &
gunicorn_pid=$!

# Ready when /healthz answers (the app and its database are up); give up if gunicorn exits.
"$bin/python" - "$host" "$port" "$gunicorn_pid" <<'EOF'
import os
import sys
import time
import urllib.request

host, port, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/healthz", timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit("gunicorn exited before it was ready.")
    time.sleep(0.2)
sys.exit("gunicorn did not answer /healthz within 60 s.")
EOF

echo "== $users visitors (+$spawn_rate/s) for $run_time against gunicorn, $workers workers" \
    "${config:+($config) }on $host:$port, $(nproc) cores =="
status=0
# Locust's own full report and log go to a file; the locustfile prints the compact one, with the
# CPU the server used (hence its process id).
LOAD_SERVER_PID=$gunicorn_pid "$bin/locust" -f bench/locustfile.py --headless --host "http://$host:$port" \
    -u "$users" -r "$spawn_rate" --run-time "$run_time" --stop-timeout 30 --only-summary \
    --loglevel WARNING 2>"$tmp/locust.log" || status=$?

# Say so when the load generator itself ran out of CPU: then the figures understate the server.
grep -h "CPU usage" "$tmp/locust.log" || true
server_errors=$(grep -c -E "WORKER TIMEOUT|Traceback|\[ERROR\]" "$tmp/gunicorn.log" || true)
echo "gunicorn: $server_errors error lines in its log"
if [ "$status" != 0 ] || [ "$server_errors" != 0 ]; then
    # Locust's warnings and tracebacks come before its final tables (the summary above has the
    # failures); gunicorn's own lines, not its access log, say why a worker failed or was killed.
    echo "== Locust log ==" >&2
    sed -n '/^Type  /q;p' "$tmp/locust.log" | tail -n 40 >&2
    echo "== gunicorn log, access lines left out ==" >&2
    { grep -v -E '^\[[0-9]{2}/[A-Za-z]{3}/' "$tmp/gunicorn.log" || true; } | tail -n 40 >&2
    exit 1
fi
