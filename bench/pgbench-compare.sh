#!/usr/bin/env bash
# Runs the same pgbench scripts against PostgreSQL 15, Rhizome standalone, a 2-node Rhizome
# cluster (etcd + 2 nodes + 1 gateway) and PgBouncer in front of the same PostgreSQL, all on
# loopback, and prints Markdown tables: tps and latency with the Rhizome/PostgreSQL ratio from the
# same run (and the cluster's against PgBouncer -> PostgreSQL, the other proxy tier), then the
# server cost of one query (CPU microseconds and context switches, read from /proc for every
# process on the path). Numbers, not a pass/fail test.
#
#   bench/pgbench-compare.sh [SECONDS_PER_RUN]       (default 10)
#   MODES="simple prepared" bench/pgbench-compare.sh  (point-select protocol modes; default all three)
#   WRITES=0 bench/pgbench-compare.sh                 (no writes)
#   RANGE=0 bench/pgbench-compare.sh                  (no 1,000-row range selects)
#   PGBOUNCER=0 bench/pgbench-compare.sh              (without the PgBouncer -> PostgreSQL target)
#   WARMUP=5 bench/pgbench-compare.sh                 (seconds of warm-up per target and mode, default 5)
#   ROUNDS=3 bench/pgbench-compare.sh                 (runs of each case per target; the median by tps
#                                                      is printed, default 3: a shared VM's disk and
#                                                      neighbours move single runs by 2x)
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-10}"
modes="${MODES:-prepared simple extended}"
warmup="${WARMUP:-5}"
rounds="${ROUNDS:-3}"
pgbin="${PGBIN:-/usr/lib/postgresql/15/bin}"
jar=cli/target/rhizome.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
pgbouncer="${PGBOUNCER:-1}"
tools=(pgbench psql etcd "$pgbin/postgres")
[ "$pgbouncer" = 0 ] || tools+=(pgbouncer)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (PGBOUNCER=0 runs without PgBouncer)" >&2; exit 1; }
done

source bench/lib.sh
bench_init bench
chmod 755 "$work"


export RHIZOME_ADMIN_PASSWORD=bench-admin
export PGPASSWORD=bench
# Eight databases for "8 clients on 8 tenants": one pgbench per database, run side by side.
tenants="bench w1 w2 w3 w4 w5 w6 w7 w8"

# --- PostgreSQL 15 (fsync and synchronous_commit on: the same durability as synchronous=FULL)
start_postgres "-A trust" ""
psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE ROLE app LOGIN PASSWORD 'bench'"
for t in $tenants; do
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE $t OWNER app"
done
# --- PgBouncer -> the same PostgreSQL, session pooling: a connection per client, kept open
pb_port=""
if [ "$pgbouncer" != 0 ]; then
  start_pgbouncer "$pg_port" app bench 64 8
fi

# --- Rhizome standalone
sa_port=$(free_port)
java -jar "$jar" standalone --data "$work/standalone" --listen "127.0.0.1:$sa_port" >"$work/standalone.log" 2>&1 &
sa_pid=$!
pids+=("$sa_pid")
wait_port "$sa_port"

# --- Rhizome cluster: etcd, two nodes, one gateway
start_etcd
cl_pids=()
for n in 1 2; do
  p=$(free_port)
  java -jar "$jar" node --etcd "http://127.0.0.1:$etcd_port" --id "n$n" --listen "127.0.0.1:$p" \
    --data "$work/n$n" >"$work/n$n.log" 2>&1 &
  pids+=($!)
  cl_pids+=($!)
  wait_port "$p"
done
gw_port=$(free_port)
java -jar "$jar" gateway --etcd "http://127.0.0.1:$etcd_port" --listen "127.0.0.1:$gw_port" >"$work/gateway.log" 2>&1 &
pids+=($!)
cl_pids+=($!)
wait_port "$gw_port"

for port in "$sa_port" "$gw_port"; do
  for t in $tenants; do
    echo bench | java -jar "$jar" ctl --server "127.0.0.1:$port" tenant create "$t" --user app --password-stdin >/dev/null
  done
done

# --- The same schema and data everywhere (SQL both dialects accept)
for port in "$pg_port" "$sa_port" "$gw_port"; do
  for t in $tenants; do
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U app -d "$t" <<'SQL'
CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000)
INSERT INTO kv SELECT x, 'value-' || x FROM c;
CREATE TABLE log (v TEXT, at INTEGER);
CREATE TABLE span (k INTEGER PRIMARY KEY, label TEXT, half DOUBLE PRECISION);
INSERT INTO span SELECT k, v, k * 0.5 FROM kv;
SQL
  done
done

