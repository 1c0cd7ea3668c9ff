#!/usr/bin/env bash
# Moves a shard of many tenants between two nodes under steady writes and prints the move's total
# time and the write stall each client saw (bench/move_pause.py). A 2-node cluster on loopback:
# etcd, nodes n1 and n2, one gateway. Numbers, not a pass/fail test.
#
#   bench/move-pause.sh [TENANTS] [BYTES_PER_TENANT] [WRITERS]   (defaults 1000, 100000, 50)
set -euo pipefail
cd "$(dirname "$0")/.."

jar=${JAR:-cli/target/rhizome.jar} # JAR=other.jar compares a build
[ -f "$jar" ] || mvn -B -q package -DskipTests
for tool in etcd python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
# Debian's python3-psycopg2 lives in the system Python, which a pyenv shim may hide.
py=python3
$py -c 'import psycopg2' 2>/dev/null || py=/usr/bin/python3
$py -c 'import psycopg2' 2>/dev/null || { echo "missing: python3-psycopg2" >&2; exit 1; }

source bench/lib.sh
bench_init move

export RHIZOME_ADMIN_PASSWORD=bench-admin

start_etcd
for n in n1 n2; do
  port=$(free_port)
  java -jar "$jar" node --etcd "http://127.0.0.1:$etcd_port" --id "$n" --listen "127.0.0.1:$port" \
    --data "$work/$n" --shards 16 >"$work/$n.log" 2>&1 &
  pids+=($!)
  wait_port "$port"
done
gw_port=$(free_port)
java -jar "$jar" gateway --etcd "http://127.0.0.1:$etcd_port" --listen "127.0.0.1:$gw_port" >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_port "$gw_port"

echo "shard move under writes; $(nproc) cores; $(date -u +%Y-%m-%d); Rhizome $(git rev-parse --short HEAD)"
"$py" bench/move_pause.py "$gw_port" 16 auto "${1:-1000}" "${2:-100000}" "${3:-50}"
grep -h "under the freeze" "$work"/n*.log | sed 's/^.*move /destination: move /' || true
