#!/usr/bin/env bash
# Extracts the static part of the catalog the node shows Postgres clients from a real
# PostgreSQL 15: the built-in types, the functions they name, access methods, collations,
# keywords, the OIDs of catalog relations, and the column lists of every catalog relation the
# node provides (node/src/main/java/io/rhizome/node/catalog). Run it against a fresh cluster
# (initdb, nothing created) when moving to another Postgres major version:
#
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres node/tools/extract-pg-catalog.sh
#
# It writes PostgreSQL's COPY text format (tab-separated, \N for NULL, a header line).
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/main/resources/io/rhizome/node/catalog/pg15
mkdir -p "$out"
q() { psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "COPY ($1) TO STDOUT WITH (HEADER true)" >"$out/$2"; }

relations="$(tr -s ' \n' '\n' <tools/catalog-relations.txt | grep -v '^$' | sed "s/.*/'&'/" | paste -sd, -)"

# The built-in types, and information_schema's domains (with their array types).
domains="SELECT oid FROM pg_type WHERE typtype = 'd' AND typnamespace = 'information_schema'::regnamespace"
types="(typnamespace = 11 AND typrelid = 0) OR oid IN ($domains) OR typelem IN ($domains)"
q "SELECT * FROM pg_type WHERE $types ORDER BY oid" pg_type.tsv
q "SELECT p.oid, p.proname, p.pronamespace, p.proowner, p.prolang, p.procost, p.prorows,
     p.provariadic, p.prosupport, p.prokind, p.prosecdef, p.proleakproof, p.proisstrict,
     p.proretset, p.provolatile, p.proparallel, p.pronargs, p.pronargdefaults, p.prorettype,
     p.proargtypes, p.proallargtypes, p.proargmodes, p.proargnames, NULL AS proargdefaults,
     p.protrftypes, p.prosrc, p.probin, NULL AS prosqlbody, p.proconfig, p.proacl
   FROM pg_proc p
   WHERE p.oid IN (SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend, typmodin,
                                       typmodout, typanalyze, typsubscript])::oid
                   FROM pg_type WHERE $types)
   ORDER BY p.oid" pg_proc.tsv
q "SELECT * FROM pg_am ORDER BY oid" pg_am.tsv
q "SELECT * FROM pg_collation WHERE collname IN ('default', 'C', 'POSIX', 'ucs_basic') ORDER BY oid" pg_collation.tsv
q "SELECT * FROM pg_range ORDER BY rngtypid" pg_range.tsv
q "SELECT * FROM pg_language ORDER BY oid" pg_language.tsv
q "SELECT oid, spcname, spcowner, NULL AS spcacl, spcoptions FROM pg_tablespace ORDER BY oid" pg_tablespace.tsv
q "SELECT * FROM pg_get_keywords() ORDER BY word" keywords.tsv
q "SELECT n.nspname, c.relname, c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN ('pg_catalog', 'information_schema') AND c.relkind IN ('r', 'v')
   ORDER BY 1, 2" catalog_relations.tsv
q "SELECT oid, nspname FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public', 'information_schema') ORDER BY oid" pg_namespace.tsv
q "SELECT n.nspname, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
          CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) ELSE format_type(a.atttypid, a.atttypmod) END AS base_type
   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   JOIN pg_type t ON t.oid = a.atttypid
   WHERE a.attnum > 0 AND NOT a.attisdropped
     AND n.nspname || '.' || c.relname IN ($relations)
   ORDER BY 1, 2, 3" columns.tsv
echo "wrote $out"
