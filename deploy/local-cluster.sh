#!/usr/bin/env bash
# Starts a small Rhizome cluster on loopback: one etcd, two nodes, one gateway.
# Everything lives under $RHIZOME_CLUSTER_DIR (default: a new temp dir); Ctrl-C stops it all.
#
#   RHIZOME_ADMIN_PASSWORD=change-me deploy/local-cluster.sh [GATEWAY_PORT]
set -euo pipefail
cd "$(dirname "$0")/.."

: "${RHIZOME_ADMIN_PASSWORD:?set RHIZOME_ADMIN_PASSWORD (the cluster admin password)}"
export RHIZOME_ADMIN_PASSWORD
gateway_port="${1:-5432}"
jar=cli/target/rhizome.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
command -v etcd >/dev/null || { echo "etcd not found (Debian: apt-get install etcd-server)" >&2; exit 1; }

dir="${RHIZOME_CLUSTER_DIR:-$(mktemp -d /tmp/rhizome-cluster.XXXXXX)}"
mkdir -p "$dir"
pids=()
stop() {
  trap - EXIT INT TERM
  echo "stopping..."
  # Reverse start order, one at a time: the gateway goes first, and nodes deregister from a
  # still-running etcd before it stops.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap stop EXIT INT TERM

wait_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1; see $dir/*.log" >&2
  return 1
}

etcd --name local --data-dir "$dir/etcd" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster local=http://127.0.0.1:2380 >"$dir/etcd.log" 2>&1 &
pids+=($!)
wait_port 2379

for n in 1 2; do
  java -jar "$jar" node --etcd http://127.0.0.1:2379 --id "n$n" \
    --listen "127.0.0.1:700$n" --data "$dir/n$n" >"$dir/n$n.log" 2>&1 &
  pids+=($!)
  wait_port "700$n"
done

java -jar "$jar" gateway --etcd http://127.0.0.1:2379 --listen "127.0.0.1:$gateway_port" \
  >"$dir/gateway.log" 2>&1 &
pids+=($!)
wait_port "$gateway_port"

echo "Rhizome cluster up: gateway 127.0.0.1:$gateway_port, nodes n1 n2, logs in $dir"
echo "  echo pw | java -jar $jar ctl --server 127.0.0.1:$gateway_port tenant create acme --user app --password-stdin"
echo "  PGPASSWORD=pw psql -h 127.0.0.1 -p $gateway_port -U app -d acme"
wait