printf '\\set id random(1, 10000)\nSELECT v FROM kv WHERE k = :id;\n' >"$work/select.sql"
# The update changes the value: SQLite writes nothing at all for an UPDATE that sets a column to
# what it holds (no dirty page, no WAL frame, no fsync), which PostgreSQL does write.
printf '\\set id random(1, 10000)\n\\set r random(1, 1000000000)\nUPDATE kv SET v = '"'v'"' || :r WHERE k = :id;\n' >"$work/update.sql"
printf '\\set id random(1, 10000)\nINSERT INTO log (v, at) VALUES (:id, :id);\n' >"$work/insert.sql"
# A larger result: 1,000 rows (an integer, a text, a double) per query, as a report or an ORM
# loading a collection asks for: the per-row cost that point selects hide.
printf '\\set a random(1, 9001)\nSELECT k, label, half FROM span WHERE k BETWEEN :a AND :a + 999;\n' \
  >"$work/range.sql"

# pgbench_one PORT SCRIPT MODE CLIENTS DB SECONDS -> its output (a failed transaction fails it)
pgbench_one() {
  pgbench -n -h 127.0.0.1 -p "$1" -U app -f "$work/$2.sql" -M "$3" -c "$4" -j "$(($4 < 2 ? 1 : 2))" \
    -T "$6" "$5" 2>&1
}

