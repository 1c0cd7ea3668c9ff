#!/usr/bin/env python3
"""Turns the statements a tool sent to PostgreSQL 15 into a captured file of PostgresCorpusIT.

How the files in cli/src/test/resources/pg-corpus/captured were recorded: a PostgreSQL 15 cluster
started with log_statement=all and log_line_prefix='%m [%p] ', a database of the tool's, the tool
run against it (see each file's header), then

    pg_log_statements.py postgresql.log > tool.json
    record_corpus.py tool.json 'construct label' > tool.sql

Every statement is kept, in order (a captured file replays one session). A statement sent with the
extended protocol gets its parameters (`-- params: [...]`, untyped text, nulls as null) and is
replayed as a prepared statement; one sent as a simple query is replayed as one. Statements the
replay cannot send (COPY ... FROM STDIN: the data is not in the log) are left out by hand, and a
documented difference is written on its entry by hand (`-- rhizome:`, `-- reason:`).
"""
import json
import re
import sys

statements = json.load(open(sys.argv[1]))
construct = sys.argv[2]
PARAM = re.compile(r"\$\d+ = (?:'((?:[^']|'')*)'|(NULL))")
for s in statements:
    sql = s["sql"].strip()
    if not sql:
        continue
    print("--")
    print("-- construct: " + construct)
    params = s.get("params")
    if s.get("extended"):
        values = []
        for m in PARAM.finditer(params or ""):
            values.append(None if m.group(2) else m.group(1).replace("''", "'"))
        print("-- params: " + json.dumps(values))
    print(sql)
