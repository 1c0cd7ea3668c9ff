#!/usr/bin/env bash
# A cluster with many tenants: imports N tenants into a 2-node cluster (etcd, nodes n1 and n2, one
# gateway, on loopback), restarts every process, and reports what each cost grows with:
# import rate, ready time after a restart, resident memory (and live heap) of each process over an
# empty cluster, etcd's database size per tenant, admin statements at that size, and the latency of
# a cold tenant's first connection against a warm one. Numbers, not a pass/fail test.
#
#   bench/many-tenants.sh [N]          N tenants (default 100000; 1000000 on request)
#   CONNECTS=300 BATCH=500 bench/many-tenants.sh 1000000
#
# Needs etcd, psql, python3 with psycopg2. Run it on a quiet machine for numbers worth comparing.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-100000}
connects=${CONNECTS:-300}
# Connections to other tenants before each measured set. A tenant's cold path (an etcd read on the
# gateway and on the node, opening its file) runs once per tenant, so a freshly started JVM runs it
# interpreted for its first thousand or so tenants: 300 warm-up connections left etcd reads at
# 1-2 ms that take 0.2-0.7 ms once compiled. A long-running cluster serves the compiled path.
warmups=${WARMUPS:-2000}
batch=${BATCH:-500}
jar=cli/target/rhizome.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
for tool in etcd psql python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
py=python3
$py -c 'import psycopg2' 2>/dev/null || py=/usr/bin/python3
$py -c 'import psycopg2' 2>/dev/null || { echo "missing: python3-psycopg2" >&2; exit 1; }

source bench/lib.sh
bench_init many-tenants
export RHIZOME_ADMIN_PASSWORD=bench-admin
export PGPASSWORD=bench-admin

declare -A pid port
now_ms() { date +%s%3N; }

# start NAME ARGS...: starts a server process, waits for its "ready" line; sets ready_ms.
# (Not in a $(...) subshell: the process id must reach this shell.)
start() {
  local name=$1
  shift
  local t0
  t0=$(now_ms)
  java ${JAVA_OPTS:-} -jar "$jar" "$@" >>"$work/$name.log" 2>&1 &
  pid[$name]=$!
  pids+=($!)
  for _ in $(seq 1 1200); do
    grep -q "ready" "$work/$name.log" 2>/dev/null && { ready_ms=$(($(now_ms) - t0)); return 0; }
    kill -0 "${pid[$name]}" 2>/dev/null || { echo "$name died (see $work/$name.log)" >&2; exit 1; }
    sleep 0.05
  done
  echo "$name not ready in 60 s" >&2
  exit 1
}

stop() {
  kill "${pid[$1]}" 2>/dev/null || true
  wait "${pid[$1]}" 2>/dev/null || true
  : >"$work/$1.log"
}

start_node() { start "$1" node --etcd "http://127.0.0.1:$etcd_port" --id "$1" --listen "127.0.0.1:${port[$1]}" --data "$work/$1"; }
start_gateway() { start gateway gateway --etcd "http://127.0.0.1:$etcd_port" --listen "127.0.0.1:${port[gateway]}"; }

rss_mb() { echo $(($(ps -o rss= -p "${pid[$1]}") / 1024)); }
# Live heap after a full collection, in MiB.
heap_mb() {
  jcmd "${pid[$1]}" GC.run >/dev/null 2>&1 || true
  jcmd "${pid[$1]}" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); print int(v/1024); exit}}'
}
memory() { for p in n1 n2 gateway; do printf '%s rss %s MiB heap %s MiB; ' "$p" "$(rss_mb $p)" "$(heap_mb $p)"; done; echo; }

console() { psql -h 127.0.0.1 -p "${port[gateway]}" -U admin -d rhizome -XAtq -c "$1"; }
# timed LABEL SQL: runs a console statement, prints its wall time in ms.
timed() {
  local t0 rows
  t0=$(now_ms)
  rows=$(console "$2" 2>/dev/null | wc -l)
  printf '  %-44s %6d ms  (%d rows)\n' "$1" $(($(now_ms) - t0)) "$rows"
}
etcd_size() { $py bench/many_tenants.py etcd-size "$etcd_port"; }

