#!/usr/bin/env bash
# Measures replication (docs/replication.md) on loopback and prints Markdown tables; numbers, not a
# pass/fail test. For each replication factor 1, 2, 3: etcd, three nodes and one gateway, then
#   - commit latency of single-row INSERT and UPDATE with one client (pgbench -M prepared, per-
#     transaction log: p50 and p99);
#   - single-row INSERT and UPDATE tps with eight clients on eight tenants (one pgbench each);
# then, with replication factor 2 and an archive directory:
#   - archive lag (SHOW SHARDS' archive_lag_ms, sampled every 0.5 s) under steady writes;
#   - failover time over KILLS kills of a busy primary (bench/failover_time.py): the gap, seen by
#     an auto-commit writer, between its last acknowledged INSERT before the SIGKILL and its first
#     one after.
#
#   bench/replication.sh [SECONDS_PER_RUN]     (default 10)
#   KILLS=10 FACTORS="1 2 3" bench/replication.sh    (FACTORS=" ": archive lag and failover only)
#   PHASES=commit bench/replication.sh        (only the table: no archive lag, no failover)
#   NODE_JAVA_OPTS="-agentpath:..." ...        (JVM options of the nodes, e.g. a profiler)
#   NODE_FLAGS="--replica-ack-timeout 3000"   (more node flags)
#   JAR=/tmp/other.jar ...                     (compare builds)
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-10}"
kills="${KILLS:-10}"
factors="${FACTORS:-1 2 3}"
phases="${PHASES:-commit archive failover}"
lease=3
jar="${JAR:-cli/target/rhizome.jar}"
[ -f "$jar" ] || mvn -B -q package -DskipTests
for tool in pgbench psql etcd; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
py=python3
$py -c 'import psycopg2' 2>/dev/null || py=/usr/bin/python3

source bench/lib.sh
bench_init replication
export RHIZOME_ADMIN_PASSWORD=bench-admin
export PGPASSWORD=bench
tenants="w1 w2 w3 w4 w5 w6 w7 w8"

# cluster RF [EXTRA NODE FLAGS...]: etcd + n1..n3 + a gateway; sets gw_port, node_pid_n1.., node_port_n1..
cluster() {
  local rf=$1
  shift
  start_etcd
  for n in 1 2 3; do
    local p
    p=$(free_port)
    # shellcheck disable=SC2086 # word splitting of the option lists is meant
    java ${NODE_JAVA_OPTS:-} -jar "$jar" node --etcd "http://127.0.0.1:$etcd_port" --id "n$n" --listen "127.0.0.1:$p" \
      --data "$work/rf$rf-n$n" --shards 16 --replication-factor "$rf" --lease-ttl "$lease" ${NODE_FLAGS:-} "$@" \
      >"$work/rf$rf-n$n.log" 2>&1 &
    pids+=($!)
    eval "node_pid_n$n=$!"
    eval "node_port_n$n=$p"
    wait_port "$p"
  done
  gw_port=$(free_port)
  java -jar "$jar" gateway --etcd "http://127.0.0.1:$etcd_port" --listen "127.0.0.1:$gw_port" \
    --lease-ttl "$lease" >"$work/rf$rf-gateway.log" 2>&1 &
  pids+=($!)
  gw_pid=$!
  wait_port "$gw_port"
  for t in $tenants; do
    echo bench | java -jar "$jar" ctl --server "127.0.0.1:$gw_port" tenant create "$t" --user app --password-stdin >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$gw_port" -U app -d "$t" <<'SQL'
CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000)
INSERT INTO kv SELECT x, 'value-' || x FROM c;
CREATE TABLE log (v INTEGER, at INTEGER);
SQL
  done
}

stop_cluster() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  pids=()
  # A new cluster of the same factor must not find the last one's tenant files.
  rm -rf "$work/etcd" "$work"/rf*-n*
}

# The update changes the value: SQLite writes nothing for SET v = v (no frames, nothing to ship).
printf '\\set id random(1, 1000)\n\\set r random(1, 1000000000)\nUPDATE kv SET v = '"'v'"' || :r WHERE k = :id;\n' \
  >"$work/update.sql"
printf '\\set id random(1, 1000000)\nINSERT INTO log (v, at) VALUES (:id, :id);\n' >"$work/insert.sql"

