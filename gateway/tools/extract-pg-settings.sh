#!/usr/bin/env bash
# Extracts the run-time parameters of PostgreSQL 15 (pg_settings) that the gateway knows by name:
# their types, units, contexts, allowed values and built-in defaults. Run against a fresh cluster
# (initdb, default configuration) when moving to another Postgres major version:
#
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres gateway/tools/extract-pg-settings.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/main/resources/io/rhizome/gateway/pg/session/pg15-settings.tsv
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "COPY (
  SELECT name, unit, category, short_desc, context, vartype,
         array_to_string(enumvals, ',') AS enumvals, min_val, max_val, boot_val
  FROM pg_settings ORDER BY name) TO STDOUT WITH (HEADER true)" >"$out"
echo "wrote $out"