start_etcd
for p in n1 n2 gateway; do port[$p]=$(free_port); done

echo "many tenants: N=$n; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); Rhizome $(git rev-parse --short HEAD); load $(cut -d' ' -f1-3 /proc/loadavg); $(cpu_idle_state)"
echo "== empty cluster"
start_all() {
  local out=""
  start_node n1; out+="n1 $ready_ms"
  start_node n2; out+=", n2 $ready_ms"
  start_gateway; out+=", gateway $ready_ms"
  echo "  ready ms (JVM start included): $out"
}
start_all
echo "  memory: $(memory)"
empty_size=$(etcd_size)
echo "  etcd: $empty_size"

csv="$work/tenants.csv"
$py bench/many_tenants.py csv "$n" "$csv"
echo "== import of $n tenants (batch $batch rows)"
t0=$(now_ms)
java -jar "$jar" ctl --server "127.0.0.1:${port[gateway]}" tenant import "$csv" --batch "$batch" --json >"$work/import.json"
t1=$(now_ms)
echo "  $(cat "$work/import.json")"
echo "  wall $((t1 - t0)) ms including the ctl JVM: $((n * 1000 / (t1 - t0 + 1))) tenants/s"
full_size=$(etcd_size)
echo "  etcd: $full_size"
$py - "$empty_size" "$full_size" "$n" <<'PY'
import json, sys
a, b, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
k = "etcd_mvcc_db_total_size_in_bytes"
print(f"  etcd database: {b[k] / 2**20:.0f} MiB, {(b[k] - a[k]) / n:.0f} bytes per tenant"
      f" (in use {b.get('etcd_mvcc_db_total_size_in_use_in_bytes', 0) / 2**20:.0f} MiB)")
PY
echo "  memory after the import: $(memory)"

echo "== admin statements at $n tenants"
mid=$(printf 't%07d' $((n / 2)))
timed "SHOW STATUS (counts tenants)" "SHOW STATUS"
timed "SHOW TENANTS LIMIT 1000 (first page)" "SHOW TENANTS LIMIT 1000"
timed "SHOW TENANTS AFTER '$mid' LIMIT 1000" "SHOW TENANTS AFTER '$mid' LIMIT 1000"
timed "SHOW TENANTS PREFIX 't00001' LIMIT 1000" "SHOW TENANTS PREFIX 't00001' LIMIT 1000"
timed "SHOW SHARDS" "SHOW SHARDS"
timed "REBALANCE DRY RUN" "REBALANCE DRY RUN"
shard=$(console "SHOW SHARDS" | awk -F'|' '$2=="n1" {print $1; exit}')
timed "MOVE SHARD $shard TO 'n2' (startMove)" "MOVE SHARD $shard TO 'n2'"
move=$(console "SHOW MOVES" | awk -F'|' -v s="$shard" '$2==s {print $1; exit}')
timed "CANCEL MOVE" "CANCEL MOVE '$move'"

echo "== $connects random tenants, first session ever (creates the file), then again"
echo "  (after $warmups other tenants' first sessions, unmeasured, to warm the JVMs)"
echo "  $($py bench/many_tenants.py connect "${port[gateway]}" "$n" "$connects" 7 "$warmups")"

echo "== restart every process"
stop gateway
stop n1
stop n2
start_all
for _ in $(seq 1 200); do
  [ "$(console "SHOW NODES" | grep -c '|up|')" = 2 ] && break
  sleep 0.1
done
echo "  memory after restart: $(memory)"
echo "== the same $connects tenants after the restart: cold (first), then warm"
echo "  (after the same $warmups warm-up tenants as before: code warm, these tenants not cached)"
echo "  $($py bench/many_tenants.py connect "${port[gateway]}" "$n" "$connects" 7 "$warmups")"
echo "  memory after the connections: $(memory)"
