#!/usr/bin/env bash
# Make sure the PostgreSQL server the tests use answers; start a local cluster that is installed but stopped.
# With --provision (CI on a fresh machine, as root): also let local connections in without a password and
# create the database the tests use.
set -euo pipefail
url="${UNIONFLOW_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}"
python="${PYTHON:-.venv/bin/python}"

ready() {
  "$python" - "$url" <<'PY' 2>/dev/null
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3).close()
PY
}

start_clusters() {
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters --no-header | while read -r version name _port status _rest; do
    if [ "$status" != "online" ]; then
      echo "Starting PostgreSQL cluster $version/$name"
      pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start || true
    fi
  done
}

provision() {
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters --no-header | while read -r version name _rest; do
    hba="/etc/postgresql/$version/$name/pg_hba.conf"
    if [ -f "$hba" ] && ! grep -q "unionflow-ci" "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust # unionflow-ci\nhost all all ::1/128 trust # unionflow-ci' "$hba"
      pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload || true
    fi
  done
  dbname="${url##*/}"; dbname="${dbname%%\?*}"
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '$dbname'\"" | grep -q 1 \
    || su postgres -c "createdb '$dbname'"
}

ready && exit 0
start_clusters
[ "${1:-}" = "--provision" ] && provision
for _ in $(seq 1 30); do
  ready && exit 0
  sleep 1
done
echo "PostgreSQL is not reachable at $url." >&2
echo "Install and start it (Debian: apt-get install postgresql), or point UNIONFLOW_TEST_PG_URL at a server." >&2
exit 1
