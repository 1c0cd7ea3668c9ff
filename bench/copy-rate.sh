#!/usr/bin/env bash
# COPY in and out of one table through psql, against Rhizome standalone builds (the current jar, and
# others given in JARS to compare) and PostgreSQL 15, in one run. ROWS rows of (integer, text of
# about 40 bytes, real); COPY FROM STDIN into an empty table, then COPY TO STDOUT. Prints rows per
# second of each, best of ROUNDS interleaved rounds. Numbers, not a pass/fail test.
#
#   bench/copy-rate.sh [ROWS]                               (default 1000000)
#   JARS="old.jar new.jar" bench/copy-rate.sh               (Rhizome builds to compare)
#   ROUNDS=3 bench/copy-rate.sh
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-1000000}
rounds=${ROUNDS:-3}
jars=${JARS:-cli/target/rhizome.jar}
pgbin="${PGBIN:-/usr/lib/postgresql/15/bin}"
for tool in psql "$pgbin/postgres"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

source bench/lib.sh
bench_init copy
chmod 755 "$work"
export RHIZOME_ADMIN_PASSWORD=bench-admin PGPASSWORD=bench

awk -v n="$rows" 'BEGIN { for (i = 1; i <= n; i++) printf "%d\trow-%d-%08x-abcdefghijklmnop\t%d.5\n", i, i, i * 2654435761 % 4294967296, i % 1000 }' >"$work/rows.tsv"

# once PORT USER DB PID: "in_rows/s out_rows/s in_cpu_s out_cpu_s" of one COPY in and one out
# (CPU of the server process and its children).
once() {
  local port=$1 user=$2 db=$3 pid=$4 t0 t1 t2 c0 c1 c2
  psql -X -q -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -c "DROP TABLE IF EXISTS t" \
    -c "CREATE TABLE t (id integer, label text, score real)" 2>/dev/null
  read -r c0 _ < <(proc_cost "$pid")
  t0=$(date +%s.%N)
  psql -X -q -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -c "\\copy t FROM '$work/rows.tsv'"
  t1=$(date +%s.%N)
  read -r c1 _ < <(proc_cost "$pid")
  psql -X -q -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -c "\\copy t TO '/dev/null'"
  t2=$(date +%s.%N)
  read -r c2 _ < <(proc_cost "$pid")
  awk -v n="$rows" -v a="$t0" -v b="$t1" -v c="$t2" -v c0="$c0" -v c1="$c1" -v c2="$c2" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f %.0f %.2f %.2f\n", n / (b - a), n / (c - b), (c1 - c0) / hz, (c2 - c1) / hz }'
}
# The run with the best COPY-in rate, and the one with the best COPY-out rate.
best_in() { printf '%s\n' "$@" | sort -g -k1,1 | tail -1; }
best_out() { printf '%s\n' "$@" | sort -g -k2,2 | tail -1; }

# Every server starts first; the rounds then interleave them, so a neighbour's burst on a shared
# machine hits them all alike.
names=() ports=() users=() dbs=() spids=()
for jar in $jars; do
  port=$(free_port)
  java -jar "$jar" standalone --data "$work/standalone-$port" --listen "127.0.0.1:$port" >"$work/standalone-$port.log" 2>&1 &
  pids+=($!)
  spids+=($!)
  wait_port "$port"
  echo bench | java -jar "$jar" ctl --server "127.0.0.1:$port" tenant create bench --user app --password-stdin >/dev/null
  names+=("Rhizome standalone ($jar)") ports+=("$port") users+=(app) dbs+=(bench)
done
start_postgres "-A trust" ""
names+=("PostgreSQL 15") ports+=("$pg_port") users+=(postgres) dbs+=(postgres)
spids+=("$pg_pid")

declare -A results
for _ in $(seq 1 "$rounds"); do
  for i in "${!ports[@]}"; do
    results[$i]+="$(once "${ports[i]}" "${users[i]}" "${dbs[i]}" "${spids[i]}");"
  done
done

echo "COPY of $rows rows (about $(($(stat -c %s "$work/rows.tsv") / 1048576)) MiB of text), best of $rounds interleaved rounds;"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(cpu_idle_state), $(date -u +%Y-%m-%d)"
echo
echo "| server | COPY FROM STDIN rows/s (server CPU s) | COPY TO STDOUT rows/s (server CPU s) |"
echo "|---|---|---|"
for i in "${!ports[@]}"; do
  IFS=';' read -r -a runs <<<"${results[$i]}"
  read -r rin _ cin _ <<<"$(best_in "${runs[@]}")"
  read -r _ rout _ cout <<<"$(best_out "${runs[@]}")"
  echo "| ${names[i]} | $rin ($cin) | $rout ($cout) |"
done
