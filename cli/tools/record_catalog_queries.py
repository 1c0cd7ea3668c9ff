#!/usr/bin/env python3
"""Turns the statements a client sent to PostgreSQL 15 into a fixture of CatalogQueriesIT.

How the fixtures were recorded: a PostgreSQL 15 cluster with log_statement=all, the schema of
CatalogQueriesIT in a database, the client run against it (psql's describe commands, pgjdbc's
DatabaseMetaData calls, SQLAlchemy's inspector, psycopg 3's TypeInfo); then

    pg_log_statements.py postgresql.log > client.json
    record_catalog_queries.py client.json 'authors=16386,books=16395,...' > client.sql

Literal OIDs of the schema's relations become ${oid:name}, which the test resolves on each
server; each statement is kept once, with its parameters. Statements that are not about the
catalog or the session (BEGIN, the test's own queries) are left out by hand afterwards.
"""
import json
import re
import sys

statements = json.load(open(sys.argv[1]))
oids = dict(pair.split("=") for pair in sys.argv[2].split(",")) if len(sys.argv) > 2 else {}
by_oid = {v: k for k, v in oids.items()}
seen = set()
for s in statements:
    sql = s["sql"].strip().rstrip(";").strip()
    for oid, name in by_oid.items():
        sql = re.sub(r"\b" + oid + r"\b", "${oid:" + name + "}", sql)
    params = s.get("params")
    key = (sql, params)
    if key in seen:
        continue
    seen.add(key)
    print("--")
    if params:
        values = re.findall(r"\$\d+ = (?:'((?:[^']|'')*)'|NULL)", params)
        print("-- params: " + json.dumps([v.replace("''", "'") for v in values]))
    print(sql)