# run PORT SCRIPT MODE CLIENTS TENANTS [PIDS...] -> "tps latency_ms cpu_us switches" or "error"
# TENANTS=1: all clients on tenant bench; TENANTS=8: one 1-client pgbench per tenant w1..w8.
run() {
  local port=$1 script=$2 mode=$3 clients=$4 spread=$5
  shift 5
  local before after out ok=1 tps=0 lat=0 n=0 txs=0
  before=$(proc_cost "$@")
  if [ "$spread" -eq 1 ]; then
    out=$(pgbench_one "$port" "$script" "$mode" "$clients" bench "$secs") || ok=0
    outs=("$out")
  else
    local tmp=()
    for t in w1 w2 w3 w4 w5 w6 w7 w8; do
      pgbench_one "$port" "$script" "$mode" 1 "$t" "$secs" >"$work/out.$t" 2>&1 &
      tmp+=($!)
    done
    for p in "${tmp[@]}"; do wait "$p" || ok=0; done
    outs=()
    for t in w1 w2 w3 w4 w5 w6 w7 w8; do outs+=("$(cat "$work/out.$t")"); done
  fi
  after=$(proc_cost "$@")
  for out in "${outs[@]}"; do
    if grep -q "number of failed transactions: [1-9]" <<<"$out" || ! grep -q "^tps" <<<"$out"; then
      ok=0
      echo "$out" >>"$work/errors.log"
    fi
  done
  if [ "$ok" -eq 0 ]; then
    echo "error"
    return
  fi
  read -r tps lat txs <<<"$(printf '%s\n' "${outs[@]}" | awk '
    /^latency average/ {lat += $4; n++}
    /^tps/ {tps += $3}
    /^number of transactions actually processed/ {split($NF, a, "/"); txs += a[1]}
    END {printf "%.0f %.3f %d", tps, lat / n, txs}')"
  read -r b_ticks b_sw <<<"$before"
  read -r a_ticks a_sw <<<"$after"
  awk -v tps="$tps" -v lat="$lat" -v txs="$txs" -v ticks=$((a_ticks - b_ticks)) -v sw=$((a_sw - b_sw)) \
    -v hz="$(getconf CLK_TCK)" 'BEGIN {
      if (txs == 0) { print tps, lat, "-", "-"; exit }
      printf "%s %s %.0f %.1f\n", tps, lat, ticks * 1e6 / hz / txs, sw / txs }'
}
# The run (a line "tps latency cpu switches") with the median tps; "error" runs sort first.
median() { printf '%s\n' "$@" | sort -g -k1,1 | awk '{l[NR] = $0} END {print l[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "error" || b == "error" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }

# Warm-up: JIT compilation on both Rhizome targets (and PostgreSQL's caches) before measuring.
# ($pb_port unquoted: no word at all without PgBouncer.)
for port in "$pg_port" "$sa_port" "$gw_port" $pb_port; do
  for m in $modes; do
    pgbench_one "$port" select "$m" 2 bench "$warmup" >/dev/null || true
  done
  pgbench_one "$port" update prepared 2 bench 2 >/dev/null || true
  # The large-result path (row reading, encoding, float printing) compiles on its own: without
  # this, the first range case measured code still being compiled.
  if [ "${RANGE:-1}" != 0 ]; then
    for m in prepared simple; do
      pgbench_one "$port" range "$m" 8 bench "$warmup" >/dev/null || true
    done
  fi
done
# The JVMs keep compiling for tens of seconds of load (C2 took 2.5 s of CPU in each of the first
# three 8-second runs of a fresh standalone, then nothing): run point selects on each Rhizome
# target until a 5-second slice costs its JIT threads under 1% of a core, so the tables measure
# steady-state code, as PostgreSQL's (which compiles nothing) is. At most $JIT_WARMUP seconds.
jit_settle() {
  local port=$1 spent=0 before after
  shift
  while [ "$spent" -lt "${JIT_WARMUP:-90}" ]; do
    before=$(jit_ticks "$@")
    pgbench_one "$port" select prepared 8 bench 5 >/dev/null || true
    after=$(jit_ticks "$@")
    spent=$((spent + 5))
    [ $(((after - before) * 100)) -lt "$((5 * $(getconf CLK_TCK)))" ] && break
  done
  echo "$spent"
}
jit_sa=$(jit_settle "$sa_port" "$sa_pid")
jit_cl=$(jit_settle "$gw_port" "${cl_pids[@]}")

echo "pgbench, median of ${rounds} runs of ${secs} s, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start," \
  "$(cpu_idle_state), $(date -u +%Y-%m-%d); PostgreSQL 15 vs Rhizome $(git rev-parse --short HEAD)"
echo "(JIT warm-up until compilation settled: standalone ${jit_sa} s, cluster ${jit_cl} s of 8-client point selects)"
echo
echo "| workload | mode | clients | PostgreSQL tps (ms) | standalone tps (ms) | ratio | cluster tps (ms) | ratio | PgBouncer -> PostgreSQL tps (ms) | cluster / PgBouncer |"
echo "|---|---|---|---|---|---|---|---|---|---|"
cases=()
for m in $modes; do cases+=("select $m 1 1" "select $m 8 1"); done
# Prepared, the node knows the result's types from the first execution on; simple, it types every
# result from its first batch, as it does for a client that does not prepare (psycopg2, psql).
[ "${RANGE:-1}" = 0 ] || cases+=("range prepared 8 1" "range simple 8 1")
if [ "${WRITES:-1}" != 0 ]; then
  cases+=("update prepared 1 1" "update prepared 8 8" "insert prepared 1 1" "insert prepared 8 8"
    "update prepared 8 1" "insert prepared 8 1")
fi
costs=()
for c in "${cases[@]}"; do
  set -- $c
  pg_runs=() sa_runs=() cl_runs=() pb_runs=()
  # Rounds interleave the three targets, so a neighbour's burst hits all of them alike.
  for _ in $(seq 1 "$rounds"); do
    pg_runs+=("$(run "$pg_port" "$1" "$2" "$3" "$4" "$pg_pid")")
    sa_runs+=("$(run "$sa_port" "$1" "$2" "$3" "$4" "$sa_pid")")
    cl_runs+=("$(run "$gw_port" "$1" "$2" "$3" "$4" "${cl_pids[@]}")")
    [ -z "$pb_port" ] || pb_runs+=("$(run "$pb_port" "$1" "$2" "$3" "$4" "$pb_pid" "$pg_pid")")
  done
  [ -n "$pb_port" ] || pb_runs=("-")
  read -r pg_tps pg_lat pg_cpu pg_sw <<<"$(median "${pg_runs[@]}")"
  pg_sw="-"
  read -r sa_tps sa_lat sa_cpu sa_sw <<<"$(median "${sa_runs[@]}")"
  read -r cl_tps cl_lat cl_cpu cl_sw <<<"$(median "${cl_runs[@]}")"
  read -r pb_tps pb_lat pb_cpu pb_sw <<<"$(median "${pb_runs[@]}")"
  pb_sw="-"
  label="$3"
  [ "$4" -eq 8 ] && label="$3 on 8 tenants"
  echo "| $1 | $2 | $label | $pg_tps (${pg_lat:-}) | $sa_tps (${sa_lat:-}) | $(ratio "$sa_tps" "$pg_tps") | $cl_tps (${cl_lat:-}) | $(ratio "$cl_tps" "$pg_tps") | $pb_tps${pb_lat:+ ($pb_lat)} | $(ratio "$cl_tps" "$pb_tps") |"
  costs+=("| $1 | $2 | $label | ${pg_cpu:--} / ${pg_sw:--} | ${sa_cpu:--} / ${sa_sw:--} | ${cl_cpu:--} / ${cl_sw:--} | ${pb_cpu:--} / ${pb_sw:--} |")
done
echo
echo "Server cost per transaction: CPU microseconds / context switches, from /proc, summed over"
echo "every process on the path (PostgreSQL: postmaster and its backends, CPU only; cluster: gateway"
echo "and both nodes; PgBouncer: PgBouncer, the postmaster and its backends, CPU only)."
echo
echo "| workload | mode | clients | PostgreSQL | standalone | cluster | PgBouncer -> PostgreSQL |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${costs[@]}"
if [ -s "$work/errors.log" ]; then
  echo
  echo "Some runs failed; first lines of their output:"
  head -20 "$work/errors.log"
fi
