#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL cluster, on a port of its own, made with pg_basebackup -R.
#
#   tools/replica.sh [PORT]        (default 5433; PG_VERSION=15, PRIMARY_CLUSTER=main, REPLICA_CLUSTER=replica)
#
# Idempotent: a replica already streaming on PORT is left as it is; a broken or stopped one is made again from a
# fresh base backup. The primary is made to accept replication connections from 127.0.0.1 (pg_hba.conf) and to
# keep 4 GB of WAL for a replica that falls behind during a bulk load. Making one needs root (Debian's
# pg_createcluster and the cluster's files; the PostgreSQL work runs as the postgres user); finding one streaming
# does not. Prints the replica's URL.
set -euo pipefail
PORT=${1:-5433}
VERSION=${PG_VERSION:-15}
PRIMARY=${PRIMARY_CLUSTER:-main}
NAME=${REPLICA_CLUSTER:-replica}
PRIMARY_PORT=$(pg_conftool -s "$VERSION" "$PRIMARY" show port 2>/dev/null || echo 5432)
DATA=/var/lib/postgresql/$VERSION/$NAME
ETC=/etc/postgresql/$VERSION/$NAME

as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
psql_at() { as_postgres "psql -X -q -At -h 127.0.0.1 -p $1 -U postgres -d postgres -c \"$2\""; }

streaming() {
  [ "$(psql_at "$PORT" 'select pg_is_in_recovery()' 2>/dev/null)" = t ] &&
    [ "$(psql_at "$PORT" 'select status from pg_stat_wal_receiver' 2>/dev/null)" = streaming ]
}

if streaming; then  # already there: nothing to do, whoever runs this
  echo "postgresql://postgres@127.0.0.1:$PORT/"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "tools/replica.sh makes a PostgreSQL cluster on port $PORT: run it as root (nothing streams there yet)" >&2
  exit 1
fi

# The primary: replication connections from this machine, WAL kept for a replica that lags.
HBA=$(psql_at "$PRIMARY_PORT" 'show hba_file')
if ! grep -q "unionflow-replica" "$HBA"; then  # first, before Debian's own replication line with a password
  sed -i '1i host replication all 127.0.0.1/32 trust # unionflow-replica' "$HBA"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$PRIMARY" reload
fi
if [ "$(psql_at "$PRIMARY_PORT" 'show wal_level')" = minimal ]; then
  echo "the primary has wal_level = minimal: set it to replica and restart it" >&2
  exit 1
fi
if [ "$(psql_at "$PRIMARY_PORT" "select setting from pg_settings where name = 'wal_keep_size'")" = 0 ]; then
  psql_at "$PRIMARY_PORT" "alter system set wal_keep_size = '4GB'" >/dev/null
  psql_at "$PRIMARY_PORT" 'select pg_reload_conf()' >/dev/null
fi

if pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n' | grep -q .; then
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start >/dev/null 2>&1 || true
  for _ in $(seq 20); do streaming && break; sleep 0.5; done
  if streaming; then
    echo "postgresql://postgres@127.0.0.1:$PORT/"
    exit 0
  fi
  echo "the replica $VERSION/$NAME is not streaming: making it again" >&2
  pg_dropcluster --stop "$VERSION" "$NAME"
fi

pg_createcluster "$VERSION" "$NAME" -p "$PORT" >/dev/null
cp "$HBA" "$ETC/pg_hba.conf"
cat > "$ETC/conf.d/replica.conf" <<CONF
hot_standby = on
# Long report queries are not cancelled by the primary's vacuum; the primary keeps what they read.
hot_standby_feedback = on
max_standby_streaming_delay = 30s
CONF
find "$DATA" -mindepth 1 -delete  # the base backup fills the empty directory (postgres cannot make it)
as_postgres "pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D $DATA -R -X stream -c fast"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
for _ in $(seq 120); do streaming && break; sleep 0.5; done
if ! streaming; then
  echo "the replica on port $PORT did not start streaming; see /var/log/postgresql/postgresql-$VERSION-$NAME.log" >&2
  exit 1
fi
echo "postgresql://postgres@127.0.0.1:$PORT/"
