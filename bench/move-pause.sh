#!/usr/bin/env bash
# Moves a shard of many tenants between two nodes under steady writes and prints the move's total
# time and the write stall each client saw (bench/move_pause.py). A 2-node cluster on loopback:
# etcd, nodes n1 and n2, one gateway. Numbers, not a pass/fail test.
#
#   bench/move-pause.sh [TENANTS] [BYTES_PER_TENANT] [WRITERS]   (defaults 1000, 100000, 50)
#
# RF=2 (or 3) measures a replicated move instead (docs/replication.md, "Moves"): the cluster is
# created with --replication-factor RF and gets RF + 1 nodes, the shard's set is waited in sync
# before the writers start, and the shard goes to the node outside its set. That node joins as a
# follower, is caught up while the primary serves (snapshots, then frames), and takes the shard by
# a planned handover; the old primary then follows it by frames until it leaves the set. The
# default, RF=1, is the file-copying move of a shard with one copy.
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

rf=${RF:-1}
case "$rf" in [1-3]) ;; *) echo "RF must be 1, 2 or 3" >&2; exit 1 ;; esac
start_etcd
for ((k = 1; k <= (rf == 1 ? 2 : rf + 1); k++)); do
  n=n$k
  port=$(free_port)
  java -jar "$jar" node --etcd "http://127.0.0.1:$etcd_port" --id "$n" --listen "127.0.0.1:$port" \
    --data "$work/$n" --shards 16 --replication-factor "$rf" >"$work/$n.log" 2>&1 &
  pids+=($!)
  wait_port "$port"
done
gw_port=$(free_port)
java -jar "$jar" gateway --etcd "http://127.0.0.1:$etcd_port" --listen "127.0.0.1:$gw_port" >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_port "$gw_port"

echo "shard move under writes; replication factor $rf; $(nproc) cores; $(date -u +%Y-%m-%d); Rhizome $(git rev-parse --short HEAD)"
"$py" bench/move_pause.py "$gw_port" 16 auto "${1:-1000}" "${2:-100000}" "${3:-50}"
grep -h "under the freeze" "$work"/n*.log | sed 's/^.*move /destination: move /' || true
# A replicated move: the handover's freeze, and the snapshots each node sent (to the joining node
# while it caught up; none to the old primary after the handover, which follows by frames).
grep -h "handed over to n[0-9]" "$work"/n*.log | sed 's/^.*Handover - /source: /' || true
if [ "$rf" -gt 1 ]; then
  for f in "$work"/n*.log; do
    echo "$(basename "$f" .log): $(grep -c "a snapshot of" "$f" || true) tenant snapshots sent"
  done
fi
