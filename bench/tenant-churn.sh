#!/usr/bin/env bash
# Many tenants, short connections: CLIENTS clients each connect to a random tenant of TENANTS, run
# SELECTS prepared point selects and disconnect, again and again (bench/TenantChurn.java, pgjdbc,
# SCRAM-SHA-256 on every connection). Rhizome standalone runs with its handle cache bounded below
# the tenant count (--max-open-tenants), so cold opens happen. The same against PostgreSQL 15 with
# one database per tenant, directly and through PgBouncer (session pooling), in the same run.
# Numbers, not a pass/fail test.
#
#   bench/tenant-churn.sh [TENANTS] [CLIENTS] [SECONDS] [SELECTS]   (defaults 1000 32 20 20)
#   OPEN_TENANTS=500 bench/tenant-churn.sh                           (Rhizome's handle bound)
#   POSTGRES=0 bench/tenant-churn.sh                                 (Rhizome only)
set -euo pipefail
cd "$(dirname "$0")/.."

tenants=${1:-1000}
clients=${2:-32}
secs=${3:-20}
selects=${4:-20}
open_tenants=${OPEN_TENANTS:-$((tenants / 2))}
pgbin="${PGBIN:-/usr/lib/postgresql/15/bin}"
jar=cli/target/rhizome.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
pgjdbc=$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.14/postgresql-42.7.14.jar 2>/dev/null || true)
if [ -z "$pgjdbc" ]; then
  mvn -B -q dependency:get -Dartifact=org.postgresql:postgresql:42.7.14 >/dev/null
  pgjdbc=~/.m2/repository/org/postgresql/postgresql/42.7.14/postgresql-42.7.14.jar
fi
for tool in psql python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

source bench/lib.sh
bench_init churn
chmod 755 "$work"

password=bench-pw
export RHIZOME_ADMIN_PASSWORD=bench-admin
churn() { java -cp "$pgjdbc" bench/TenantChurn.java "$@"; }

# --- Rhizome standalone, handle cache bounded below the tenant count
sa_port=$(free_port)
java -jar "$jar" standalone --data "$work/standalone" --listen "127.0.0.1:$sa_port" \
  --max-open-tenants "$open_tenants" >"$work/standalone.log" 2>&1 &
pids+=($!)
wait_port "$sa_port"
{
  echo "tenant,user,password"
  for i in $(seq 1 "$tenants"); do printf 't%07d,app,%s\n' "$i" "$password"; done
} >"$work/tenants.csv"
java -jar "$jar" ctl --server "127.0.0.1:$sa_port" tenant import "$work/tenants.csv" >/dev/null
churn setup 127.0.0.1 "$sa_port" app "$password" 1 "$tenants" 100

echo "tenant churn: $tenants tenants, $clients clients, $selects prepared point selects per"
echo "connection, ${secs} s; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(cpu_idle_state), $(date -u +%Y-%m-%d);"
echo "Rhizome $(git rev-parse --short HEAD) with --max-open-tenants $open_tenants"
echo
echo "| server | connections/s, selects/s, latency |"
echo "|---|---|"
# Warm-up: the JVM's code, not the tenants' files (a tenth of the time, on the same mix).
churn run 127.0.0.1 "$sa_port" app "$password" "$tenants" "$clients" $((secs / 4 + 1)) "$selects" >/dev/null 2>&1 || true
echo "| Rhizome standalone | $(churn run 127.0.0.1 "$sa_port" app "$password" "$tenants" "$clients" "$secs" "$selects") |"

if [ "${POSTGRES:-1}" = 0 ]; then
  exit 0
fi
for tool in pgbouncer "$pgbin/postgres"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (POSTGRES=0 skips PostgreSQL)" >&2; exit 1; }
done

# --- PostgreSQL 15, one database per tenant; SCRAM for the same client work
# A file, not <(...): initdb runs as postgres, which cannot open root's /dev/fd.
echo "$password" >"$work/pg.pw" && chmod 644 "$work/pg.pw"
start_postgres "-A scram-sha-256 --pwfile=$work/pg.pw" "-c max_connections=$((tenants + clients * 2 + 20))"
export PGPASSWORD=$password
psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE ROLE app LOGIN PASSWORD '$password'"
for i in $(seq 1 "$tenants"); do printf 'CREATE DATABASE t%07d OWNER app;\n' "$i"; done |
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres >/dev/null
churn setup 127.0.0.1 "$pg_port" app "$password" 1 "$tenants" 100
echo "| PostgreSQL 15 | $(churn run 127.0.0.1 "$pg_port" app "$password" "$tenants" "$clients" "$secs" "$selects") |"

# --- PgBouncer in front: clients sign in with SCRAM at PgBouncer, which keeps one server connection
# per database for a minute after use (session pooling; PostgreSQL's max_connections allows one per
# tenant, PgBouncer's best case: the analogue of Rhizome's handle cache) and signs in to
# PostgreSQL with the same password.
start_pgbouncer "$pg_port" app "$password" $((clients * 2)) 1
echo "| PgBouncer (session pooling) → PostgreSQL 15 | $(churn run 127.0.0.1 "$pb_port" app "$password" "$tenants" "$clients" "$secs" "$selects") |"
