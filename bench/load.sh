#!/usr/bin/env bash
# `make load`: simulated visitors (bench/locustfile.py) go through the whole questionnaire and
# download their letters, against gunicorn and a throwaway PostgreSQL on this machine only. Two
# scenarios, one after the other: "visitors" alone, then "mixed", where the same visitors share
# the server with anonymous clients flooding it with fresh PDF renders and logged-in users
# downloading complaint bundles. Prints requests/s, p50/p95 latency per step and errors for each,
# then the home page's p95 in both; exits non-zero if any request failed or any visitor's answers
# did not come back to them. Bounded: each scenario stops by itself after LOAD_TIME.
#
#   make load                                   # 50 visitors for 60 s, then the mixed run
#   LOAD_USERS=100 LOAD_TIME=2m LOAD_WORKERS=3 make load
#   LOAD_SCENARIOS=mixed make load              # one scenario only
#
# Knobs (environment): LOAD_USERS (50 visitors), LOAD_SPAWN_RATE (10 new visitors/s), LOAD_TIME
# (60s), LOAD_WORKERS (gunicorn sync workers; cores + 1), LOAD_THINK ("0.5,2": seconds a visitor
# spends on each page, min,max), LOAD_SCENARIOS ("visitors mixed"), LOAD_FLOODERS (6 anonymous
# PDF flooders) and LOAD_BUNDLE_USERS (4 bundle downloaders) in the mixed run.
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
# As in production behind the proxy: Locust plays the proxy on 127.0.0.1 and sends each simulated
# person's own address in X-Forwarded-For, so the per-client limits count people, not Locust.
export DJANGO_BEHIND_PROXY=true DJANGO_TRUSTED_PROXIES=127.0.0.1 ALLAUTH_TRUSTED_PROXY_COUNT=1

"$bin/python" manage.py migrate --noinput -v0
"$bin/python" manage.py createcachetable
"$bin/python" manage.py load_reference_data >/dev/null
# The bundle downloaders' accounts, each with an escalated complaint and annexes (mixed run).
LOAD_BUNDLE_USERS=${LOAD_BUNDLE_USERS:-4} LOAD_SEED_FILE=$tmp/seed.jsonl \
    "$bin/python" manage.py shell -v 0 -c "from bench.load_seed import main; main()"

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

flooders=${LOAD_FLOODERS:-6}
bundle_users=$(wc -l <"$tmp/seed.jsonl")
status=0
declare -A home_p95
for scenario in ${LOAD_SCENARIOS:-visitors mixed}; do
    case $scenario in
        visitors) classes=(Visitor) extra=0 ;;
        mixed) classes=(Visitor PdfFlooder BundleDownloader) extra=$((flooders + bundle_users)) ;;
        *) echo "LOAD_SCENARIOS: unknown scenario $scenario (visitors, mixed)" >&2; exit 2 ;;
    esac
    echo
    echo "== $scenario: $users visitors (+$spawn_rate/s)" \
        "$([ "$extra" != 0 ] && echo "with $flooders PDF flooders and $bundle_users bundle downloaders ")for" \
        "$run_time against gunicorn, $workers workers ${config:+($config) }on $host:$port, $(nproc) cores =="
    # Locust's own full report and log go to a file; the locustfile prints the compact one, with
    # the CPU the server used (hence its process id). Each run starts with an empty rate-limit
    # cache, so the second is not judged by the first one's counters.
    "$bin/python" manage.py shell -v 0 -c "from django.core.cache import cache; cache.clear()"
    LOAD_SERVER_PID=$gunicorn_pid LOAD_SEED_FILE=$tmp/seed.jsonl LOAD_FLOODERS=$flooders \
        "$bin/locust" -f bench/locustfile.py --headless --host "http://$host:$port" \
        -u $((users + extra)) -r "$spawn_rate" --run-time "$run_time" --stop-timeout 30 \
        --only-summary --loglevel WARNING "${classes[@]}" 2>"$tmp/locust.log" \
        | tee "$tmp/$scenario.txt" || status=$?
    home_p95[$scenario]=$(awk '$1 == "GET" && $2 == "home" {print $6}' "$tmp/$scenario.txt")
    [ "$status" = 0 ] || break
done
echo
for scenario in "${!home_p95[@]}"; do
    echo "home page p95, $scenario: ${home_p95[$scenario]} ms"
done

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
