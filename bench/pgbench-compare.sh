#!/usr/bin/env bash
# Runs the same pgbench scripts against PostgreSQL 15, Rhizome standalone and a 2-node Rhizome
# cluster (etcd + 2 nodes + 1 gateway), all on loopback, and prints one Markdown table of tps and
# latency with the Rhizome/PostgreSQL ratio from the same run. Numbers, not a pass/fail test.
#
#   bench/pgbench-compare.sh [SECONDS_PER_RUN]      (default 10)
#   MODES="simple prepared" bench/pgbench-compare.sh (protocol modes to run)
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-10}"
modes="${MODES:-simple extended prepared}"
pgbin="${PGBIN:-/usr/lib/postgresql/15/bin}"
jar=cli/target/rhizome.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
for tool in pgbench psql etcd "$pgbin/postgres"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

source bench/lib.sh
bench_init bench
chmod 755 "$work"
bench_extra_cleanup() {
  [ -f "$work/pg/postmaster.pid" ] && as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null || true
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

export RHIZOME_ADMIN_PASSWORD=bench-admin
export PGPASSWORD=bench

# --- PostgreSQL 15 (fsync and synchronous_commit on: the same durability as synchronous=FULL)
pg_port=$(free_port)
mkdir -p "$work/pg" && touch "$work/pg.log"
[ "$(id -u)" -ne 0 ] || chown postgres "$work/pg" "$work/pg.log"
as_postgres "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE ROLE app LOGIN PASSWORD 'bench'" \
  -c "CREATE DATABASE bench OWNER app"

# --- Rhizome standalone
sa_port=$(free_port)
java -jar "$jar" standalone --data "$work/standalone" --listen "127.0.0.1:$sa_port" >"$work/standalone.log" 2>&1 &
pids+=($!)
wait_port "$sa_port"

# --- Rhizome cluster: etcd, two nodes, one gateway
start_etcd
for n in 1 2; do
  p=$(free_port)
  java -jar "$jar" node --etcd "http://127.0.0.1:$etcd_port" --id "n$n" --listen "127.0.0.1:$p" \
    --data "$work/n$n" >"$work/n$n.log" 2>&1 &
  pids+=($!)
  wait_port "$p"
done
gw_port=$(free_port)
java -jar "$jar" gateway --etcd "http://127.0.0.1:$etcd_port" --listen "127.0.0.1:$gw_port" >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_port "$gw_port"

for port in "$sa_port" "$gw_port"; do
  echo bench | java -jar "$jar" ctl --server "127.0.0.1:$port" tenant create bench --user app --password-stdin >/dev/null
done

# --- The same schema and data everywhere (SQL both dialects accept)
for port in "$pg_port" "$sa_port" "$gw_port"; do
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U app -d bench <<'SQL'
CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000)
INSERT INTO kv SELECT x, 'value-' || x FROM c;
CREATE TABLE log (v TEXT, at INTEGER);
SQL
done

printf '\\set id random(1, 10000)\nSELECT v FROM kv WHERE k = :id;\n' >"$work/select.sql"
printf '\\set id random(1, 10000)\nUPDATE kv SET v = v WHERE k = :id;\n' >"$work/update.sql"
printf '\\set id random(1, 10000)\nINSERT INTO log (v, at) VALUES (:id, :id);\n' >"$work/insert.sql"

# run TARGET_PORT SCRIPT MODE CLIENTS -> "tps latency_ms" or "error"
run() {
  local out
  if out=$(pgbench -n -h 127.0.0.1 -p "$1" -U app -f "$work/$2.sql" -M "$3" -c "$4" -j "$(($4 < 2 ? 1 : 2))" \
    -T "$secs" bench 2>&1) && ! grep -q "number of failed transactions: [1-9]" <<<"$out"; then
    awk '/^latency average/ {lat=$4} /^tps/ {tps=$3} END {printf "%.0f %.3f", tps, lat}' <<<"$out"
  else
    echo "error"
    echo "$out" >>"$work/errors.log"
  fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "error" || b == "error" || b == 0) print "-"; else printf "%.2f", a / b }'; }

echo "pgbench, ${secs} s per run, $(nproc) cores, $(date -u +%Y-%m-%d); PostgreSQL 15 vs Rhizome $(git rev-parse --short HEAD)"
echo
echo "| workload | mode | clients | PostgreSQL tps (ms) | standalone tps (ms) | ratio | cluster tps (ms) | ratio |"
echo "|---|---|---|---|---|---|---|---|"
cases=()
for m in $modes; do cases+=("select $m 1" "select $m 8"); done
cases+=("update simple 1" "insert simple 1")
for c in "${cases[@]}"; do
  set -- $c
  read -r pg_tps pg_lat <<<"$(run "$pg_port" "$1" "$2" "$3")"
  read -r sa_tps sa_lat <<<"$(run "$sa_port" "$1" "$2" "$3")"
  read -r cl_tps cl_lat <<<"$(run "$gw_port" "$1" "$2" "$3")"
  echo "| $1 | $2 | $3 | $pg_tps (${pg_lat:-}) | $sa_tps (${sa_lat:-}) | $(ratio "$sa_tps" "$pg_tps") | $cl_tps (${cl_lat:-}) | $(ratio "$cl_tps" "$pg_tps") |"
done
if [ -s "$work/errors.log" ]; then
  echo
  echo "Some runs failed; first lines of their output:"
  head -20 "$work/errors.log"
fi
