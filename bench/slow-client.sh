#!/usr/bin/env bash
# Streams a large SELECT through a deliberately slow client and samples the heap of every Rhizome
# JVM meanwhile, to show that rows flow node -> gateway -> client under backpressure instead of
# piling up in memory. Runs against standalone and a 1-node cluster (etcd + node + gateway).
# The servers run with --statement-timeout 0: at a slow client's pace the SELECT outlasts the
# default limit, which counts the time rows take to send. Numbers, not a pass/fail test.
#
#   bench/slow-client.sh [ROWS] [CLIENT_BYTES_PER_SECOND]   (defaults 10000000 and 4000000)
#   HEAP=256m bench/slow-client.sh                           (-Xmx of each Rhizome JVM)
set -euo pipefail
cd "$(dirname "$0")/.."

rows="${1:-10000000}"
rate="${2:-4000000}"
heap="${HEAP:-256m}"
jar=cli/target/rhizome.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
for tool in psql etcd jstat python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

source bench/lib.sh
bench_init slow

rhizome() { java -jar "$jar" "$@"; }
# serve ARGS... &: a Rhizome server whose pid is $! (exec, so that jstat can attach to it)
serve() { exec java "-Xmx$heap" -jar "$jar" "$@"; }

export RHIZOME_ADMIN_PASSWORD=bench-admin
export PGPASSWORD=bench

# sample NAME PID: heap used (young + old, MiB) once a second until the file "$work/stop" exists
sample() {
  while [ ! -e "$work/stop" ]; do
    jstat -gc "$2" | awk 'NR == 2 { printf "%.1f %.1f\n", ($3 + $4 + $6 + $8) / 1024, $8 / 1024 }'
    sleep 1
  done >"$work/heap-$1"
}

# measure LABEL PORT PROCESS_NAME=PID... -> one Markdown table row per process
measure() {
  local label=$1 port=$2
  shift 2
  echo bench | rhizome ctl --server "127.0.0.1:$port" tenant create bench --user app --password-stdin >/dev/null
  local proxy
  proxy=$(free_port)
  python3 bench/throttle_proxy.py "$proxy" "$port" "$rate" &
  pids+=($!)
  wait_port "$proxy"
  rm -f "$work/stop"
  local samplers=() p
  for p in "$@"; do
    sample "${p%%=*}" "${p#*=}" &
    samplers+=($!)
  done
  local started ended out
  started=$(date +%s.%N)
  out=$(psql -X -q -h 127.0.0.1 -p "$proxy" -U app -d bench -At -c \
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $rows)
     SELECT x, 'row-' || x || '-' || hex(randomblob(8)) FROM c" | wc -l)
  ended=$(date +%s.%N)
  touch "$work/stop"
  wait "${samplers[@]}"
  for p in "$@"; do
    awk -v label="$label" -v proc="${p%%=*}" -v rows="$out" -v secs="$(echo "$ended - $started" | bc)" \
      -v heap="$heap" '
      { used = $1; old = $2; n++; if (n == 1) { first = used }
        if (used > maxu) maxu = used; if (old > maxo) maxo = old; sum += used }
      END { printf "| %s | %s | %d | %.0f | %s | %.0f | %.0f | %.0f | %.0f |\n",
              label, proc, rows, secs, heap, first, sum / n, maxu, maxo }' "$work/heap-${p%%=*}"
  done
}

echo "SELECT of $rows rows through a client reading $rate bytes/s; $(nproc) cores; $(date -u +%Y-%m-%d); Rhizome $(git rev-parse --short HEAD)"
echo
echo "| setup | process | rows read | seconds | -Xmx | heap at start (MiB) | mean heap (MiB) | max heap (MiB) | max old gen (MiB) |"
echo "|---|---|---|---|---|---|---|---|---|"

sa_port=$(free_port)
serve standalone --statement-timeout 0 --data "$work/standalone" --listen "127.0.0.1:$sa_port" >"$work/standalone.log" 2>&1 &
pids+=($!)
sa_pid=$!
wait_port "$sa_port"
measure standalone "$sa_port" "standalone=$sa_pid"

start_etcd
node_port=$(free_port)
serve node --statement-timeout 0 --etcd "http://127.0.0.1:$etcd_port" --id n1 --listen "127.0.0.1:$node_port" \
  --data "$work/n1" >"$work/n1.log" 2>&1 &
pids+=($!)
node_pid=$!
wait_port "$node_port"
gw_port=$(free_port)
serve gateway --etcd "http://127.0.0.1:$etcd_port" --listen "127.0.0.1:$gw_port" >"$work/gateway.log" 2>&1 &
pids+=($!)
gw_pid=$!
wait_port "$gw_port"
measure cluster "$gw_port" "gateway=$gw_pid" "node=$node_pid"
