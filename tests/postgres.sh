#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: created in a temporary folder, reachable
# only through a Unix socket there (no TCP port, so it cannot clash with another server), and
# removed afterwards whatever the command's outcome. `make test` runs the suite through it.
#
#   tests/postgres.sh .venv/bin/pytest -q
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
    echo "PostgreSQL server binaries not found (Debian package postgresql)." >&2
    exit 1
fi

dir=$(mktemp -d /tmp/privacyreq-pg.XXXXXX)
# PostgreSQL refuses to run as root; the Debian package provides the postgres user for that.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$dir"

stop() {
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off" start >/dev/null
as_owner "$pg_bin/createdb" -h "$dir" -U postgres privacyreq

host=${dir//\//%2F}
export DATABASE_URL="postgres://postgres@$host/privacyreq"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $dir"
"$@"