# jit_settle PID... -> seconds of warm-up: INSERT and UPDATE with eight clients on eight tenants,
# 5 s at a time, until a slice costs the JVMs' compiler threads under 5% of a core (at most
# JIT_WARMUP s, default 60). A commit measured while C2 still compiles the replication path pays
# for the compiler's CPU on two cores: the first runs of a fresh cluster read up to ten times
# slower than the same cluster a minute later.
jit_settle() {
  local spent=0 before after
  while [ "$spent" -lt "${JIT_WARMUP:-60}" ]; do
    before=$(jit_ticks "$@")
    secs=5 tps insert >/dev/null
    secs=5 tps update >/dev/null
    after=$(jit_ticks "$@")
    spent=$((spent + 10))
    [ $(((after - before) * 2)) -lt "$(getconf CLK_TCK)" ] && break
  done
  echo "$spent"
}

# latency SCRIPT -> "p50_ms p99_ms" from pgbench's per-transaction log (one client, tenant w1)
latency() {
  rm -f "$work"/pgbench_log.*
  (cd "$work" && pgbench -n -h 127.0.0.1 -p "$gw_port" -U app -f "$work/$1.sql" -M prepared -c 1 \
    -T "$secs" -l w1 >/dev/null 2>&1)
  cat "$work"/pgbench_log.* | awk '{print $3}' | sort -n | awk '
    {a[NR] = $1} END {printf "%.2f %.2f\n", a[int(NR * 0.5)] / 1000, a[int(NR * 0.99)] / 1000}'
}

# tps SCRIPT -> total tps of eight one-client pgbench runs, one per tenant
tps() {
  local p=() t total=0
  for t in $tenants; do
    pgbench -n -h 127.0.0.1 -p "$gw_port" -U app -f "$work/$1.sql" -M prepared -c 1 -T "$secs" "$t" \
      >"$work/tps.$t" 2>&1 &
    p+=($!)
  done
  for x in "${p[@]}"; do wait "$x" || true; done
  for t in $tenants; do
    total=$(awk -v s="$total" '/^tps = / {s += $3} END {print s}' "$work/tps.$t")
  done
  printf '%.0f\n' "$total"
}

if [[ " $phases " == *" commit "* ]]; then
echo "| replication factor | INSERT p50 ms | INSERT p99 ms | UPDATE p50 ms | UPDATE p99 ms | INSERT tps (8 tenants) | UPDATE tps (8 tenants) | JIT warm-up s |"
echo "|---|---|---|---|---|---|---|---|"
for rf in $factors; do
  cluster "$rf"
  jit=$(jit_settle "$node_pid_n1" "$node_pid_n2" "$node_pid_n3" "$gw_pid")
  read -r ip50 ip99 < <(latency insert)
  read -r up50 up99 < <(latency update)
  itps=$(tps insert)
  utps=$(tps update)
  echo "| $rf | $ip50 | $ip99 | $up50 | $up99 | $itps | $utps | $jit |"
  stop_cluster
done
fi
[[ " $phases " == *" archive "* || " $phases " == *" failover "* ]] || exit 0

# --- Archive lag and failover time: RF 2 with an archive directory
cluster 2 --archive-dir "$work/archive"
if [[ " $phases " == *" archive "* ]]; then
lag_samples="$work/lag"
: >"$lag_samples"
for t in $tenants; do
  pgbench -n -h 127.0.0.1 -p "$gw_port" -U app -f "$work/insert.sql" -M prepared -c 1 -T "$((secs * 2))" "$t" \
    >/dev/null 2>&1 &
  bg+=($!)
done
end=$((SECONDS + secs * 2))
while [ "$SECONDS" -lt "$end" ]; do
  PGPASSWORD="$RHIZOME_ADMIN_PASSWORD" psql -X -q -t -A -h 127.0.0.1 -p "$gw_port" -U admin -d rhizome \
    -c "SHOW SHARDS" 2>/dev/null \
    | awk -F'|' '$8 != "" {print $8}' >>"$lag_samples" || true
  sleep 0.5
done
for x in "${bg[@]}"; do wait "$x" || true; done
echo
echo "Archive lag under steady writes (8 writers, RF 2, archive directory), over $(wc -l <"$lag_samples") samples of SHOW SHARDS:"
sort -n "$lag_samples" | awk '{a[NR] = $1} END {printf "p50 %d ms, p99 %d ms, max %d ms\n", a[int(NR * 0.5) + 1], a[int(NR * 0.99) + 1], a[NR]}'

fi

[[ " $phases " == *" failover "* ]] || exit 0
echo
echo "Failover after SIGKILL of the primary (lease TTL ${lease} s), $kills kills:"
$py bench/failover_time.py "$gw_port" "$kills" "$jar" "$etcd_port" "$work" "$lease" \
  "n1:$node_pid_n1:$node_port_n1" "n2:$node_pid_n2:$node_port_n2" "n3:$node_pid_n3:$node_port_n3"
